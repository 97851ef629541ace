"""Independent references for the Shen tests: the networks of `verify.builders.mlp` rebuilt in sympy
from their definitions, and exact sympy evaluation."""

import random
from fractions import Fraction

import sympy as sp

from verify.builders.mlp import MLP
from verify.kernel.exact import Matrix
from verify.kernel.poly import Poly


def Q(x):
    x = Fraction(x)
    return sp.Rational(x.numerator, x.denominator)


def F(x):
    x = sp.Rational(x)
    return Fraction(int(x.p), int(x.q))


def random_net(seed, widths, acts, dummy, odds=False):
    rng = random.Random(seed)
    Ws = []
    for l in range(1, len(widths)):
        m, n = widths[l - 1] + dummy[l - 1], widths[l]
        if acts[l - 1] in ("logistic", "tanh"):
            Ws.append(Matrix(m, n, [[Fraction(rng.choice([1, 2, 3, 5]), rng.choice([1, 2, 3, 4])) for _ in range(n)]
                                    for _ in range(m)]))
        else:
            Ws.append(Matrix(m, n, [[Fraction(rng.randint(-3, 3), rng.choice([1, 2, 3])) for _ in range(n)]
                                    for _ in range(m)]))
    coeffs = {l: [Fraction(rng.randint(-2, 2), rng.choice([1, 2])) for _ in range(3)] + [Fraction(1, 3)]
              for l in range(1, len(widths)) if acts[l - 1] == "poly"}
    return MLP(widths, acts, Ws, dummy, coeffs)


def sympy_model(net, X, Y):
    """(loss, per-sample stacked outputs, symbols in the paper's order, point) of the same network
    built by sympy from the definitions: phi_l = sigma(W_l^T [phi_{l-1}; 1]), sigma(z) = 1/(1+e^-z)
    (tanh: (e^2z - 1)/(e^2z + 1)), real weights W = log E (tanh: log E / 2) for odds layers."""
    syms, point = {}, {}
    Wsym = []
    for l in range(1, net.L + 1):
        W = net.W[l - 1]
        M = [[sp.Symbol(f"w{l}_{j}_{k}") for k in range(W.ncols)] for j in range(W.nrows)]
        for j in range(W.nrows):
            for k in range(W.ncols):
                e = Q(W.rows[j][k])
                point[M[j][k]] = sp.log(e) if net.acts[l - 1] == "logistic" else \
                    sp.log(e) / 2 if net.acts[l - 1] == "tanh" else e
        Wsym.append(M)
    order = []
    for l in range(net.L, 0, -1):  # [vec W_L; ...; vec W_1], vec column-major
        M = Wsym[l - 1]
        order += [M[j][k] for k in range(len(M[0])) for j in range(len(M))]

    def sigma(name, z, l):
        if name == "identity":
            return z
        if name == "logistic":
            return 1 / (1 + sp.exp(-z))
        if name == "tanh":
            return (sp.exp(2 * z) - 1) / (sp.exp(2 * z) + 1)
        if name == "poly":
            return sum(Q(c) * z ** k for k, c in enumerate(net.coeffs[l]))
        raise ValueError(name)

    outs, loss = [], 0
    for i in range(X.ncols):
        phi = [Q(X.rows[j][i]) for j in range(X.nrows)]
        for l in range(1, net.L + 1):
            inp = phi + ([1] if net.dummy[l - 1] else [])
            M = Wsym[l - 1]
            phi = [sigma(net.acts[l - 1], sum(M[j][k] * inp[j] for j in range(len(inp))), l) for k in range(len(M[0]))]
        outs.append(phi)
        loss += sum((f - Q(Y.rows[k][i])) ** 2 for k, f in enumerate(phi))
    return loss / X.ncols, outs, order, point


def exact(expr, point):
    v = expr.xreplace(point)
    if not v.is_Rational:  # exp(log a + log b) products that sympy did not combine on its own
        v = sp.simplify(v)
    assert v.is_Rational, v
    return F(v)




def smat(M):
    """A kernel Matrix (rational or polynomial entries) as a sympy Matrix."""
    return sp.Matrix(M.nrows, M.ncols, [spoly(x) for r in M.rows for x in r])


def spoly(x):
    if isinstance(x, Poly):
        return sum(Q(c) * sp.prod([sp.Symbol(v) ** e for v, e in m]) for m, c in x.terms.items())
    return Q(x)


def jacobian_T(net, X, Y):
    """sympy's transposed Jacobian of the stacked outputs (N_net x T n_L) at the net's point."""
    loss, outs, order, point = sympy_model(net, X, Y)
    stacked = [f for sample in outs for f in sample]
    return sp.Matrix([[exact(sp.diff(f, s), point) for f in stacked] for s in order])


def loss_derivatives(net, X, Y, hessian=True):
    """(gradient list, Hessian sympy Matrix or None) of J by sympy."""
    loss, outs, order, point = sympy_model(net, X, Y)
    grads = [sp.diff(loss, a) for a in order]
    g = [exact(x, point) for x in grads]
    H = sp.Matrix([[exact(sp.diff(ga, b), point) for b in order] for ga in grads]) if hessian else None
    return g, H


def inertia(H):
    """(n+, n-, n0) of a rational symmetric sympy Matrix: the characteristic polynomial is real-rooted,
    so Descartes' rule of signs counts its positive (and, at -x, negative) roots exactly."""
    x = sp.Symbol("x")
    coeffs = sp.Poly(H.charpoly(x).as_expr(), x).all_coeffs()
    while coeffs and coeffs[-1] == 0:
        coeffs.pop()
    n0 = H.rows - (len(coeffs) - 1)

    def changes(cs):
        signs = [c > 0 for c in cs if c != 0]
        return sum(1 for a, b in zip(signs, signs[1:]) if a != b)

    m = len(coeffs) - 1
    return [changes(coeffs), changes([c * (-1) ** (m - i) for i, c in enumerate(coeffs)]), n0]
