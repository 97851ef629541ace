"""Tests of the human reports (verify/report): files, HTML well-formedness, no network, escaping,
verdicts and values, plots, the index and its counts, byte-identical rebuilds."""

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_report_samples import HOSTILE_TITLE, RANK2, RANK2_BASIS, samples  # noqa: E402

from verify.report import ReportError, rebuild, write_case_report, write_index  # noqa: E402
from verify.report import words  # noqa: E402

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Checker(HTMLParser):
    """Collects tags, attributes, text and script bodies; records unbalanced tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.attrs, self.text = [], [], [], []
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag == "script":
            self._in_script = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parse(path):
    p = Checker()
    p.feed(Path(path).read_text(encoding="utf-8"))
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed tags: {p.stack}"
    return p


def no_network(p):
    """No attribute that a browser would fetch points outside the page; no external resources."""
    for tag, key, val in p.attrs:
        if key in ("src", "href", "action", "poster", "data", "srcset", "xlink:href"):
            assert not re.match(r"\s*(https?:|//|ftp:)", val or "", re.I), (tag, key, val)
        assert key != "src" or tag not in ("script", "img", "iframe", "link"), (tag, key, val)
    assert "link" not in p.tags and "iframe" not in p.tags and "img" not in p.tags


def write_all(out):
    pairs = samples()
    paths = [write_case_report(r, c, out) for r, c in pairs]
    index = write_index([r for r, _ in pairs], out)
    return pairs, paths, index


def test_every_page_exists_parses_and_stays_offline(tmp_path):
    pairs, paths, index = write_all(tmp_path)
    for (res, _), (md_path, html_path) in zip(pairs, paths):
        assert md_path == tmp_path / f"{res['id']}.md" and md_path.is_file()
        assert html_path == tmp_path / f"{res['id']}.html" and html_path.is_file()
        p = parse(html_path)
        no_network(p)
        assert "script" not in p.tags  # case pages need no script at all
        # pages whose certificate carries a small matrix (object rows, basis, L/D, witness) show MathML
        has_small_matrix = res["id"] in ("rank-refuted", "hess-inertia", "shen-prop2-small")
        assert ("math" in p.tags) == has_small_matrix, res["id"]
        text = " ".join(p.text)
        assert res["verdict"] in text
        assert res["verdict"] in md_path.read_text(encoding="utf-8")
    p = parse(index[1])
    no_network(p)
    assert all(not re.search(r"https?:", s) for s in p.scripts)
    assert "Content-Security-Policy" in index[1].read_text(encoding="utf-8")


def test_verdict_value_and_statement_in_words(tmp_path):
    pairs, paths, _ = write_all(tmp_path)
    by_id = {r["id"]: (r, Path(h)) for (r, _), (_, h) in zip(pairs, paths)}
    html = {k: " ".join(parse(h).text) for k, (_, h) in by_id.items()}
    assert "rank of M equals min(m, n) = 9 (full rank)" in html["kr-d3-full"]
    assert "rank = 9" in html["kr-d3-full"]
    assert "rank(M) ≥ 9: rows {1–9}, cols {1–9}" in html["kr-d3-full"]
    assert "rank(M) ≤ 9: trivially" in html["kr-d3-full"]
    # REFUTED: the exact value and the kernel basis obligation
    assert "rank = 2" in html["rank-refuted"]
    assert "M·N = 0 for an exact 3×1 kernel basis N" in html["rank-refuted"]
    assert "inertia (2, 2, 0)" in html["hess-inertia"]
    assert "D = diag(2, -1/3, [0 1; 1 0])" in html["hess-inertia"]
    assert "indefinite" in html["hess-inertia"]
    assert "perfect matching row → column 1→3, 2→1, 3→2" in html["gia-detbool-1"]
    assert "Hall violator, the 2 rows {1, 3} see only columns {2}" in html["gia-detbool-0"]
    # the claim: predicate in infix form, reported values, trusted base includes the claim's build
    assert "rank(P) ≥ 2·rank(Phi) − 1" in html["shen-prop2-small"]
    assert "build function of claim shen.prop2" in html["shen-prop2-small"]
    assert "fact “phi-bound”" in html["shen-prop2-small"]
    assert "at the point x = 3/2" in html["shen-prop2-small"]
    assert "smallest witness found: T = 4" in html["shen-prop2-small"]
    assert "build function" not in html["kr-d3-full"]
    assert "verify/kernel/" in html["kr-d3-full"] and "verify/cases/" in html["kr-d3-full"]
    # UNKNOWN and ERROR carry their reasons
    assert "time limit 60 s reached" in html["big-unknown"]
    assert "float literal 0.1" in html["bad-float"]
    assert "nothing was certified" in html["bad-float"] and "verify/kernel/" not in html["bad-float"]
    assert "certificate" not in html["bad-float"].split("Result", 1)[1].split("Trusted base", 1)[0]
    # versions and timings from cert.meta
    assert "python-flint" in html["kr-d3-full"] and "0.0123" in html["kr-d3-full"]


def test_small_matrices_are_shown_as_mathml_with_plain_fallback(tmp_path):
    pairs, paths, _ = write_all(tmp_path)
    html = dict((r["id"], Path(h).read_text(encoding="utf-8")) for (r, _), (_, h) in zip(pairs, paths))
    page = html["rank-refuted"]
    # the object M (its rows were included in the certificate) and the basis N, as MathML tables
    assert page.count("<mtable") == 2
    m = re.search(r'alttext="M = ([^"]*)"', page)
    assert m and all(str(x) in m.group(1) for row in RANK2["rows"] for x in row)
    assert "<mo>−</mo><mn>2</mn>" in page  # -2 of the basis (1, -2, 1)
    # a rational as <mfrac>, a polynomial with a power
    claim = html["shen-prop2-small"]
    assert "<mfrac><mn>1</mn><mn>2</mn></mfrac>" in claim
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in claim
    assert "2*x^2*y - 1/2" in claim  # plain-text fallback of the witness
    # the 5000 x 5000 object is not printed
    assert "<mtable" not in html["big-unknown"]


def test_shown_object_entries_are_compared_with_their_hash(tmp_path):
    res, cert = samples()[1]
    _, html_path = write_case_report(res, cert, tmp_path / "good")
    assert "entries match the sha256 in the certificate" in html_path.read_text(encoding="utf-8")
    cert["objects"]["M"]["matrix"]["rows"][2][2] = 10  # a display copy that is not the hashed matrix
    md_path, html_path = write_case_report(res, cert, tmp_path / "bad")
    assert "WARNING: these entries do not match the sha256 in the certificate" in html_path.read_text(encoding="utf-8")
    assert "WARNING" in md_path.read_text(encoding="utf-8")


def test_the_shown_basis_really_is_a_kernel_basis():
    """The sample data is consistent (the report restates a true certificate): M·N = 0."""
    for row in RANK2["rows"]:
        assert sum(a * b[0] for a, b in zip(row, RANK2_BASIS["rows"])) == 0


def test_hostile_title_is_escaped(tmp_path):
    res, cert = samples()[0]
    res["title"] = HOSTILE_TITLE
    res["notes"] = ["</li><script>x()</script>"]
    cert["objects"]["<b>M</b>"] = {"shape": [1, 1], "sha256": '"><script>', "kind": "integer",
                                   "rows": [["1/2"]]}
    md_path, html_path = write_case_report(res, cert, tmp_path)
    raw = html_path.read_text(encoding="utf-8")
    assert "<script>" not in raw and "<img" not in raw and "<b>M" not in raw
    p = parse(html_path)
    no_network(p)
    assert "script" not in p.tags and "img" not in p.tags and "b" not in p.tags
    assert HOSTILE_TITLE in " ".join(p.text)  # shown as text
    text = re.sub(r"`[^`]*`", "", md_path.read_text(encoding="utf-8"))  # code spans show text literally
    assert "<script>" not in text and "<img" not in text
    write_index([res], tmp_path)
    idx = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert idx.count("<script>") == 1  # only the filter script
    assert "&lt;script&gt;alert" in idx
    assert "<img" not in (tmp_path / "index.md").read_text(encoding="utf-8")


def test_hostile_id_cannot_escape_the_directory(tmp_path):
    res, cert = samples()[3]
    res["id"] = "../../etc/passwd"
    md_path, html_path = write_case_report(res, cert, tmp_path / "out")
    assert md_path.parent == tmp_path / "out" and html_path.parent == tmp_path / "out"


def test_svg_plots_appear_with_crosscheck_data(tmp_path):
    pairs, paths, _ = write_all(tmp_path)
    html = dict((r["id"], Path(h).read_text(encoding="utf-8")) for (r, _), (_, h) in zip(pairs, paths))
    kr = html["kr-d3-full"]
    assert kr.count("<svg") == 1
    svg_part = kr[kr.index("<svg"): kr.index("</svg>")]
    assert svg_part.count("<circle cx") == 9  # one per singular value (the legend mark has a class)
    assert "float tolerance 1.9e-14" in svg_part and "exact rank 9" in svg_part
    assert 'stroke-dasharray="6 4"' in svg_part  # the tolerance line
    # two backends: two plots, one zero singular value drawn as a triangle on the axis
    ref = html["rank-refuted"]
    assert ref.count("<svg") == 2 and "(1 exactly 0.0)" in ref
    assert "s-disagrees" in ref and "NVIDIA H100" in ref
    inert = html["hess-inertia"]
    bars = re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="(#[0-9a-f]{6})"', inert)
    assert sorted(bars) == sorted(["#c0392b", "#c0392b", "#27864a", "#27864a"])
    assert "exact inertia (2, 2, 0)" in inert
    # no cross-check data: no plot
    assert "<svg" not in html["gia-detbool-1"] and "<svg" not in html["bad-float"]


def test_plots_tolerate_missing_and_odd_data(tmp_path):
    res, cert = samples()[0]
    res["crosscheck"] = [{"backend": "float64"}, {"status": "too-close", "singular_values": [1.0, "nan", None, 0]},
                         "garbage", {"eigenvalues": [], "rank": 3}, {"singular_values": [0.0, 0.0]}]
    _, html_path = write_case_report(res, cert, tmp_path)
    p = parse(html_path)
    raw = html_path.read_text(encoding="utf-8")
    assert raw.count("<svg") == 2
    assert "too-close" in " ".join(p.text)


def test_singular_value_plot_geometry():
    """The tolerance line lies between the values above and below it; the rank marker lies
    between value r and value r+1 (SVG y grows downwards)."""
    from verify.report.svg import singular_values_svg
    sv = [100.0, 10.0, 1.0, 1e-9, 1e-15]
    out = singular_values_svg(sv, tolerance=1e-12, exact_rank=3)
    ys = [float(y) for y in re.findall(r'<circle cx="[^"]+" cy="([^"]+)"', out)]
    xs = [float(x) for x in re.findall(r'<circle cx="([^"]+)"', out)]
    assert ys == sorted(ys)  # descending values -> increasing y
    tol_y = float(re.search(r'<line x1="[^"]+" y1="([^"]+)"[^>]*stroke="#c0392b"', out).group(1))
    assert ys[3] < tol_y < ys[4]
    rank_x = float(re.search(r'<line x1="([^"]+)"[^>]*stroke="#27864a"', out).group(1))
    assert xs[2] < rank_x < xs[3]


def test_index_lists_every_case_and_counts_verdicts(tmp_path):
    pairs, _, (index_md, index_html) = write_all(tmp_path)
    results = [r for r, _ in pairs]
    expected = {v: sum(r["verdict"] == v for r in results) for v in words.VERDICTS}
    p = parse(index_html)
    rows = [v for t, k, v in p.attrs if t == "tr" and k == "data-verdict"]
    assert sorted(rows) == sorted(r["verdict"] for r in results)
    links = [v for t, k, v in p.attrs if t == "a" and k == "href" and v.endswith(".html")]
    assert links == sorted(f"{r['id']}.html" for r in results)  # sorted by id
    assert all((tmp_path / link).is_file() for link in links)
    badges = {v: None for v in words.VERDICTS}
    raw = index_html.read_text(encoding="utf-8")
    for v in words.VERDICTS:
        m = re.search(rf'data-filter-verdict="{v}">{v} (\d+)</a>', raw)
        badges[v] = int(m.group(1))
    assert badges == expected
    papers = {v for t, k, v in p.attrs if t == "tr" and k == "data-paper"}
    assert papers == {"shen", "kaw", "gia", "other"}
    mdtext = index_md.read_text(encoding="utf-8")
    assert all(f"[{words_md(r['id'])}]({r['id']}.html)" in mdtext for r in results)
    assert f"{len(results)} cases: " + ", ".join(f"{k} {n}" for k, n in expected.items()) in mdtext


def words_md(text):
    from verify.report.page import md
    return md(text)


def test_index_order_does_not_depend_on_input_order(tmp_path):
    results = [r for r, _ in samples()]
    write_index(results, tmp_path / "a")
    write_index(list(reversed(results)), tmp_path / "b")
    for name in ("index.md", "index.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_paper_from_claim_prefix_or_source_file_number():
    assert words.paper_of({"claim": "kaw.l41"})[0] == "kaw"
    assert words.paper_of({"claim": "hw.parity", "source": "004"})[0] == "hw"
    assert words.paper_of({"source": "000 (13)"})[0] == "shen"
    assert words.paper_of({"source": "see 004, Lemma 2"})[0] == "gia"
    assert words.paper_of({"source": "page 1004"})[0] == "other"
    assert words.paper_of({})[0] == "other"


def test_rebuild_reproduces_byte_identical_files(tmp_path):
    out = tmp_path / "out"
    pairs, paths, index = write_all(out)
    for res, cert in pairs:
        (out / f"{res['id']}.result.json").write_text(json.dumps(res, indent=1, sort_keys=True), encoding="utf-8")
        if cert is not None:
            (out / f"{res['id']}.cert.json").write_text(json.dumps(cert), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".md", ".html")}
    for p in out.iterdir():
        if p.suffix in (".md", ".html"):
            p.unlink()
    assert rebuild(out) == len(pairs)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".md", ".html")}
    assert after == before
    assert len(before) == 2 * len(pairs) + 2


def test_rebuild_reports_unreadable_files(tmp_path):
    (tmp_path / "x.result.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ReportError, match="x.result.json"):
        rebuild(tmp_path)
    with pytest.raises(ReportError, match="not a directory"):
        rebuild(tmp_path / "missing")


def test_words_helpers():
    assert words.index_list([0, 1, 2, 3, 5, 7, 8, 9]) == "{1–4, 6, 8–10}"
    assert words.index_list([4, 5]) == "{5, 6}"
    assert words.entry_text({"poly": [[1, {"x": 1, "y": 2}], ["-1/2", {}]]}) == "x*y^2 - 1/2"
    assert words.entry_text({"poly": [[-1, {"a": 1}], [3, {"b": 2}]]}) == "-a + 3*b^2"
    assert words.expr_text({"sub": [1, {"sub": [2, 3]}]}) == "1 − (2 − 3)"
    assert words.expr_text({"mul": [{"add": [1, 2]}, 3]}) == "(1 + 2)·3"
    assert words.expr_text({"implies": [{"and": [True, {"fact": "f"}]}, {"not": {"eq": [1, 1]}}]}) \
        == "true ∧ fact “f” ⇒ ¬(1 = 1)"
    long = "9" * 300
    assert "(300 characters)" in words.value_text({"det": long})
    cert = {"objects": {"M": {"shape": [9, 7]}}}
    assert words.expect_text({"check": "rank", "expect": {"rank": "full"}}, cert) \
        == "rank of M equals min(m, n) = 7 (full rank)"
    assert words.expect_text({"check": "rank", "expect": {"rank": ">= 4"}}) == "rank of M is at least 4"
    assert words.expect_text({"check": "determinant", "expect": {"det": "nonzero"}}).startswith("det(M) ≠ 0")
    assert "Sylvester" in words.expect_text({"check": "rank_inequality", "params": {"inequality": "sylvester"},
                                             "expect": {"holds": True}})
    assert words.expect_text({"check": "rank"}).startswith("no statement")


def _browser():
    for name in ("chromium", "chromium-headless-shell", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.skipif(_browser() is None, reason="no chromium / chromium-headless-shell on PATH")
def test_index_renders_in_headless_chromium(tmp_path):
    out = tmp_path / "out"
    write_all(out)
    cmd = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", (out / "index.html").as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=25, env=dict(os.environ)).stdout
    assert '<table id="cases"' in dom
    assert dom.count("data-verdict=") == len(samples())
    assert 'id="shown">8<' in dom  # the filter script ran and counted every row


def _legend_box(svg_text):
    m = re.search(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" fill="#fff" fill-opacity', svg_text)
    x, y, w, hgt = map(float, m.groups())
    return x, y, x + w, y + hgt


def test_legend_avoids_the_data():
    from verify.report.svg import eigenvalues_svg, singular_values_svg
    flat = singular_values_svg([1.0] * 6, tolerance=1e-15, exact_rank=6)  # every point near the top
    x0, y0, x1, y1 = _legend_box(flat)
    for cx, cy in re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', flat):
        assert not (x0 <= float(cx) <= x1 and y0 <= float(cy) <= y1)
    pd = eigenvalues_svg([1.0, 2.0, 3.0, 4.0, 5.0], tolerance=1e-14)  # every bar goes up
    x0, y0, x1, y1 = _legend_box(pd)
    for bx, by, bw, bh in re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" fill="#27864a"', pd):
        bx, by, bw, bh = map(float, (bx, by, bw, bh))
        assert bx + bw <= x0 or bx >= x1 or by + bh <= y0 or by >= y1


def test_error_record_without_id_gets_the_runners_file_stem(tmp_path):
    res, _ = samples()[3]
    res["id"], res["file"] = "-", "cases/sub/broken file.yaml"
    md_path, html_path = write_case_report(res, None, tmp_path)
    assert md_path.name == "error-broken_file.yaml.md" and html_path.name == "error-broken_file.yaml.html"
    write_index([res], tmp_path)
    assert 'href="error-broken_file.yaml.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_minimal_and_odd_records_still_give_pages(tmp_path):
    for k, (res, cert) in enumerate([({}, None), ({"id": "w", "verdict": "WEIRD", "value": [1, 2]}, None),
                                     ({"id": "v", "verdict": "UNKNOWN", "notes": "one line"},
                                      {"obligations": [{"rule": "sturm", "poly": [1, 2]}, "junk"],
                                       "objects": {"M": "junk"}, "meta": {"seconds": 3}})]):
        md_path, html_path = write_case_report(res, cert, tmp_path / str(k))
        parse(html_path)
        assert md_path.read_text(encoding="utf-8").startswith("# ")
    text = (tmp_path / "2" / "v.md").read_text(encoding="utf-8")
    assert "Sturm sequence fact: a root count" in text and "one line" in text
    write_index([{}, {"id": "w", "verdict": "WEIRD"}], tmp_path / "i")
    parse(tmp_path / "i" / "index.html")


def test_rank_at_statement_names_the_point():
    cert = {"params": {"point": {"y": 3, "x": "1/2"}}, "objects": {"M_at": {"shape": [4, 6]}}}
    assert words.expect_text({"check": "rank_at", "expect": {"rank": "full"}}, cert) == \
        "rank of M_at (M at the point x = 1/2, y = 3) equals min(m, n) = 4 (full rank)"


def test_report_package_uses_the_standard_library_only():
    code = ("import sys, verify.report; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('numpy', 'sympy', 'flint', 'networkx', 'yaml') or m.startswith(('verify.engines', 'verify.claims'))); "
            "print(bad); sys.exit(1 if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert run.returncode == 0, run.stdout + run.stderr


def test_key_order_of_the_records_does_not_matter(tmp_path):
    """The runner writes records with sorted keys; the pipeline passes them in insertion order."""
    res, cert = samples()[-1]
    res["value"] = {"rhs": 3, "lhs": 3, "holds": True, "ranks": {"B": 1, "A": 2}}
    shuffled = json.loads(json.dumps(res, sort_keys=True))
    write_case_report(res, cert, tmp_path / "a")
    write_case_report(shuffled, json.loads(json.dumps(cert, sort_keys=True)), tmp_path / "b")
    for name in ("shen-prop2-small.md", "shen-prop2-small.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert "holds = true; lhs = 3; rhs = 3; ranks: A = 2, B = 1" in (tmp_path / "a" / "shen-prop2-small.md").read_text()


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH")
def test_index_filter_script_filters_rows(tmp_path):
    """Run the index's inline script under node with a minimal stand-in for the DOM."""
    _, _, (_, index_html) = write_all(tmp_path)
    p = parse(index_html)
    rows = [dict(a) for a in _row_attrs(index_html)]
    badges = [v for t, k, v in p.attrs if k == "data-filter-verdict"]
    harness = """
const ROWS = %s, BADGES = %s;
const rows = ROWS.map(a => ({hidden: false, getAttribute(k) { return a[k]; }, a}));
const listeners = {};
const el = id => ({value: '', textContent: '', addEventListener(ev, fn) { (listeners[id] = listeners[id] || []).push(fn); }});
const els = {'filter-verdict': el('filter-verdict'), 'filter-paper': el('filter-paper'), 'shown': el('shown')};
const badges = BADGES.map(v => ({getAttribute(k) { return v; }, addEventListener(ev, fn) { this.fn = fn; }}));
global.document = {getElementById: id => els[id], querySelectorAll: s => s.indexOf('tbody') >= 0 ? rows : badges};
const visible = () => rows.filter(r => !r.hidden).map(r => r.a['data-verdict'] + '/' + r.a['data-paper']);
const out = [];
%s
out.push([els.shown.textContent, visible()]);
els['filter-verdict'].value = 'CONFIRMED'; listeners['filter-verdict'].forEach(f => f());
out.push([els.shown.textContent, visible()]);
els['filter-paper'].value = 'gia'; listeners['filter-paper'].forEach(f => f());
out.push([els.shown.textContent, visible()]);
els['filter-paper'].value = ''; badges[BADGES.indexOf('REFUTED')].fn.call(badges[BADGES.indexOf('REFUTED')], {preventDefault() {}});
out.push([els.shown.textContent, visible()]);
console.log(JSON.stringify(out));
""" % (json.dumps(rows), json.dumps(badges), "".join(p.scripts))
    (tmp_path / "h.js").write_text(harness, encoding="utf-8")
    run = subprocess.run(["node", str(tmp_path / "h.js")], capture_output=True, text=True, timeout=20)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    everything = [f"{r['data-verdict']}/{r['data-paper']}" for r in rows]
    assert out[0] == [str(len(rows)), everything]
    confirmed = [x for x in everything if x.startswith("CONFIRMED/")]
    assert out[1] == [str(len(confirmed)), confirmed]
    assert out[2] == [str(sum(x.endswith("/gia") for x in confirmed)), [x for x in confirmed if x.endswith("/gia")]]
    assert out[3][1] == [x for x in everything if x.startswith("REFUTED/")]


def _row_attrs(index_html):
    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows = []

        def handle_starttag(self, tag, attrs):
            if tag == "tr" and any(k == "data-verdict" for k, _ in attrs):
                self.rows.append(attrs)
    r = Rows()
    r.feed(Path(index_html).read_text(encoding="utf-8"))
    return r.rows
