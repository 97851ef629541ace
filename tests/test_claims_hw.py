"""Notes 003 claims: pinned facts with independent checks."""

from fractions import Fraction
from itertools import product

import pytest

from claim_helpers import inertia, run

from verify.builders import deep_linear as dl
from verify.claims.linear_notes.builds import factorise
from verify.kernel.exact import Matrix


@pytest.mark.parametrize("cid,params", [
    ("hw.linear.a1", {"part": "statement"}), ("hw.linear.a2", {}), ("hw.linear.a2", {"dims": [3, 2, 2, 1, 3], "rank": 1}),
    ("hw.linear.b", {}), ("hw.linear.c", {}), ("hw.linear.d", {}), ("hw.linear.e", {}),
    ("hw.parity.c1", {"d": 4}), ("hw.parity.c2", {"d": 4}), ("hw.parity.c1", {"d": 5, "model": "quadratic"}),
])
def test_holds(cid, params):
    assert run(cid, params)[0] is True


def test_a1_step_smallest_witness():
    holds, objs, facts, pr = run("hw.linear.a1", {"part": "step"})
    assert holds is False
    # hand check: a 1x2 times 2x1 product of 0/1 matrices is the smallest shape (4 entries) where
    # rank(W2 W1) = 0 < 1 = min ranks, e.g. [1 0] [0 1]^T
    W1, W2 = pr.witness["W"]
    assert len(W1) * len(W1[0]) + len(W2) * len(W2[0]) == 4
    assert sum(a * b for a, b in zip(W2[0], [r[0] for r in W1])) == 0


def test_factorise_products():
    W0 = Matrix.from_rows([[1, 2, 3], [2, 4, 6]])
    for dims in ([3, 1, 2], [3, 2, 1, 2], [3, 4, 5, 2]):
        assert dl.product(factorise(W0, dims)) == W0


def test_f_refuted_with_saddle():
    holds, objs, facts, _ = run("hw.linear.f", {})
    assert holds is False
    assert inertia(facts, "hess")[1] > 0
    assert objs["loss"].rows[0][0] > objs["loss_other"].rows[0][0]


def test_parity_direct_by_brute_force():
    # independent recomputation of grad R_v for d = 3 with the plain definition
    d = 3
    p = [Fraction(1, j + 3) for j in range(d)]
    _, objs, _, _ = run("hw.parity.c1", {"d": d})
    xs = list(product((0, 1), repeat=d))
    for vi, v in enumerate(xs):
        g = [Fraction(0)] * d
        for x in xs:
            z = [1 - 2 * b for b in x]
            f = sum(a * b for a, b in zip(p, z))
            y = (-1) ** sum(a * b for a, b in zip(v, x))
            if 1 - y * f > 0:
                for j in range(d):
                    g[j] += Fraction(-y * z[j], 2 ** d)
        assert list(objs["grad_direct"].rows[vi]) == g
    holds, objs, _, _ = run("hw.parity.c2", {"d": d})
    b = objs["bounds"].rows[0]
    assert holds and b[0] == b[1] and b[1] <= b[2]


# ------------------------------------------------------------------ independent checks (sympy)
import sympy  # noqa: E402

from verify.claims.linear_notes import builds  # noqa: E402


def S(M):
    return sympy.Matrix(M.nrows, M.ncols, [sympy.Rational(x) for r in M.rows for x in r])


def sympy_inertia(M):
    ev = S(M).eigenvals()
    pos = sum(k for e, k in ev.items() if e > 0)
    neg = sum(k for e, k in ev.items() if e < 0)
    return [pos, neg, M.nrows - pos - neg]


def test_a1_statement_against_sympy():
    params = {"part": "statement", "dims": [3, 2, 3, 2], "seed": 5}
    holds, objs, _, _ = run("hw.linear.a1", params)
    Ws = builds.a1_weights(params, None)
    prod = sympy.eye(3)
    for W in Ws:
        prod = S(W) * prod
    r0 = prod.rank()
    assert holds is (all(r0 <= S(W).rank() for W in Ws) and r0 <= min(params["dims"]))


def test_a2_against_sympy():
    holds, objs, _, _ = run("hw.linear.a2", {"dims": [3, 2, 2, 1, 3], "rank": 1, "seed": 2})
    prod = sympy.eye(3)
    for k in range(1, 5):
        prod = S(objs[f"W{k}"]) * prod
    assert prod == S(objs["W0"]) and S(objs["W0"]).rank() <= 1 and holds is True


def test_b_c_against_sympy_differentiation():
    params = {"n": 3, "d": 2, "p": 2, "seed": 1}
    X, Y, n, d, p = builds.notes_data(params)
    W = sympy.Matrix(p, d, lambda i, j: sympy.Symbol(f"w_{i}_{j}"))
    Q = sympy.Rational(1, 2) * sum(x ** 2 for x in (W * S(X).T - S(Y).T))
    vecW = [W[i, j] for j in range(d) for i in range(p)]  # column-major
    H = sympy.hessian(Q, vecW)
    grad = sympy.Matrix(p, d, lambda i, j: sympy.diff(Q, W[i, j]))
    holds_b, objs, facts, _ = run("hw.linear.b", params)
    assert H == S(objs["H_notes"]) and inertia(facts, "H_notes") == tuple(sympy_inertia(objs["H_notes"]))
    assert holds_b is all(bool(e >= 0) for e in H.eigenvals())
    holds_c, objs_c, _, _ = run("hw.linear.c", params)
    assert sympy.expand(grad - (W * S(X).T * S(X) - S(Y).T * S(X))) == sympy.zeros(p, d) and holds_c is True


def test_d_against_sympy_least_squares():
    params = {"n": 4, "d": 3, "p": 2, "hidden": [2, 3], "seed": 0}
    holds, objs, _, _ = run("hw.linear.d", params)
    X, Y = S(objs["X"]), S(objs["Y"])
    W0 = Y.T * X * (X.T * X).inv()
    minQ = sympy.Rational(1, 2) * sum(x ** 2 for x in (W0 * X.T - Y.T))
    assert objs["lossQ"].rows[0][0] == minQ == objs["lossR"].rows[0][0] and holds is True


def test_e_against_sympy_differentiation():
    holds, objs, _, _ = run("hw.linear.e", {"dims": [2, 2, 1, 2], "n": 2})
    assert holds is True
    dims = [2, 2, 1, 2]
    Ws = [sympy.Matrix(dims[k], dims[k - 1], lambda a, b, k=k: sympy.Symbol(f"w{k}_{a}_{b}")) for k in range(1, 4)]
    X = builds.rand_matrix(2, 2, ("eX", 0))
    Y = builds.rand_matrix(2, 2, ("eY", 0))
    L = sympy.Rational(1, 2) * sum(x ** 2 for x in (Ws[2] * Ws[1] * Ws[0] * S(X).T - S(Y).T))
    for i in range(1, 4):
        got = objs[f"dW{i}.direct"]
        want = sympy.Matrix(dims[i], dims[i - 1], lambda a, b: sympy.expand(sympy.diff(L, Ws[i - 1][a, b])))
        pt = {str(s): sympy.Rational(k % 5 - 2, 3) for k, s in enumerate(sorted(L.free_symbols, key=str))}
        got_at = got.evaluate({k: Fraction(int(v.p), int(v.q)) for k, v in pt.items()})
        assert S(got_at) == want.subs({sympy.Symbol(k): v for k, v in pt.items()})


def test_f_inertia_against_sympy():
    holds, objs, facts, _ = run("hw.linear.f", {})
    assert inertia(facts, "hess") == tuple(sympy_inertia(objs["hess"]))
    assert holds is False
