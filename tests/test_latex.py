"""LaTeX appendices (`verify report DIR --latex OUT`, `Result.latex()`): the statement, the data
(bmatrix, shortened beyond 8 x 8), the certificate's witnesses with 1-based indices, the lemma of
each step; the document compiles when a LaTeX engine is installed."""

import os
import shutil
import subprocess

import pytest

import verify
from verify.cli import main
from verify.report import latex

CASES = """\
cases:
  - {id: t.rank, check: rank, matrix: [[1, 2, 3], [2, 4, 6], [1, "1/2", 0]], expect: {rank: 2}}
  - {id: t.det, check: determinant, matrix: [["x", 1], [1, "y"]], expect: {det: "x*y - 1"}}
  - {id: t.inertia, check: inertia, matrix: [[0, 1], [1, 0]], expect: {definiteness: indefinite}}
  - {id: t.detbool, check: boolean_determinant, matrix: [[0, 1], [1, 1]], expect: {detbool: 1}}
  - {id: t.hall, check: boolean_determinant, matrix: [[1, 0], [1, 0]]}
  - {id: t.solve, check: solve, matrix: [[1, 2], [2, 4]], rhs: [[1], [3]]}
  - {id: t.null, check: nullspace, matrix: [[1, 1, 1]]}
  - {id: t.big, check: rank, matrix: {random: {shape: [20, 20], low: -2, high: 2, seed: 1}}}
  - {id: t_under.score, check: rank, matrix: [[1]], title: "100% & $x_1$ ≥ 2 — Γ"}
  - {id: t.claim, check: claim, claim: hw.linear.f, params: {seed: 0}, expect: {verdict: confirmed}}
"""


@pytest.fixture(scope="module")
def tex(tmp_path_factory):
    d = tmp_path_factory.mktemp("latex")
    (d / "c.yaml").write_text(CASES, encoding="utf-8")
    old = os.getcwd()
    os.chdir(d)
    try:
        main(["run", "c.yaml", "--out", "out", "-q", "-j", "2"])
        assert main(["report", "out", "--latex", "tex"]) == 0
    finally:
        os.chdir(old)
    return d / "tex"


def read(tex, stem):
    return (tex / f"{stem}.tex").read_text(encoding="utf-8")


def test_one_fragment_per_case_and_a_document(tex):
    names = sorted(p.name for p in tex.glob("*.tex"))
    assert "appendix.tex" in names and len(names) == 11
    doc = (tex / "appendix.tex").read_text()
    assert doc.startswith("\\documentclass") and "\\input{t.rank.tex}" in doc and doc.endswith("\\end{document}\n")
    assert "\\input{t-under.score.tex}" in doc  # file names without underscores


def test_rank_fragment_has_statement_data_witnesses_and_lemmas(tex):
    t = read(tex, "t.rank")
    assert "\\subsection*{Case \\texttt{t.rank}}" in t
    assert "rank of M equals 2" in t and "\\operatorname{rank} M = 2" in t
    assert "\\begin{bmatrix}1 & 2 & 3 \\\\ 2 & 4 & 6 \\\\ 1 & \\frac{1}{2} & 0\\end{bmatrix}" in t
    assert "\\textbf{CONFIRMED}" in t
    cert_rows = [ob for ob in __import__("json").loads((tex.parent / "out" / "t.rank.cert.json").read_text())
                 ["obligations"] if ob["rule"] == "rank_ge"][0]
    one_based = "\\{" + ", ".join(str(i + 1) for i in cert_rows["rows"]) + "\\}"
    assert f"rows $I = {one_based}$" in t and str(cert_rows["prime"]) in t  # 1-based indices, the prime
    assert "kernel basis $N = \\begin{bmatrix}" in t
    assert "Rank--nullity" in t and "ring homomorphism" in t


def test_witnesses_of_every_rule(tex):
    assert "\\det M = xy - 1" in read(tex, "t.det")
    inertia = read(tex, "t.inertia")
    assert "P^{\\top} M P = L D L^{\\top}" in inertia and "Sylvester's law of inertia" in inertia
    assert "n_+(M) > 0" in inertia
    assert "\\sigma: 1 \\mapsto 2, 2 \\mapsto 1" in read(tex, "t.detbool")
    hall = read(tex, "t.hall")
    assert "violate Hall's condition" in hall and "K\\\"onig--Hall" in hall
    solve = read(tex, "t.solve")
    assert "has no solution" in solve and "Fredholm alternative" in solve
    claim = read(tex, "t.claim")
    assert "\\textbf{REFUTED}" in claim and "\\texttt{hw.linear.f}" in claim and "Sylvester's law" in claim


def test_large_matrices_are_shortened(tex):
    t = read(tex, "t.big")
    assert "the $20 \\times 20$ integer matrix" in t
    data = t.split("\\paragraph{Data.}")[1].split("\\paragraph{Certificate.}")[0]
    assert data.count("\\cdots") == 7 and data.count("\\vdots") == 7 and data.count("\\ddots") == 1
    assert max(row.count("&") for row in data.split("\\\\")) == 7  # 8 columns shown, within amsmath's 10


def test_special_characters_are_escaped(tex):
    t = read(tex, "t-under.score")
    assert "100\\% \\& \\$x\\_1\\$ \\ensuremath{\\geq} 2 --- \\ensuremath{\\Gamma}" in t


def test_result_latex_and_notebook_repr():
    r = verify.rank([[1, 2], [2, 4]], expect=1)
    frag = r.latex()
    assert "\\subsection*{Case \\texttt{python.rank}}" in frag and "\\begin{bmatrix}1 & 2 \\\\ 2 & 4\\end{bmatrix}" in frag
    assert r._repr_latex_() == "$\\operatorname{rank} \\begin{bmatrix}1 & 2 \\\\ 2 & 4\\end{bmatrix} = 1" \
                               "\\quad\\text{(CONFIRMED)}$"


def test_entries_and_expressions():
    assert latex.scalar_tex("-3/4") == "-\\frac{3}{4}"
    assert latex.scalar_tex(10 ** 50).endswith("(\\text{51 digits})")
    assert latex.poly_tex({"poly": [[-1, {}], [1, {"x_1_2": 2, "y": 1}]]}) == "x_{1,2}^{2}y - 1"
    assert latex.poly_tex({"poly": [["1/2", {"x": 1}]]}) == "\\frac{1}{2}x"
    assert latex.expr_tex({"ge": [{"rank": "AB"}, {"sub": [{"add": [{"rank": "A"}, 2]}, 1]}]}) == \
        "\\operatorname{rank} \\mathit{AB} \\geq \\operatorname{rank} A + 2 - 1"


LATEX = shutil.which("pdflatex") or shutil.which("lualatex")


@pytest.mark.skipif(not LATEX, reason="no LaTeX engine (apt-get install texlive-latex-base)")
def test_the_appendix_compiles(tex):
    out = subprocess.run([LATEX, "-interaction=nonstopmode", "-halt-on-error", "appendix.tex"], cwd=tex,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:]
    assert (tex / "appendix.pdf").stat().st_size > 10_000
