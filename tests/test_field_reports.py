"""Field reports (cases/field-reports/): tool failures from public issue trackers, certified exactly.

Every case runs through `verify.pipeline.run_case` and its certificate is re-checked by the
independent checker; the certified values are pinned here, and the ones that rest on an encoding
(the real form of a Gaussian-rational matrix, float32 data written as dyadic rationals) are
recomputed from the report's own matrix by other means (sympy over Q(i), Descartes' rule on the
characteristic polynomial).  The README section "What exact arithmetic settles" must equal the
generated text, so a changed case or value cannot leave it stale.
"""

import json
import os
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from verify.checker import check_file
from verify.crosscheck import OPTIONAL_BACKENDS, arrays, get_ops, run_crosscheck
from verify.kernel.exact import Matrix
from verify.report import field_reports as fr

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(fr.CASES_DIR, "scripts"))
import make_data  # noqa: E402  (the committed conversion script: the reports' matrices as printed)

# Certified values, each also argued in the case's notes and, where marked, recomputed below.
EXPECTED = {
    "field.numpy-19372": {"rank": 0},            # M^2 = 0: M nilpotent
    "field.numpy-28716": {"rank": 1},
    "field.pytorch-25972": {"inertia": [9, 1, 0]},   # recomputed (Descartes)
    "field.pytorch-41688": {"inertia": [2, 0, 1]},
    "field.pytorch-122185": {"inertia": [1, 0, 2]},
    "field.pytorch-161769": {"rank": 1},
    "field.scipy-11108": {"inertia": [3, 0, 0]},
    "field.sympy-9480": {"rank": 2},             # rank 1 over Q(sqrt 2)
    "field.sympy-11238": {"rank": 2},            # rank 1 over Q(t, sqrt 3)
    "field.sympy-11434": {"rank": 4},
    "field.sympy-15872": {"rank": 4},            # rank 2 over Q(i), recomputed
    "field.sympy-16823": {"rank": 16},           # rank 8 over Q(i), recomputed
    "field.tensorflow-97102": {"rank": 1},
}


@pytest.fixture(scope="module")
def cases():
    return fr.load_cases()


@pytest.fixture(scope="module")
def run(cases, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("field-reports"))
    return fr.run_cases(cases, out_dir=out)


# ------------------------------------------------------------------------------- the cases
def test_at_least_six_reports_each_citing_its_tracker_entry(cases):
    assert len(cases) >= 6
    assert sorted(c.id for c in cases) == sorted(EXPECTED)
    seen = set()
    for c in cases:
        s = fr.parse_source(c.source)  # 'owner/repo#N "title", https://github.com/owner/repo/issues/N'
        assert s["url"].endswith(f"/{s['number']}") and f"/{s['repo']}/" in s["url"], c.id
        assert (s["repo"], s["number"]) not in seen, c.id  # one case per report
        seen.add((s["repo"], s["number"]))
        assert fr.note(c, "reported") and fr.note(c, "exact"), c.id
        assert c.expect is not None and "float64" in c.crosscheck, c.id
        assert c.id == "field." + os.path.splitext(os.path.basename(c.file))[0], c.id


def test_every_report_is_certified_and_rechecked(run):
    for cid, r in run.items():
        assert r["verdict"] == "CONFIRMED", (cid, r.get("reason"))
        assert r["value"] == EXPECTED[cid], cid
        assert os.path.basename(r["certificate"]) == f"{cid}.cert.json"
        checked = check_file(r["certificate"], case_root=ROOT)  # the independent kernel
        assert checked["verdict"] == "CONFIRMED" and checked["value"] == EXPECTED[cid], cid


def test_a_wrong_statement_would_be_refuted(cases, tmp_path):
    """The verdicts can fail: the float tool's answer, stated as the claim, is REFUTED."""
    from dataclasses import replace

    from verify.pipeline import run_case

    by_id = {c.id: c for c in cases}
    wrong = {"field.numpy-28716": {"rank": 2}, "field.sympy-15872": {"rank": 6},   # sympy's 3 over Q(i)
             "field.pytorch-41688": {"inertia": [2, 1, 0]}}
    for cid, expect in wrong.items():
        r = run_case(replace(by_id[cid], expect=expect), out_dir=str(tmp_path), crosscheck=False)
        assert r["verdict"] == "REFUTED" and r["value"] == EXPECTED[cid], cid


# ------------------------------------------------------- recomputed from the reports' matrices
def _rank_qqi(rows):
    from sympy import QQ_I
    from sympy.polys.matrices import DomainMatrix

    return DomainMatrix.from_Matrix(sp.Matrix(rows).applyfunc(sp.expand)).convert_to(QQ_I).rank()


def test_gaussian_reports_recomputed_over_qi(run):
    # sympy #15872: B = A - i I, rank(B^3) = 2 (and B: 3, B^2: 2), the real form has twice the rank
    A = sp.Matrix([[1, 1, 1, 0], [-2, -1, 0, -1], [0, 0, -1, -1], [0, 0, 2, 1]])
    B = A - sp.I * sp.eye(4)
    assert [_rank_qqi(B ** k) for k in (1, 2, 3)] == [3, 2, 2]
    assert run["field.sympy-15872"]["value"]["rank"] == 2 * 2
    # sympy #16823: the report's T (as the conversion script holds it) has rank 8
    T = [[sp.S(e) for e in line.strip("[]").split(",")] for line in make_data.SYMPY_16823.split()]
    assert _rank_qqi(T) == 8
    assert run["field.sympy-16823"]["value"]["rank"] == 2 * 8


def test_sqrt2_report_recomputed():
    # sympy #9480: the second row is sqrt(2)/2 times the first; det = 0 and the matrix is not 0
    r2 = sp.sqrt(2)
    m = sp.Matrix([[-5 + 5 * r2, -5], [-5 * r2 / 2 + 5, -5 * r2 / 2]])
    assert sp.simplify(m.det()) == 0 and sp.simplify(m.row(1) - r2 / 2 * m.row(0)) == sp.zeros(1, 2)


def _descartes_inertia(rows):
    """(n+, n-, n0) of a rational symmetric matrix from its characteristic polynomial: the roots
    are real, so Descartes' rule of signs counts the positive (and, at -x, negative) ones exactly."""
    coeffs = sp.Matrix(rows).charpoly().all_coeffs()
    z = 0
    while coeffs[-1 - z] == 0:
        z += 1
    q = coeffs[:len(coeffs) - z]

    def changes(c):
        s = [x for x in c if x != 0]
        return sum(1 for a, b in zip(s, s[1:]) if (a > 0) != (b > 0))

    d = len(q) - 1
    return [changes(q), changes([c * (-1) ** (d - i) for i, c in enumerate(q)]), z]


def test_float32_report_recomputed_from_its_literals():
    # pytorch #25972: the literals as printed, their float64 and float32 roundings: one negative
    # eigenvalue in each (so the exact answer does not hinge on how the report's floats were read)
    text = [line.split(",") for line in make_data.PYTORCH_25972.split()]
    f32 = [[sp.Rational(Fraction(float(np.float32(float(s))))) for s in r] for r in text]
    assert _descartes_inertia(f32) == [9, 1, 0]
    assert _descartes_inertia([[sp.Rational(s) for s in r] for r in text]) == [9, 1, 0]
    # and the data file is the float32 rounding
    path = os.path.join(fr.CASES_DIR, "data", "pytorch-25972-float32.csv")
    rows = [[Fraction(x) for x in line.split(",")] for line in open(path) if not line.startswith("#")]
    assert rows == [[Fraction(x) for x in r] for r in f32]


# ------------------------------------------------------------------------ the README section
def test_readme_section_is_current(cases, run):
    with open(os.path.join(ROOT, "README.md")) as f:
        readme = f.read()
    block = fr.readme_block(readme)
    assert block is not None, "README.md lacks the field-reports section"
    assert block == fr.block(cases, run), (
        "README section is stale: run `python -m verify.report.field_reports --write README.md`")
    for cid in EXPECTED:
        assert f"[reports/{cid}.cert.json](reports/{cid}.cert.json)" in block
    assert fr.HEADING in block


def test_section_changes_with_the_results(cases, run):
    block = fr.block(cases, run)
    changed = {k: dict(v) for k, v in run.items()}
    changed["field.numpy-28716"]["value"] = {"rank": 2}
    changed["field.sympy-9480"]["verdict"] = "REFUTED"
    other = fr.block(cases, changed)
    rows = {line.split("]")[0]: line for line in other.splitlines() if line.startswith("| [")}
    assert other != block
    assert "| CONFIRMED: `rank 2`; rank 1:" in rows["| [numpy #28716"]  # the run's value, not the file's
    assert "| REFUTED: `rank 2`;" in rows["| [sympy #9480"]
    assert "NOT RUN" in fr.block(cases, {})


def test_section_from_a_run_results_file(cases, run, tmp_path):
    path = tmp_path / "run.jsonl"
    path.write_text("".join(json.dumps({k: r[k] for k in ("id", "verdict", "value")}) + "\n" for r in run.values()))
    assert fr.block(cases, fr.read_results(str(path))) == fr.block(cases, run)
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{fr.BEGIN}\nold\n{fr.END}\n\ntail\n")
    assert fr.main(["--results", str(path), "--write", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("# x\n\n") and text.endswith("\ntail\n") and fr.readme_block(text) == fr.block(cases, run)


def test_markdown_escaping():
    assert fr.md_text("a*b_c | <x>") == "a\\*b\\_c \\| &lt;x>"
    assert fr.md_text("see `matrix_rank(a*b)` now_") == "see `matrix_rank(a*b)` now\\_"
    with pytest.raises(ValueError):
        fr.parse_source("sympy #9480")
    assert fr.wrap("a" * 99 + " b c") == "a" * 99 + "\nb c"
    assert "\n" not in fr.wrap("a" * 99 + " - b c")  # the second line would start a list: left unwrapped


# -------------------------------------------------------------------------- torch cross-check
def test_torch_backend_absent_is_a_skipped_entry(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    assert not arrays.torch_installed()
    for name in OPTIONAL_BACKENDS:
        (e,) = run_crosscheck(Matrix.from_rows([[1, 1], [1, 1]]), "rank", {"rank": 1}, backends=(name,))
        assert e["backend"] == name and e["status"] == "too-close" and "not installed" in e["skipped"]
    with pytest.raises(ValueError, match="known backends: float64, gpu, torch, torch-float32"):
        get_ops("float16")


def test_importing_and_cross_checking_does_not_import_torch():
    code = ("import sys; from verify.crosscheck import run_crosscheck; from verify.kernel.exact import Matrix;"
            "run_crosscheck(Matrix.from_rows([[1, 2], [3, 4]]), 'rank', {'rank': 2});"
            "import verify.pipeline, verify.report.field_reports; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_torch_backends_when_installed():
    torch = pytest.importorskip("torch")
    H = Matrix.from_rows([[Fraction(1, i + j + 1) for j in range(12)] for i in range(12)])
    f64, t64, t32 = run_crosscheck(H, "rank", {"rank": 12}, backends=("float64", "torch", "torch-float32"))
    assert t64["library"].startswith("torch ") and t64["device"] == "cpu" and t32["dtype"] == "float32"
    eps32 = float(torch.finfo(torch.float32).eps)
    assert t32["tolerance"] == pytest.approx(t32["sigma_max"] * 12 * eps32)
    assert t64["tolerance"] == pytest.approx(f64["tolerance"], rel=1e-6)
    assert t32["rank"] < t64["rank"] < 12 and t32["status"] == t64["status"] == "disagrees"
    assert t32["rank_torch_source"] == "torch.linalg.matrix_rank"
    (e,) = run_crosscheck(Matrix.from_rows([[Fraction(1, 10 ** 50), 0], [0, 1]]), "inertia", {"inertia": [2, 0, 0]},
                          backends=("torch-float32",))
    assert e["underflow_float32"] == 1 and "flush to 0 in float32" in e["note"]
