"""Untrusted proof of `shen.xor221.critical`: exact Hessian inertia per point (engine), and for a point
whose Hessian has no negative eigenvalue a search for a descent curve (the witness).

Why every v = 0 critical point is a saddle (the search only has to find the witnesses).  At v = 0
the output is the constant b, so criticality means b = mean(y) = 1/2 and, for every hidden unit k,
I_k := sum_i r_i h_k(x_i) = 0 with r = y - 1/2.  Near such a point
J = (1/4)(|(b - 1/2) 1 + H v|^2 - 2 sum_k v_k I_k(W_1) + |r|^2), so any W_1' close to W_1 with
I_k(W_1') != 0 and a small v_k of the sign of I_k lowers J.  When the gradient of I_k is non-zero
the decrease is of second order (negative curvature: n- > 0).  It vanishes exactly when the unit is
constant on the data or depends on one input only with odds o and 1/o on its two values; then
I_k grows like t^m (m >= 2) along a curve, v_k = kappa t^m gives a decrease of order t^(2m), and
the Hessian is only positive semidefinite.
"""

import itertools
from fractions import Fraction

from ...kernel.exact import Matrix, norm
from ...kernel.poly import Poly
from ...kernel.sturm import sign_on_interval
from ..base import Proof
from . import builds_descent as D
from . import notes

MAX_ORDER = 6
T1_CANDIDATES = [Fraction(1, 2 ** k) for k in range(0, 25)]
VAR = D.VAR


def _P(x):
    return x if isinstance(x, Poly) else Poly.const(Fraction(x))


def _lowest(p):
    p = _P(p)
    if p.is_zero():
        return None
    return min(((m[0][1] if m else 0), c) for m, c in p.terms.items())


def _unit_odds(E_t, k, x):
    o = Poly.const(1)
    for j, xj in enumerate(list(x) + [1]):
        o = o * _P(E_t.rows[j][k]) ** int(xj)
    return o


def _text(x):
    x = norm(x)
    if not isinstance(x, Poly):
        x = Fraction(x)
        return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    out = ""
    for e, c in sorted(((m[0][1] if m else 0), c) for m, c in x.terms.items()):
        mono = "" if e == 0 else VAR if e == 1 else f"{VAR}^{e}"
        a = abs(c)
        a = str(a.numerator) if a.denominator == 1 else f"{a.numerator}/{a.denominator}"
        body = a if not mono else mono if a == "1" else f"{a}*{mono}"
        out += (("-" if c < 0 else "") if not out else (" - " if c < 0 else " + ")) + body
    return out


def curve_spec(E_t, W2_t, t1):
    return {"E": [[_text(x) for x in r] for r in E_t.rows], "W2": [[_text(x) for x in r] for r in W2_t.rows],
            "t1": _text(t1)}


def _holds(objects, prefix, t1):
    """The curve conditions, decided as the kernel will (Sturm), to choose t1."""
    def sign(name, lo_closed, kind):
        return sign_on_interval(objects[prefix + name].rows[0][0], VAR, 0, t1, lo_closed, True, kind)

    E = objects[prefix + "E_t"]
    return (sign("DJ_NUM", False, "negative") and sign("DJ_DEN", True, "positive")
            and all(sign(f"E_t_{j}_{k}", True, "positive") for j in range(E.nrows) for k in range(E.ncols)))


def search_curve(net, X, Y, max_order=MAX_ORDER):
    """A descent curve (E_t, W2_t, t1, m) through a v = 0 critical point, or None.

    For each unit k and direction d in {-1, 0, 1}^3: E_jk(t) = E_jk (1 + d_j t); the correlation
    I_k(t) = <h_k(t), y - b0> = c t^m + O(t^(m+1)).  The smallest m wins; then v_k(t) = kappa t^m
    and b(t) = b0 + beta t^m with beta = -kappa mean(h_k(0)), kappa = c / s (s = |h_k(0) - mean|^2,
    or kappa = c when the unit is constant).  t1 is the largest 2^-j where the signs hold."""
    E1, W2 = net.W
    n1 = E1.ncols
    if any(W2.rows[k][0] != 0 for k in range(n1)):
        return None
    b0 = Fraction(W2.rows[n1][0])
    xs = [[X.rows[j][i] for j in range(X.nrows)] for i in range(X.ncols)]
    r = [Fraction(Y.rows[0][i]) - b0 for i in range(len(xs))]
    best = None
    tv = Poly.var(VAR)
    for k in range(n1):
        for d in itertools.product((0, 1, -1), repeat=E1.nrows):
            if not any(d):
                continue
            E_t = Matrix(E1.nrows, n1, [[norm(E1.rows[j][kk] * (1 + d[j] * tv)) if kk == k else E1.rows[j][kk]
                                         for kk in range(n1)] for j in range(E1.nrows)])
            os_ = [_unit_odds(E_t, k, x) for x in xs]
            den = Poly.const(1)
            for o in os_:
                den = den * (1 + o)
            num = Poly.const(0)
            for i, o in enumerate(os_):
                term = r[i] * o
                for j, oo in enumerate(os_):
                    if j != i:
                        term = term * (1 + oo)
                num = num + term
            low = _lowest(num)
            if low is None or low[0] == 0 or low[0] > max_order:
                continue
            m, cN = low
            c = Fraction(cN) / Fraction(den.evaluate({VAR: 0}))
            key = (m, sum(1 for x in d if x), -abs(c))
            if best is None or key < best[0]:
                best = (key, c, k, E_t)
    if best is None:
        return None
    (m, _, _), c, k, E_t = best
    h0 = [D._logistic(D.unit_odds([E1.rows[j][k] for j in range(E1.nrows)], x)) for x in xs]
    mean = sum(h0, Fraction(0)) / len(h0)
    s = sum(((h - mean) ** 2 for h in h0), Fraction(0))
    kappa = c / s if s else c
    tm = tv ** m
    W2_t = Matrix(n1 + 1, 1, [[norm(kappa * tm) if kk == k else 0] for kk in range(n1)]
                  + [[norm(b0 - kappa * mean * tm)]])
    for t1 in T1_CANDIDATES:
        objs = D.curve_objects(net, (E_t, W2_t, t1), X, Y)
        if _holds(objs, "", t1):
            return E_t, W2_t, t1, m
    return None


def classify(objects, prefix, net, X, Y, ctx, force_curve=False, have_curve=False):
    """(obligations, found curve or None, notes) for one point."""
    inert, obs = ctx.engines.inertia_certificate(objects[f"{prefix}H"], f"{prefix}H", method=ctx.method, seed=ctx.seed)
    found = None
    if not have_curve and (inert[1] == 0 or force_curve):
        found = search_curve(net, X, Y)
    return obs, found, notes.critical_point(prefix, objects, inert, found)


def prove(objects, params, ctx):
    X, Y = D.matrix(D.XOR_X), D.matrix(D.XOR_Y)
    if "family" in params:
        return _prove_family(objects, params, ctx, X, Y)
    net, X, Y = D.single_net(params)
    obs, found, nts = classify(objects, "", net, X, Y, ctx, params.get("descent") == "always",
                               have_curve="curve" in params)
    witness = {"curve": curve_spec(*found[:3])} if found is not None else None
    return Proof(obs, witness=witness, notes=nts + notes.CRITICAL)


def _prove_family(objects, params, ctx, X, Y):
    pts = D.family_of(params)
    obs, curves, nts = [], {}, []
    for i, (E1, r) in enumerate(pts):
        o, found, n = classify(objects, f"p{i}.", D.family_net(E1), X, Y, ctx)
        obs += o
        if found is not None:
            curves[str(i)] = curve_spec(*found[:3])
            nts += [f"rank [h1; h2; 1] = {r}. " + n[0]] + n[1:]
    nts.insert(0, notes.family(params, len(pts), len(curves)))
    return Proof(obs, witness={"curves": curves} if curves else None, notes=nts)
