"""verify.builders.mlp against sympy: on random small networks, every derivative the Shen statements
rely on (P(W) from the recursion, the forward-jet Jacobian, gradients by recursion / jets / Taylor
model, Hessians by jets / Taylor model, the GGN, sigma derivatives through odds, the rational loss
along polynomial odds curves) equals sympy's exact differentiation of the same loss."""

import random
from fractions import Fraction

import pytest
import sympy as sp
from shen_reference import Q, exact, random_net, sympy_model

from verify.builders.mlp import MLP, act_odds
from verify.kernel.exact import Matrix
from verify.kernel.poly import Poly


CASES = [
    (1, [2, 3, 1], ["poly", "identity"], [True, True]),
    (2, [1, 2, 2, 1], ["poly", "poly", "identity"], [False, True, False]),
    (3, [2, 2, 1], ["logistic", "identity"], [True, True]),
    (4, [2, 2, 2], ["tanh", "identity"], [True, False]),
]


@pytest.mark.parametrize("seed,widths,acts,dummy", CASES)
def test_derivatives_against_sympy(seed, widths, acts, dummy):
    net = random_net(seed, widths, acts, dummy)
    rng = random.Random(seed)
    T = 3
    X = Matrix(widths[0], T, [[rng.randint(0, 2) for _ in range(T)] for _ in range(widths[0])])
    Y = Matrix(widths[-1], T, [[rng.randint(-1, 1) for _ in range(T)] for _ in range(widths[-1])])
    loss, outs, order, point = sympy_model(net, X, Y)
    # P(W) (recursion) and the forward Jacobian = transposed Jacobian of the stacked outputs
    stacked = [f for sample in outs for f in sample]
    J = [[exact(sp.diff(f, s), point) for f in stacked] for s in order]
    P = net.P(X)
    assert [list(r) for r in P.rows] == J
    assert net.jacobian_forward(X) == P
    # gradient: jets, Taylor model, recursion (summed loss: T grad J)
    g = [exact(sp.diff(loss, s), point) for s in order]  # noqa: E741
    assert [r[0] for r in net.gradient(X, Y).rows] == g
    assert [r[0] for r in net.gradient_taylor(X, Y).rows] == g
    assert [r[0] for r in net.grad_recursion(X, Y).rows] == [T * x for x in g]
    # Hessian: jets and Taylor model, every entry
    grads = [sp.diff(loss, a) for a in order]
    Hs = [[exact(sp.diff(ga, b), point) for b in order] for ga in grads]
    assert [list(r) for r in net.hessian(X, Y).rows] == Hs
    assert [list(r) for r in net.hessian_taylor(X, Y).rows] == Hs
    # GGN = (1/T) J^T H_E J with H_E = 2 I, from sympy's Jacobian
    n = len(order)
    ggn = [[sum(2 * J[a][c] * J[b][c] for c in range(len(stacked))) / Fraction(T) for b in range(n)] for a in range(n)]
    assert [list(r) for r in net.ggn(X).rows] == ggn
    # eps = 2 (phi - y)
    assert [r[0] for r in net.eps(X, Y).rows] == [2 * (exact(f, point) - Fraction(Y.rows[k][i]))
                                                   for i, sample in enumerate(outs) for k, f in enumerate(sample)]


@pytest.mark.parametrize("o", ["1/3", "1", "2", "7"])
def test_sigma_derivatives_at_rational_odds(o):
    z = sp.Symbol("z")
    at = {z: sp.log(Q(o))}
    s = 1 / (1 + sp.exp(-z))
    assert list(act_odds("logistic", o)) == [exact(sp.diff(s, z, k), at) for k in range(3)]
    # tanh with odds e^(2z): z = log(o) / 2
    th = (sp.exp(2 * z) - 1) / (sp.exp(2 * z) + 1)
    at2 = {z: sp.log(Q(o)) / 2}
    assert list(act_odds("tanh", o)) == [exact(sp.diff(th, z, k), at2) for k in range(3)]


def test_loss_along_polynomial_odds_curve_against_sympy():
    """loss_rational: J(t) = NUM/DEN for odds and weights polynomial in t (F(2,2,1) logistic)."""
    t = sp.Symbol("t")
    tv = Poly.var("t")
    E = [[1 + tv, Fraction(1, 3)], [2, 1 + 2 * tv], [Fraction(1, 2), 3]]
    W2 = [[tv], [Fraction(-1, 2)], [Fraction(1, 3) + tv]]
    net = MLP([2, 2, 1], ["logistic", "identity"], [Matrix.from_rows(E), Matrix.from_rows(W2)], [True, True])
    X = Matrix.from_rows([[0, 0, 1, 1], [0, 1, 0, 1]])
    Y = Matrix.from_rows([[0, 1, 1, 0]])
    NUM, DEN = net.loss_rational(X, Y)

    def S(x):
        if isinstance(x, Poly):
            return sum(Q(c) * sp.prod([sp.Symbol(v) ** e for v, e in m]) for m, c in x.terms.items())
        return Q(x)

    Es = [[S(x).subs(sp.Symbol("t"), t) for x in r] for r in E]
    Ws = [S(r[0]).subs(sp.Symbol("t"), t) for r in W2]
    ref = 0
    for (x1, x2), y in zip([(0, 0), (0, 1), (1, 0), (1, 1)], [0, 1, 1, 0]):
        f = Ws[2]
        for k in range(2):
            o = Es[2][k] * Es[0][k] ** x1 * Es[1][k] ** x2
            f += Ws[k] * o / (1 + o)
        ref += (f - y) ** 2
    ref = ref / 4
    n, d = sp.fraction(sp.together(ref))
    assert sp.expand(n * S(DEN) - d * S(NUM)) == 0
    # at a rational t the MLP's own forward pass agrees
    for tt in (Fraction(0), Fraction(1, 3)):
        at = {"t": tt}
        fixed = MLP([2, 2, 1], ["logistic", "identity"],
                    [Matrix.from_rows(E).evaluate(at), Matrix.from_rows(W2).evaluate(at)], [True, True])
        assert Fraction(NUM.evaluate(at)) / Fraction(DEN.evaluate(at)) == fixed.loss(X, Y)
