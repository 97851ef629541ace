"""The shipped worked examples (cases/basics), with answers computed independently here.

The expected values are computed with sympy (or by hand) on matrices written out in this file, not
through the case loader or the engines; then every certificate is re-checked by `verify check`.
"""

import os
from fractions import Fraction as F

import pytest
import sympy as sp

from verify.cases import load_paths, random_values_reference
from verify.checker import check_file
from verify.runner import execute_inline

HERE = os.path.dirname(__file__)
BASICS = os.path.join(HERE, "..", "cases", "basics")


def rand(m, n, low, high, seed):
    v = random_values_reference(m * n, low, high, seed)
    return sp.Matrix(m, n, v)


def kr_columns(A, B):
    return sp.Matrix.hstack(*[sp.Matrix(sp.kronecker_product(A[:, j], B[:, j])) for j in range(A.cols)])


def descartes_inertia(S):
    """Inertia of a symmetric matrix from its characteristic polynomial: all roots are real, so
    Descartes' rule of signs counts the positive (and, on p(-t), the negative) roots exactly."""
    t = sp.Symbol("t")
    coeffs = sp.Poly(S.charpoly(t).as_expr(), t).all_coeffs()[::-1]  # constant term first
    zero = next(i for i, c in enumerate(coeffs) if c != 0)

    def changes(cs):
        signs = [sp.sign(c) for c in cs if c != 0]
        return sum(a != b for a, b in zip(signs, signs[1:]))

    return [changes(coeffs), changes([c * (-1) ** i for i, c in enumerate(coeffs)]), zero]


def expected():
    A = sp.Matrix([[1, 2, -3, 0, 5, 1, 1, 0, 2], [0, 1, 1, 4, -2, 3, 0, 1, 1], [7, 0, 1, 1, 1, -1, 2, 2, 0]])
    x, y = sp.symbols("x y")
    hilbert = sp.Matrix(12, 12, lambda i, j: sp.Rational(1, i + j + 1))
    X = sp.Matrix([[1, 2, 0, -1, 3], [0, 1, 1, 2, -2], [2, 0, 1, 1, 1]])
    G = X.T * X
    npy = sp.Matrix(6, 6, lambda i, j: (i * 7 + j * 3) % 5 - 2)
    det40 = rand(40, 40, -9, 9, 5).det(method="bareiss")
    return {
        "basics.kr-d3-full": ("rank", kr_columns(A, rand(3, 9, -9, 9, 11)).rank()),
        "basics.rank-deficient": ("rank", sp.Matrix([[1, F(1, 2), 0, 3, -1], [0, 2, F(-3, 4), 1, 1],
                                                     [1, F(5, 2), F(-3, 4), 4, 0], [2, 0, 1, 0, F(1, 8)]]).applyfunc(sp.nsimplify).rank()),
        "basics.rank-refuted": ("rank", sp.kronecker_product(sp.Matrix([[1, 2], [2, 4]]), sp.eye(2)).rank()),
        "basics.rank-lower-bound": ("rank", (rand(8, 5, -3, 3, 1) * rand(5, 8, -3, 3, 2)).rank()),
        "basics.rank-computed": ("rank", 6),
        "basics.det-integer": ("det", sp.Matrix([[2, 0, 1], [1, 3, 1], [4, 0, 2]]).det()),
        "basics.det-rational-nonzero": ("det", sp.Matrix([[sp.Rational(1, 2), sp.Rational(1, 3)], [sp.Rational(1, 4), sp.Rational(1, 5)]]).det()),
        "basics.det-nonzero": ("det", det40),
        "basics.det-symbolic": ("det", sp.Matrix([[x, 1], [1, y]]).det()),
        "basics.mtx-det": ("det", 2 * 3 * -1 * 5 * 7),
        "basics.hilbert-12": ("rank", hilbert.rank()),
        "basics.npy-rank": ("rank", npy.rank()),
        "basics.inertia-saddle": ("inertia", [1, 1, 0]),
        "basics.inertia-gram": ("inertia", descartes_inertia(G)),
        "basics.inertia-not-pd": ("inertia", [1, 1, 0]),  # eigenvalues 3 and -1
        "basics.generic-kr-2x2": ("rank", kr_columns(sp.Matrix(2, 4, sp.symbols("a0:8")), sp.Matrix(2, 4, sp.symbols("b0:8"))).rank(simplify=True)),
        "basics.generic-deficient": ("rank", sp.Matrix([[x, y], [x * y, y**2]]).rank(simplify=True)),
        "basics.rank-at-drop": ("rank", sp.Matrix([[1, 1], [1, 1]]).rank()),
        "basics.detbool-1": ("detbool", 1),   # matching 0->0, 1->1, 2->2... row 3 only column 0: 3->0, 0->1, 1->2, 2->3
        "basics.detbool-0": ("detbool", 0),   # rows 0..2 see only columns 0, 1
        "basics.tracy-singh-rank": ("rank", sp.Matrix([[1, 0, 2], [0, 1, 1], [1, 1, 3]]).rank() * sp.Matrix([[1, 1], [1, 2]]).rank()),
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("basics")
    cases = load_paths([BASICS])
    results = execute_inline(cases, out_dir=str(out), method="auto")
    return {r["id"]: r for r in results}


def test_values_match_independent_answers(run):
    for cid, (kind, want) in expected().items():
        r = run[cid]
        assert r["verdict"] in ("CONFIRMED", "REFUTED", "COMPUTED"), (cid, r["reason"])
        got = r["value"]
        if kind == "rank":
            assert got["rank"] == want, cid
        elif kind == "det":
            text = got["det"]
            if cid == "basics.det-nonzero":
                assert want != 0 and text == str(want), cid
            elif cid == "basics.det-symbolic":
                assert sp.expand(sp.sympify(text) - want) == 0
            else:
                assert sp.Rational(text) == want, cid
        elif kind == "inertia":
            assert got["inertia"] == want, cid
        elif kind == "detbool":
            assert got["detbool"] == want, cid


def test_inequalities_by_hand(run):
    # sylvester: A = [I_2 | 0] (rank 2), C has rank 2, AC = [[0,0],[1,0]] rank 1 = 2 + 2 - 3
    assert run["basics.sylvester-tight"]["value"]["lhs"] == 1 and run["basics.sylvester-tight"]["value"]["tight"]
    # combined: ABC = [[1,1],[0,0]] rank 1 >= 2 + 1 + 1 - 2 - 2 = 0, not tight
    v = run["basics.combined-loose"]["value"]
    assert (v["lhs"], v["rhs"], v["tight"]) == (1, 0, False)


def test_expected_verdicts(run):
    refuted = {k for k, r in run.items() if r["verdict"] == "REFUTED" and not r.get("sweep")}
    assert refuted == {"basics.rank-refuted", "basics.inertia-not-pd", "basics.nullspace-outer",
                       "basics.solve-inconsistent-claimed"}


def _hilbert(n):
    return sp.Matrix(n, n, lambda i, j: sp.Rational(1, i + j + 1))


def test_nullspace_and_solve_by_sympy(run):
    """cases/basics/linear_systems.yaml against sympy: kernel dimensions, and solvability by
    rank [A] = rank [A | b]; a returned basis / solution really is one."""
    magic = sp.Matrix([[16, 3, 2, 13], [5, 10, 11, 8], [9, 6, 7, 12], [4, 15, 14, 1]])
    x, y = sp.symbols("x y")
    dims = {"basics.nullspace-magic4": magic, "basics.nullspace-outer": sp.Matrix([[1], [2], [-3]]) * sp.Matrix([[2, -1, 5, 7]]),
            "basics.nullspace-symbolic": sp.Matrix([[x, y], [x**2, x * y]]), "basics.nullspace-hilbert": _hilbert(6)}
    for cid, M in dims.items():
        assert run[cid]["value"]["dimension"] == len(M.nullspace()), cid
    N = sp.Matrix(run["basics.nullspace-magic4"]["value"]["basis"]["rows"])
    assert magic * N == sp.zeros(4, 1) and N.rank() == 1
    systems = {"basics.solve-hilbert": (_hilbert(5), sp.ones(5, 1)),
               "basics.solve-underdetermined": (sp.Matrix([[1, 2, 3, 4], [2, 4, 6, 9]]), sp.Matrix([[4, 0], [8, -3]])),
               "basics.solve-inconsistent": (sp.Matrix([[1, 1], [2, 2]]), sp.Matrix([[1], [3]]))}
    for cid, (A, b) in systems.items():
        solvable = A.rank() == A.row_join(b).rank()
        assert run[cid]["value"]["solvable"] == solvable, cid
        if solvable:
            X = sp.Matrix([[sp.Rational(str(e)) for e in row] for row in run[cid]["value"]["solution"]["rows"]])
            assert A * X == b, cid
    assert run["basics.solve-hilbert"]["value"]["solution"]["rows"] == [[5], [-120], [630], [-1120], [630]]


def test_sweep_draws_match_sympy(run):
    draws = {k: r for k, r in run.items() if (r.get("sweep") or {}).get("id") == "basics.sweep-kr"}
    assert len(draws) == 12
    for cid, r in draws.items():
        p = r["sweep"]["params"]
        A = rand(p["n"], p["nm"], -1, 1, p["seed"])
        B = rand(p["m"], p["nm"], -1, 1, p["draw"])
        rank = kr_columns(A, B).rank()
        assert r["value"]["rank"] == rank, cid
        assert r["verdict"] == ("CONFIRMED" if rank == p["nm"] else "REFUTED"), cid


def test_size_limit_gives_unknown(run):
    r = run["basics.unknown-size-limit"]
    assert r["verdict"] == "UNKNOWN" and r["certificate"] is None
    assert "4000000" in r["reason"] and "1000000" in r["reason"]


def test_every_certificate_rechecks(run):
    for cid, r in run.items():
        if r["verdict"] == "UNKNOWN" and r["certificate"] is None:
            continue
        res = check_file(r["certificate"])
        assert res["verdict"] == r["verdict"] and res["value"] == r["value"], cid
