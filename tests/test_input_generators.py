"""The named matrices papers use, as matrix sources of case files (trusted builders in
`verify/builders/matrices.py`), compared with independent constructions (sympy, networkx, numpy),
and shapes driven by sweep parameters (`sweep: {n: [1..12]}` with `matrix: {hilbert: n}`)."""

import json
from fractions import Fraction
import os

import networkx as nx
import numpy as np
import pytest
import sympy

from verify.cases import build_objects, load_file
from verify.checker import check_file
from verify.cli import main


def matrix(tmp_path, form, check="rank", extra=""):
    f = tmp_path / "c.yaml"
    f.write_text(f"id: g\ncheck: {check}\nmatrix: {form}\n{extra}")
    (case,) = load_file(str(f))
    M = build_objects(case)["M"]
    return sympy.Matrix(M.nrows, M.ncols, [sympy.sympify(x.to_text() if hasattr(x, "to_text") else str(x)) for r in M.rows for x in r])


def test_hilbert(tmp_path):
    for n in (1, 3, 6):
        assert matrix(tmp_path, f"{{hilbert: {n}}}") == sympy.Matrix(n, n, lambda i, j: sympy.Rational(1, i + j + 1))


def test_vandermonde(tmp_path):
    V = matrix(tmp_path, '{vandermonde: [2, "1/2", -3], cols: 4}')
    assert V == sympy.Matrix([[x ** j for j in range(4)] for x in (2, sympy.Rational(1, 2), -3)])
    assert matrix(tmp_path, "{vandermonde: 3}") == sympy.Matrix([[1, 1, 1], [1, 2, 4], [1, 3, 9]])
    x, y, z = sympy.symbols("x y z")
    Vs = matrix(tmp_path, '{vandermonde: ["x", "y", "z"]}', check="determinant")
    assert sympy.expand(Vs.det() - (y - x) * (z - x) * (z - y)) == 0


def test_cauchy(tmp_path):
    xs, ys = [1, sympy.Rational(1, 2), 5], [0, -2]
    C = matrix(tmp_path, '{cauchy: [[1, "1/2", 5], [0, -2]]}')
    assert C == sympy.Matrix(3, 2, lambda i, j: sympy.Integer(1) / (xs[i] - ys[j]))
    assert matrix(tmp_path, "{cauchy: 3}") == sympy.Matrix(3, 3, lambda i, j: sympy.Rational(1, i + j + 2))


def test_circulant(tmp_path):
    c = [1, 2, 0, -1]
    C = matrix(tmp_path, "{circulant: [1, 2, 0, -1]}")
    assert C == sympy.Matrix(4, 4, lambda i, j: c[(j - i) % 4])


def test_laplacian(tmp_path):
    L = matrix(tmp_path, '{laplacian: [[1, 2], [2, 3, "1/2"], [4, 5]], n: 6}')
    G = nx.Graph()
    G.add_nodes_from(range(1, 7))
    G.add_weighted_edges_from([(1, 2, 1), (2, 3, Fraction(1, 2)), (4, 5, 1)])
    want = sympy.Matrix([[G.degree(i, weight="weight") if i == j else -G.get_edge_data(i, j, {"weight": 0})["weight"]
                          for j in range(1, 7)] for i in range(1, 7)])
    assert L == want and L.rank() == 6 - nx.number_connected_components(G)


def test_hadamard(tmp_path):
    H2 = np.array([[1, 1], [1, -1]])
    want = np.array([[1]])
    for n in (1, 2, 4, 8):
        H = matrix(tmp_path, f"{{hadamard: {n}}}")
        assert H == sympy.Matrix(want.tolist())
        assert H * H.T == n * sympy.eye(n)
        want = np.kron(H2, want)


@pytest.mark.parametrize("form, key, fragment", [
    ("{hadamard: 6}", "matrix.hadamard", "power of 2"),
    ("{cauchy: [[1, 2], [2, 3]]}", "matrix.cauchy", "entry (2, 1)"),
    ("{laplacian: [[1, 1]]}", "matrix.laplacian[1]", "loop"),
    ("{laplacian: [[1, 2], [2, 1]]}", "matrix.laplacian[2]", "repeats edge 1"),
    ("{laplacian: [[1, 4]], n: 3}", "matrix.n", "beyond n = 3"),
    ("{circulant: [1, 0.5]}", "matrix.circulant[2]", '"0.5"'),
    ("{vandermonde: [1, 2], cols: -1}", "matrix.cols", ">= 0"),
    ("{hilbrt: 3}", "matrix", "did you mean 'hilbert'?"),
])
def test_generator_errors(tmp_path, form, key, fragment):
    from verify.errors import CaseError

    with pytest.raises(CaseError) as e:
        matrix(tmp_path, form)
    assert e.value.key == key and fragment in e.value.message, str(e.value)


def test_sweep_drives_the_shape(tmp_path, capsys):
    f = tmp_path / "h.yaml"
    f.write_text("cases:\n- {id: hil, check: determinant, matrix: {hilbert: n}, sweep: {n: [1..12]}}\n"
                 "- {id: z, check: rank, matrix: {zeros: [n, \"2*n+1\"]}, sweep: {n: [\"0..2\"]}, expect: {rank: 0}}\n")
    cases = load_file(str(f))
    assert [c.id for c in cases] == [f"hil.n{n}" for n in range(1, 13)] + ["z.n0", "z.n1", "z.n2"]
    assert [build_objects(c)["M"].shape for c in cases[-3:]] == [(0, 1), (1, 3), (2, 5)]
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        status = main(["run", "h.yaml", "--inline", "--json", "--no-report", "--out", "o"])
        recs = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
        assert status == 0
        for n in range(1, 13):
            want = sympy.Matrix(n, n, lambda i, j: sympy.Rational(1, i + j + 1)).det()
            assert recs[f"hil.n{n}"]["value"]["det"] == str(want)
            assert check_file(f"o/hil.n{n}.cert.json")["value"]["det"] == str(want)
    finally:
        os.chdir(old)


def test_sweep_shorthand_errors(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("id: s\ncheck: rank\nmatrix: {hilbert: n}\nsweep: {n: [\"5..1\"]}\n")
    errors = []
    load_file(str(f), errors=errors)
    assert errors and errors[0].key == "sweep.grid.n" and "upwards" in errors[0].message
