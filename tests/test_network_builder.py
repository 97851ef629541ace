"""verify.builders.network against sympy: on random small networks of every activation (linear,
polynomial, relu, leaky relu, logistic and tanh through odds), with and without biases, square and
cross-entropy losses, both parameter orders, the builder's outputs, Jacobian P(W), gradient,
Hessian, Gauss-Newton matrix, generic (symbolic) Jacobian and the loss along a polynomial curve
equal sympy's differentiation of the loss written from the definitions (sigma = 1 / (1 + e^-z),
relu = Piecewise, real weights W = log E or log E / 2 for odds layers)."""

import random
from fractions import Fraction

import pytest
import sympy as sp

from verify.builders.network import Layer, Network, ZeroPreactivation, symbolic_layer_matrix
from verify.kernel.exact import Matrix
from verify.kernel.poly import Poly


def Q(x):
    x = Fraction(x)
    return sp.Rational(x.numerator, x.denominator)


def F(v):
    v = sp.nsimplify(v) if not v.is_Rational else v
    if not v.is_Rational:
        v = sp.simplify(v)
    assert v.is_Rational, v
    return Fraction(int(v.p), int(v.q))


def spoly(x):
    if isinstance(x, Poly):
        return sum(Q(c) * sp.prod([sp.Symbol(v) ** e for v, e in m]) for m, c in x.terms.items())
    return Q(x)


def random_net(seed, widths, acts, biases, loss="square", order="paper", scale=None):
    rng = random.Random(seed)
    layers = []
    for l in range(1, len(widths)):
        n_in, n_out, b = widths[l - 1], widths[l], biases[l - 1]
        act = acts[l - 1]
        if act in ("logistic", "tanh"):
            A = Matrix(n_out, n_in + b, [[Fraction(rng.choice([1, 2, 3, 5]), rng.choice([1, 2, 3, 4]))
                                          for _ in range(n_in + b)] for _ in range(n_out)])
        else:
            A = Matrix(n_out, n_in + b, [[Fraction(rng.choice([-3, -2, -1, 1, 2, 3]), rng.choice([1, 2, 3]))
                                          for _ in range(n_in + b)] for _ in range(n_out)])
        coeffs = [Fraction(rng.randint(-2, 2), rng.choice([1, 2])) for _ in range(3)] + [Fraction(1, 3)] \
            if act == "polynomial" else None
        layers.append(Layer(act, A, b, coeffs=coeffs, slope=Fraction(1, 10) if act == "leaky_relu" else None))
    return Network(widths, layers, loss=loss, scale=scale or Fraction(1, 3), order=order)


def sympy_model(net, X, Y):
    """(loss, outputs per sample, symbols in the network's order, point): the same network built by
    sympy from its definitions."""
    point, syms = {}, {}
    for l, lay in enumerate(net.layers, start=1):
        for k in range(lay.A.nrows):
            for j in range(lay.A.ncols):
                s = sp.Symbol(f"p{l}_{k}_{j}")
                syms[(l, k, j)] = s
                e = Q(lay.A.rows[k][j])
                point[s] = sp.log(e) if lay.act == "logistic" else sp.log(e) / 2 if lay.act == "tanh" else e
    order = [syms[p] for p in net.index()]

    def sigma(lay, z):
        if lay.act == "linear":
            return z
        if lay.act == "logistic":
            return 1 / (1 + sp.exp(-z))
        if lay.act == "tanh":
            return (sp.exp(2 * z) - 1) / (sp.exp(2 * z) + 1)
        if lay.act == "polynomial":
            return sum(Q(c) * z ** k for k, c in enumerate(lay.coeffs))
        if lay.act == "relu":
            return sp.Piecewise((z, z > 0), (0, True))
        return sp.Piecewise((z, z > 0), (Q(lay.slope) * z, True))

    outs, zs, loss = [], [], 0
    for i in range(X.ncols):
        a = [Q(X.rows[j][i]) for j in range(X.nrows)]
        for l, lay in enumerate(net.layers, start=1):
            inp = a + ([1] if lay.bias else [])
            z = [sum(syms[(l, k, j)] * inp[j] for j in range(len(inp))) for k in range(lay.A.nrows)]
            a = [sigma(lay, zk) for zk in z]
        outs.append(a)
        zs.append(z)
        y = [Q(Y.rows[k][i]) for k in range(Y.nrows)]
        if net.loss_kind == "square":
            loss += sum((f - yk) ** 2 for f, yk in zip(a, y))
        else:
            loss += sum(sp.log(1 + sp.exp(zk)) - yk * zk for zk, yk in zip(z, y))
    return Q(net.scale) * loss, outs, order, point


def ev(expr, point):
    return F(expr.xreplace(point))


def data(seed, widths, T, integer=True):
    rng = random.Random(seed + 100)
    X = Matrix(widths[0], T, [[rng.randint(-1, 2) if integer else Fraction(rng.randint(-4, 4), 3)
                               for _ in range(T)] for _ in range(widths[0])])
    Y = Matrix(widths[-1], T, [[rng.randint(-1, 1) for _ in range(T)] for _ in range(widths[-1])])
    return X, Y


CASES = [
    (1, [2, 3, 1], ["polynomial", "linear"], [True, True], "square", "paper"),
    (2, [1, 2, 2, 1], ["polynomial", "polynomial", "linear"], [False, True, False], "square", "torch"),
    (3, [2, 2, 1], ["logistic", "linear"], [True, True], "square", "paper"),
    (4, [2, 2, 2], ["tanh", "polynomial"], [True, False], "square", "torch"),
    (5, [2, 3, 1], ["relu", "linear"], [True, True], "square", "paper"),
    (6, [2, 2, 2, 1], ["leaky_relu", "relu", "linear"], [True, True, True], "square", "torch"),
    (7, [3, 2], ["logistic"], [True], "cross_entropy", "paper"),
    (8, [2, 2, 2], ["linear", "linear"], [False, False], "square", "paper"),
]


def _net_and_data(seed, widths, acts, biases, loss, order):
    """A random network and data with no zero pre-activation (re-drawn until there is none)."""
    for s in range(seed, seed + 200):
        net = random_net(s, widths, acts, biases, loss, order)
        X, Y = data(s, widths, 3, integer=acts[0] in ("logistic", "tanh") or s % 2 == 0)
        if loss == "cross_entropy":
            Y = Matrix(Y.nrows, Y.ncols, [[abs(y) for y in r] for r in Y.rows])
        try:
            net.check_pattern(X)
        except ZeroPreactivation:
            continue
        return net, X, Y
    raise AssertionError("no pattern without zeros")


@pytest.mark.parametrize("seed,widths,acts,biases,loss,order", CASES)
def test_derivatives_against_sympy(seed, widths, acts, biases, loss, order):
    net, X, Y = _net_and_data(seed, widths, acts, biases, loss, order)
    J, outs, syms, point = sympy_model(net, X, Y)
    # outputs
    assert [list(r) for r in net.outputs(X).rows] == [[ev(outs[i][k], point) for i in range(X.ncols)]
                                                      for k in range(widths[-1])]
    # Jacobian P(W): column i n_L + o is the gradient of output o at sample i
    stacked = [f for sample in outs for f in sample]
    P = [[ev(sp.diff(f, s), point) for f in stacked] for s in syms]
    assert [list(r) for r in net.jacobian(X).rows] == P
    # gradient and Hessian of the loss
    grads = [sp.diff(J, s) for s in syms]
    assert [r[0] for r in net.gradient(X, Y).rows] == [ev(g, point) for g in grads]
    H = [[ev(sp.diff(g, s), point) for s in syms] for g in grads]
    assert [list(r) for r in net.hessian(X, Y).rows] == H
    # Gauss-Newton: c sum_i Jz^T Lambda Jz, from sympy's Jacobian of the logits / outputs
    N = len(syms)
    G = [[0] * N for _ in range(N)]
    for i in range(X.ncols):
        for o, f in enumerate(outs[i]):
            if loss == "square":
                v = [ev(sp.diff(f, s), point) for s in syms]
                w = 2
            else:  # logits z = logit(sigma): dz = d sigma / sigma'
                s_ = ev(f, point)
                v = [ev(sp.diff(f, s), point) / (s_ * (1 - s_)) for s in syms]
                w = s_ * (1 - s_)
            for a in range(N):
                for b in range(N):
                    G[a][b] += w * v[a] * v[b]
    assert [list(r) for r in net.gauss_newton(X).rows] == [[net.scale * x for x in r] for r in G]
    if loss == "square":
        assert net.loss(X, Y) == ev(J, point)


def test_zero_preactivation_names_unit_and_sample():
    A1 = Matrix.from_rows([[1, -1], [2, 1]])
    net = Network([2, 2, 1], [Layer("relu", A1, False), Layer("linear", Matrix.from_rows([[1, 1]]), False)])
    X = Matrix.from_rows([[1, 3], [2, 3]])  # sample 2: unit 1 has z = 3 - 3 = 0
    with pytest.raises(ZeroPreactivation) as e:
        net.check_pattern(X)
    assert (e.value.layer, e.value.unit, e.value.sample) == (1, 1, 2)


@pytest.mark.parametrize("act", ["logistic", "tanh"])
def test_generic_jacobian_with_odds_against_sympy(act):
    """Generic P over symbolic odds: each column is the true Jacobian column times the nonzero factor
    prod_k (N_k + D_k)^2 (checked at a random positive point by sympy, with W = log E)."""
    A1 = symbolic_layer_matrix(1, 2, 2, True, odds=True)
    A2 = symbolic_layer_matrix(2, 1, 2, True)
    net = Network([2, 2, 1], [Layer(act, A1, True), Layer("linear", A2, True)], order="paper")
    X = Matrix.from_rows([[0, 1, -1, 2], [1, 1, 0, -1]])
    Pg = net.jacobian_generic(X)
    rng = random.Random(5)
    pt = {v: Fraction(rng.randint(1, 5), rng.randint(1, 4)) for v in sorted({v for r in Pg.rows for x in r
                                                                              if isinstance(x, Poly)
                                                                              for v in x.variables()})}
    pt.update({f"w2_1_{j}": Fraction(rng.randint(-3, 3), 2) for j in (1, 2)}, b2_1=Fraction(1, 3))
    at = Network([2, 2, 1], [Layer(act, A1.evaluate(pt), True), Layer("linear", A2.evaluate(pt), True)])
    P = at.jacobian(X)
    for i in range(X.ncols):
        c = 1
        for k in range(2):
            N = D = Fraction(1)
            for e, x in zip(A1.evaluate(pt).rows[k], [X.rows[0][i], X.rows[1][i], 1]):
                if x > 0:
                    N *= Fraction(e) ** x
                elif x < 0:
                    D *= Fraction(e) ** (-x)
            c *= (N + D) ** 2
        assert [Fraction(r[i].evaluate(pt)) if isinstance(r[i], Poly) else Fraction(r[i]) for r in Pg.rows] == \
               [c * Fraction(r[i]) for r in P.rows]
    # and P at the point equals sympy's Jacobian (W = log E)
    J, outs, syms, point = sympy_model(at, X, Matrix.from_rows([[0, 0, 0, 0]]))
    assert [list(r) for r in P.rows] == [[ev(sp.diff(o[0], s), point) for o in outs] for s in syms]


def test_generic_jacobian_polynomial_is_the_formal_jacobian():
    A1 = symbolic_layer_matrix(1, 2, 1, True)
    A2 = symbolic_layer_matrix(2, 1, 2, False)
    net = Network([1, 2, 1], [Layer("polynomial", A1, True, coeffs=[0, 1, Fraction(1, 2)]),
                              Layer("linear", A2, False)])
    X = Matrix.from_rows([[1, 2]])
    P = net.jacobian_generic(X)
    z = sp.Symbol
    outs = []
    for x in (1, 2):
        f = 0
        for k in (1, 2):
            zk = z(f"w1_{k}_1") * x + z(f"b1_{k}")
            f += z(f"w2_1_{k}") * (zk + zk ** 2 / 2)
        outs.append(f)
    order = [z("w2_1_1"), z("w2_1_2"), z("w1_1_1"), z("b1_1"), z("w1_2_1"), z("b1_2")]
    want = sp.Matrix([[sp.diff(f, s) for f in outs] for s in order])
    got = sp.Matrix(P.nrows, P.ncols, [spoly(x) for r in P.rows for x in r])
    assert sp.expand(got - want) == sp.zeros(*want.shape)


@pytest.mark.parametrize("acts", [["logistic", "linear"], ["relu", "polynomial"], ["linear", "linear"]])
def test_curve_loss_against_sympy(acts):
    """J(curve(t)) - J(point) = NUM / DEN, with the curve in odds coordinates for odds layers and the
    relu pattern of the point (the builder also lists the varying relu pre-activations)."""
    t = sp.Symbol("t")
    tv = Poly.var("t")
    widths, biases = [2, 2, 1], [True, True]
    net, X, Y = _net_and_data(11, widths, acts, biases, "square", "paper")
    curve = []
    for l, lay in enumerate(net.layers, start=1):
        rows = [list(r) for r in lay.A.rows]
        if lay.act in ("logistic", "tanh"):
            rows[0][0] = rows[0][0] * (1 + tv)
        else:
            rows[0][0] = rows[0][0] + tv * Fraction(1, 3)
            rows[-1][-1] = rows[-1][-1] + tv * Fraction(1, 2) - tv * tv
        curve.append(Matrix.from_rows(rows))
    NUM, DEN, signs = net.curve_loss(curve, X, Y)
    J, outs, syms, point = sympy_model(net, X, Y)
    J0 = ev(J, point)
    # the loss along the curve from sympy: substitute the curve's real weights
    sub = {}
    for l, lay in enumerate(net.layers, start=1):
        for k in range(lay.A.nrows):
            for j in range(lay.A.ncols):
                e = spoly(curve[l - 1].rows[k][j]).subs(sp.Symbol("t"), t)
                sub[sp.Symbol(f"p{l}_{k}_{j}")] = sp.log(e) if lay.act == "logistic" else \
                    sp.log(e) / 2 if lay.act == "tanh" else e
    assert bool(signs) == (acts[0] == "relu")
    for tt in (Fraction(1, 7), Fraction(-1, 5), Fraction(1, 50)):
        along = J.xreplace(sub).subs(t, Q(tt))
        pieces_ok = all(s * Fraction(q.evaluate({"t": tt})) > 0 for _, _, _, s, q in signs)
        if pieces_ok:
            assert F(sp.simplify(along)) - J0 == Fraction(NUM.evaluate({"t": tt})) / Fraction(
                DEN.evaluate({"t": tt}) if isinstance(DEN, Poly) else DEN)
