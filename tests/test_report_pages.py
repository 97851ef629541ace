"""The reader-facing parts of the reports: the finding first, grouped obligations, 1-based
indices, cross-checks in words (emulated GPU labelled), $...$ as MathML, plot layout, sweep pages,
and the errata per paper.  Expected answers are written by hand from the records below."""

import copy
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_report_samples import samples  # noqa: E402

from verify.report import mathml, rebuild, svg, words, write_case_report, write_index  # noqa: E402
from verify.report.page import case_view, render_html  # noqa: E402


def _sample(case_id):
    return copy.deepcopy(next((r, c) for r, c in samples() if r["id"] == case_id))


def _text(html):
    return re.sub(r"<[^>]+>", " ", html)


def test_refuted_page_leads_with_claim_holds_counterexample_and_why(tmp_path):
    res, cert = _sample("rank-refuted")
    res["notes"] = ["The third row is the sum of the first two minus... so rank 2 < 3."]
    res["expect"] = cert["expect"] = {"verdict": "confirmed"}
    _, html_path = write_case_report(res, cert, tmp_path)
    html = html_path.read_text(encoding="utf-8")
    order = [html.index(x) for x in ('id="finding"', "The claim:", 'id="holds"', 'id="counterexample"',
                                     'id="why"', 'id="verified"', 'id="crosscheck"', "<h2>Statement</h2>",
                                     "<h2>Objects</h2>")]
    assert order == sorted(order)
    assert "The statement is false on this instance: rank = 2." in _text(html)
    assert "the paper's statement holds on this instance" not in html
    assert "the case expects the paper's statement to hold" in html.replace("&#x27;", "'")
    # the counterexample (M, 3 x 3) is shown once, in the finding, not again under Matrices
    assert html.count('alttext="M = ') == 1 and html.index('alttext="M = ') < html.index('id="why"')


def test_repeated_obligations_are_grouped_and_indices_are_one_based(tmp_path):
    res, cert = _sample("rank-refuted")
    cert["obligations"] = [{"rule": "sturm", "poly": [1, 0, -2], "lo": "0", "hi": "2", "lo_closed": True,
                            "hi_closed": False} for _ in range(8)] + cert["obligations"]
    _, html_path = write_case_report(res, cert, tmp_path)
    html = html_path.read_text(encoding="utf-8")
    assert "8 Sturm sequence facts:" in html
    assert html.count("Sturm sequence fact: a root count") == 1 and "(×8)" in html
    assert "checked by the kernel rule of that name" not in html
    assert "rows {1, 2}, cols {1, 2}" in html  # rows [0, 1] of the certificate, shown 1-based
    assert "0-based" not in html and "Indices are 1-based" in html
    md = (tmp_path / "rank-refuted.md").read_text(encoding="utf-8")
    assert "8 Sturm sequence facts:" in md and md.count("Sturm sequence fact: a root count") == 1


def test_group_obligations_keeps_few_and_caps_many():
    few = [("a", "rank_ge"), ("b", "rank_ge")]
    assert words.group_obligations(few) == [(None, ["a"]), (None, ["b"])]
    many = [(f"t{i}", "rank_ge") for i in range(10)] + [("d", "det")]
    groups = words.group_obligations(many)
    assert groups[0][0] == "10 rank lower bounds" and groups[0][1][:6] == [f"t{i}" for i in range(6)]
    assert groups[0][1][6] == "… and 4 more of this kind (in the certificate)" and groups[1] == (None, ["d"])
    assert words.perm_text([1, 0, 2]) == "[2, 1, 3]"


def test_crosscheck_in_words_without_raw_field_names_and_emulated_gpu_labelled(tmp_path):
    res, cert = _sample("rank-refuted")
    res["crosscheck"] = [
        {"backend": "gpu", "device": "cpu (no GPU present: numpy emulation)", "check": "inertia", "dtype": "float64",
         "library": "numpy 2.4.6", "inertia": [2, 0, 1], "exact_inertia": [2, 0, 1], "inertia_no_tolerance": [3, 0, 0],
         "near_tolerance": 1, "tolerance": 1e-14, "status": "too-close", "eigenvalues": [-1e-16, 1.0, 2.0]}]
    _, html_path = write_case_report(res, cert, tmp_path)
    text = _text(html_path.read_text(encoding="utf-8"))
    for raw in ("inertia_no_tolerance", "near_tolerance", "exact_inertia"):
        assert raw not in text
    assert "float inertia from plain eigenvalue signs" in text and "eigenvalues within the tolerance of 0" in text
    assert "gpu (numpy emulation, no GPU)" in text
    assert ("finds inertia (2, 0, 1) with tolerance 1e-14 (plain eigenvalue signs give (3, 0, 0)); "
            "the exact inertia is (2, 0, 1): too close to call") in text
    write_index([res], tmp_path)
    assert "gpu (numpy emulation, no GPU): too-close" in (tmp_path / "index.html").read_text(encoding="utf-8")
    # a real GPU keeps its plain name
    assert "emulation" not in case_view(*_sample("rank-refuted"))["crosscheck"][1][0][0][1]


def test_tex_in_titles_becomes_mathml_and_stays_escaped(tmp_path):
    html = mathml.text_with_math(r"rank $\frac{1}{2} W_{k}^{\top} \le \min\{n, l\}$ and <b> $x<y$ 5$")
    assert "<mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac>" in html
    assert "<msubsup><mrow><mi>W</mi></mrow><mrow><mi>k</mi></mrow><mrow><mo>⊤</mo></mrow></msubsup>" in html
    assert "<mo>≤</mo>" in html and "&lt;b&gt;" in html and "<b>" not in html and "<mo>&lt;</mo>" in html
    assert html.endswith(" 5$")  # an unpaired dollar is text
    assert mathml.text_with_math("cost ${n} x ${m}") == "cost ${n} x ${m}"  # sweep templates are not TeX
    res, cert = _sample("rank-refuted")
    res["title"] = r"$\operatorname{rank}(M) = 3$ for the counting matrix"
    _, html_path = write_case_report(res, cert, tmp_path)
    page = html_path.read_text(encoding="utf-8")
    assert '<h1><math alttext="\\operatorname{rank}(M) = 3">' in page
    assert "<title>rank-refuted: REFUTED</title>" in page


def _label_ys(svg_text):
    return [float(y) for y in re.findall(r'<text x="[^"]+" y="([^"]+)" text-anchor="end"', svg_text)]


def test_eigenvalue_plot_labels_do_not_overlap_and_legend_has_marks():
    plot = svg.eigenvalues_svg([-3e-15, 1e-15, 2.0, 5.0, 1e6], tolerance=2e-14, exact_inertia=[3, 0, 2])
    ys = sorted(_label_ys(plot))
    assert len(ys) >= 3 and all(b - a >= svg.MIN_GAP for a, b in zip(ys, ys[1:]))
    assert plot.count('class="legend-mark"') == 3  # positive, negative and near-zero bars
    sv = svg.singular_values_svg([3.0, 2.0, 1.0], tolerance=1e-15, exact_rank=3)
    assert '<circle class="legend-mark"' in sv


def test_legend_goes_below_when_the_data_fills_every_corner():
    legend, extra = svg._legend([("#000", "dot", "a"), ("#111", "bar", "b")], [(0, 0, svg.W, svg.H)])
    m = re.search(r'<rect x="([^"]+)" y="([^"]+)" width="[^"]+" height="([^"]+)" fill="#fff"', legend)
    assert float(m.group(2)) >= svg.H and extra >= float(m.group(3))  # below the plot, and the picture grows
    legend, extra = svg._legend([("#000", "dot", "a")], [])
    assert extra == 0 and 'y="32"' in legend  # a free corner: inside the plot (top right)


def _sweep_records():
    out = []
    for k, verdict in enumerate(("CONFIRMED", "REFUTED", "CONFIRMED")):
        res, _ = _sample("kr-d3-full")
        res.update(id=f"sw.d{k}", verdict=verdict, sweep={"id": "sw", "params": {"d": k}})
        out.append(res)
    return out


def test_one_page_per_sweep_linked_from_the_index(tmp_path):
    write_index(_sweep_records(), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="sweep-sw.html"' in index
    page = (tmp_path / "sweep-sw.html").read_text(encoding="utf-8")
    assert [m for m in re.findall(r'href="(sw\.d\d)\.html"', page)] == ["sw.d0", "sw.d1", "sw.d2"]
    assert "d = 1" in page and "CONFIRMED 2" in page and "REFUTED 1" in page
    assert "[sw](sweep-sw.md)" in (tmp_path / "index.md").read_text(encoding="utf-8")
    assert (tmp_path / "sweep-sw.md").read_text(encoding="utf-8").count("| [sw.d") == 3


def _paper_records(tmp_path):
    """Three REFUTED cases of claim shen.x (witnesses 3x3, 2x2 and none), one CONFIRMED (the
    corrected statement), one REFUTED case of no paper."""
    res, cert = _sample("rank-refuted")
    recs = []
    for cid, shape in (("shen-x-big", [3, 3]), ("shen-x-small", [2, 2]), ("shen-x-nocert", None)):
        r, c = copy.deepcopy(res), copy.deepcopy(cert)
        r.update(id=cid, claim="shen.x", check="claim", source="001 (7)", title="Eq. 7 as printed: $a \\le b$",
                 notes=[f"why {cid}"], value={"holds": False})
        if shape:
            c["objects"] = {"M": {"shape": shape, "sha256": "x"}, "N": {"shape": [1, 1], "sha256": "y"}}
            (tmp_path / f"{cid}.cert.json").write_text(json.dumps(c), encoding="utf-8")
        recs.append(r)
    fixed = copy.deepcopy(res)
    fixed.update(id="shen-x-fixed", claim="shen.x", check="claim", source="001 (7)", verdict="CONFIRMED",
                 title="Eq. 7 with the factor 1/T", value={"holds": True})
    other = copy.deepcopy(res)
    other.update(id="demo-refuted", source="test")
    return recs + [fixed, other]


def test_errata_list_refuted_statements_with_the_smallest_witness(tmp_path):
    records = _paper_records(tmp_path)
    write_index(records, tmp_path)
    md = (tmp_path / "errata" / "shen.md").read_text(encoding="utf-8")
    assert md.count("\n## ") == 1  # one statement (claim shen.x), refuted three times
    assert "smallest counterexample: case [shen-x-small](../shen-x-small.html) (largest object 2×2, 2 objects)" in md
    assert "[shen-x-small.cert.json](../shen-x-small.cert.json)" in md and "why: why shen-x-small" in md
    assert "also refuted on: [shen-x-big](../shen-x-big.html), [shen-x-nocert](../shen-x-nocert.html)" in md
    assert "[shen-x-fixed](../shen-x-fixed.html): Eq. 7 with the factor 1/T" in md
    assert not (tmp_path / "errata" / "other.md").exists() and "demo-refuted" not in md
    html = (tmp_path / "errata" / "shen.html").read_text(encoding="utf-8")
    assert 'href="../shen-x-small.cert.json"' in html and '<math alttext="a \\le b">' in html
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="errata/shen.html"' in index and "(1 false statement)" in index
    assert "(errata/shen.md)" in (tmp_path / "index.md").read_text(encoding="utf-8")


def test_errata_are_rebuilt_byte_for_byte(tmp_path):
    records = _paper_records(tmp_path)
    for r in records:
        (tmp_path / f"{r['id']}.result.json").write_text(json.dumps(r), encoding="utf-8")
    rebuild(tmp_path)
    first = {p.name: p.read_bytes() for p in (tmp_path / "errata").iterdir()}
    rebuild(tmp_path)
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "errata").iterdir()} and len(first) == 2


def test_a_page_without_a_paper_or_a_refutation_has_no_errata(tmp_path):
    res, _ = _sample("kr-d3-full")
    write_index([res], tmp_path)
    assert not (tmp_path / "errata").exists()
    assert "Errata by paper" not in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert render_html(case_view(res, None)).count('id="finding"') == 1
