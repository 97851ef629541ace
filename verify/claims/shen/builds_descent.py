"""Trusted builds of `shen.xor221.critical`: the v = 0 critical points of the F(2,2,1) XOR network
(paper 001 §5.1) and the descent curves that certify that a point is not a local minimum.

The point (or the family of points) is fixed by the params.  The statement is existential in the
curve only ("there is a curve along which the loss decreases"): the witness is
{curve: {E, W2, t1}} (one point) or {curves: {index: {E, W2, t1}}} (a family); params.curve, where
given, is the default candidate.  A curve is t -> (E(t), W_2(t)), polynomial entries in t (strings
in the case grammar, or numbers), E(t) the odds of the hidden layer, with t1 > 0.  From it and the
trusted network (`verify.builders.mlp.MLP.loss_rational`: exact polynomial composition, sigma =
o / (1 + o)) the build derives

    J(W(t)) - J(W(0)) = DJ_NUM(t) / DJ_DEN(t),      J(W(0)) the loss of the params' point,

so the only untrusted input is the curve itself; the statement checks the curve's start and the
signs of DJ_NUM, DJ_DEN and of every odds entry on [0, t1] by Sturm's theorem (`positive_on` /
`negative_on`).
"""

import itertools
from fractions import Fraction
from functools import lru_cache

from ...builders import deep_linear as dl
from ...builders.mlp import MLP, act_odds
from ...cases.polyparse import parse_poly
from ...kernel.exact import Matrix, norm
from ...kernel.poly import Poly
from .builds import number
from .builds_nets import XOR_X, XOR_Y, matrix, net_from, xor_net

VAR = "t"
PSD_POINT = xor_net(2, [[1, "1/4"], [1, 1], [2, 2]], [[0], [0], ["1/2"]])
MAX_CURVE_DEGREE = 16
FAMILY_GRID = ["1/4", "1/2", 1, 2, 4]


# ====================================================================== curves
def curve_entry(x, what):
    """An exact curve entry: a number, or a polynomial string in t of degree <= MAX_CURVE_DEGREE."""
    e = parse_poly(x) if isinstance(x, str) else number(x, what)
    if isinstance(e, Poly):
        if e.variables() != [VAR]:
            raise ValueError(f"{what}: a curve may only use the variable {VAR!r}, got {e.variables()}")
        if e.degree(VAR) > MAX_CURVE_DEGREE:
            raise ValueError(f"{what}: degree above {MAX_CURVE_DEGREE}")
    return e


def curve_from_spec(spec, net, what="curve"):
    """(E(t), W_2(t), t1) from {E, W2, t1}, shaped like the point's E_1 and W_2."""
    if not isinstance(spec, dict) or set(spec) != {"E", "W2", "t1"}:
        raise ValueError(f"{what}: exactly the keys E, W2 and t1")
    E1, W2 = net.W
    for key, M in (("E", E1), ("W2", W2)):
        rows = spec[key]
        if not isinstance(rows, list) or len(rows) != M.nrows or \
                any(not isinstance(r, list) or len(r) != M.ncols for r in rows):
            raise ValueError(f"{what}.{key} must be {M.nrows} x {M.ncols}")
    E_t = Matrix.from_rows([[curve_entry(x, f"{what}.E") for x in r] for r in spec["E"]])
    W2_t = Matrix.from_rows([[curve_entry(x, f"{what}.W2") for x in r] for r in spec["W2"]])
    t1 = number(spec["t1"], f"{what}.t1")
    if t1 <= 0:
        raise ValueError(f"{what}.t1 must be positive")
    return E_t, W2_t, t1


def _one(x):
    return Matrix(1, 1, [[norm(x)]])


def curve_objects(net, curve, X, Y, prefix=""):
    """Objects of a descent curve through the point `net` (names prefixed): E_t, W2_t, their values at
    t = 0 (E_t0, W2_t0), one 1 x 1 object E_t_j_k per odds entry, DJ_NUM and DJ_DEN with
    J(W(t)) - J(point) = DJ_NUM / DJ_DEN, T1 = [[t1]] and DJ_T1 = [[the loss change at t1]]."""
    E_t, W2_t, t1 = curve
    at0 = {VAR: 0}
    objs = {f"{prefix}E_t": E_t, f"{prefix}W2_t": W2_t, f"{prefix}E_t0": E_t.evaluate(at0),
            f"{prefix}W2_t0": W2_t.evaluate(at0), f"{prefix}T1": _one(t1)}
    for j in range(E_t.nrows):
        for k in range(E_t.ncols):
            objs[f"{prefix}E_t_{j}_{k}"] = _one(E_t.rows[j][k])
    moving = MLP(net.widths, net.acts, [E_t, W2_t], net.dummy)
    NUM, DEN = moving.loss_rational(X, Y)
    J0 = Fraction(net.loss(X, Y))
    DNUM = norm(Poly.const(0) + NUM - J0 * DEN)
    objs[f"{prefix}DJ_NUM"], objs[f"{prefix}DJ_DEN"] = _one(DNUM), _one(DEN)
    d1 = _value(DEN, t1)
    objs[f"{prefix}DJ_T1"] = _one(_value(DNUM, t1) / d1 if d1 else 0)
    return objs


def _value(p, t):
    return Fraction(p.evaluate({VAR: t})) if isinstance(p, Poly) else Fraction(p)


def point_objects(net, X, Y, prefix=""):
    """E_1, W_2, the exact gradient G and Hessian H (forward jets) of the point."""
    return {f"{prefix}E_1": net.W[0], f"{prefix}W_2": net.W[1],
            f"{prefix}G": net.gradient(X, Y), f"{prefix}H": net.hessian(X, Y)}


# ====================================================================== the family of v = 0 points
def _logistic(o):
    return act_odds("logistic", o)[0]


def _columns(X):
    return [[X.rows[j][i] for j in range(X.nrows)] for i in range(X.ncols)]


def unit_odds(col, x):
    """prod_j col_j^{x_j} with the dummy input 1 last (integer inputs)."""
    o = Fraction(1)
    for e, xj in zip(col, list(x) + [1]):
        o *= Fraction(e) ** int(xj)
    return o


def interaction(col, X, Y, b0):
    """I = sum_i (y_i - b0) sigma(o_i) for a unit with odds column col (exact)."""
    return sum(((Fraction(Y.rows[0][i]) - b0) * _logistic(unit_odds(col, x)) for i, x in enumerate(_columns(X))),
               Fraction(0))


def family_points(grid, rank_drop_only=True):
    """Every F(2,2,1) XOR point with v = 0, b = 1/2 and hidden odds in `grid` that is critical, up to
    swapping the two hidden units and swapping x1, x2 (both leave the XOR loss invariant): a list of
    (E_1 rows, rank of [h_1; h_2; 1]) in a fixed order.  Criticality: at v = 0 the output-weight
    gradient vanishes where b = mean(y) = 1/2 and each unit is uncorrelated with the residual
    (I_k = 0); the statement checks the gradient of every point anyway.  rank_drop_only keeps the
    points with rank [h_1; h_2; 1] < 3 (exact rank, `deep_linear.rank`)."""
    X, Y = matrix(XOR_X), matrix(XOR_Y)
    b0 = Fraction(1, 2)
    if not isinstance(grid, list) or not grid:
        raise ValueError("family.grid: a non-empty list of odds")
    grid = sorted({Fraction(number(g, "family.grid")) for g in grid})
    if any(g <= 0 for g in grid) or len(grid) > 8:
        raise ValueError("family.grid: at most 8 positive odds")
    units = [c for c in itertools.product(grid, repeat=3) if interaction(c, X, Y, b0) == 0]
    seen, out = set(), []
    for c1, c2 in itertools.combinations_with_replacement(units, 2):
        forms = []
        for a, b in ((c1, c2), (c2, c1)):
            for sw in (False, True):
                f = (lambda c: (c[1], c[0], c[2])) if sw else (lambda c: c)
                forms.append((f(a), f(b)))
        key = min(forms)
        if key in seen:
            continue
        seen.add(key)
        H = Matrix(3, 4, [[_logistic(unit_odds(c, x)) for x in _columns(X)] for c in (c1, c2)] + [[1] * 4])
        r = dl.rank(H)
        if rank_drop_only and r == 3:
            continue
        out.append(([[norm(c1[j]), norm(c2[j])] for j in range(3)], r))
    return out


def family_of(params):
    fam = params["family"]
    if not isinstance(fam, dict) or set(fam) - {"grid", "rank_drop_only"}:
        raise ValueError("family: a mapping {grid: [odds...], rank_drop_only: bool}")
    drop = fam.get("rank_drop_only", True)
    if not isinstance(drop, bool):
        raise ValueError("family.rank_drop_only: a boolean")
    return family_points(fam.get("grid", FAMILY_GRID), drop)


def family_net(E1):
    return net_from({"net": xor_net(2, [[f"{Fraction(x).numerator}/{Fraction(x).denominator}" for x in r]
                                        for r in E1], [[0], [0], ["1/2"]])})[0]


@lru_cache(maxsize=4096)
def _family_point(E1):
    """point_objects of a family point (E1 a tuple of tuples), memoised: the pipeline builds a
    problem twice (without and with the witness), and the objects are a function of E1 alone."""
    X, Y = matrix(XOR_X), matrix(XOR_Y)
    return tuple(point_objects(family_net(E1), X, Y).items())


# ====================================================================== build
def single_net(params):
    p = dict(params)
    p.setdefault("net", PSD_POINT)
    net, X, Y = net_from(p)
    if net.widths[-1] != 1 or net.L != 2 or net.acts != ["logistic", "identity"] or net.dummy != [True, True]:
        raise ValueError("shen.xor221.critical: F(n0, n1, 1) with logistic hidden units, identity output and "
                         "dummy units only")
    return net, X, Y


def build(params, witness=None):
    if "family" in params:
        X, Y = matrix(XOR_X), matrix(XOR_Y)
        pts = family_of(params)
        curves = {}
        if witness is not None:
            if not isinstance(witness, dict) or set(witness) != {"curves"} or not isinstance(witness["curves"], dict):
                raise ValueError("witness: {curves: {point index: curve}}")
            curves = witness["curves"]
            bad = [k for k in curves
                   if not (isinstance(k, str) and k.isdigit() and k == str(int(k)) and int(k) < len(pts))]
            if bad:
                raise KeyError(f"witness.curves: no point {bad[0]!r} in the family")
        objs = {}
        for i, (E1, _) in enumerate(pts):
            objs.update({f"p{i}.{k}": M for k, M in _family_point(tuple(map(tuple, E1)))})
            if str(i) in curves:
                net = family_net(E1)
                objs.update(curve_objects(net, curve_from_spec(curves[str(i)], net, f"curves.{i}"), X, Y, f"p{i}."))
        return objs
    net, X, Y = single_net(params)
    objs = point_objects(net, X, Y)
    if witness is not None:
        if not isinstance(witness, dict) or set(witness) != {"curve"}:
            raise ValueError("witness: {curve: {E, W2, t1}}")
        spec = witness["curve"]
    else:
        spec = params.get("curve")
    if spec is not None:
        objs.update(curve_objects(net, curve_from_spec(spec, net), X, Y))
    return objs
