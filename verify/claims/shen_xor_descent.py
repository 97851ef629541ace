"""Classification of the v = 0 critical points of the F(2,2,1) XOR network (paper 001 §5.1).

Claim `shen.xor221.critical`: "this critical point of the F(2,2,1) XOR network (logistic hidden units,
dummy units, squared loss J = (1/4) sum_i (F(W, x_i) - y_i)^2) is a saddle: it is critical, it is
not a local maximum and it is not a local minimum".

Hidden units are given by their odds E = exp(W_1) (see `verify.builders.mlp`); a point is
(E_1, W_2) with W_2 = [v; b].  What the certificate establishes, per point:
- critical: the exact gradient (forward jets, `MLP.gradient`) is zero (`is_zero`);
- not a local maximum: the exact Hessian has n+ > 0 (kernel rule `inertia`);
- not a local minimum, either
  (a) n- > 0 (second-order necessary condition), or
  (b) an exact *descent curve*: a polynomial curve t -> (E(t), W_2(t)) in odds coordinates with
      (E(0), W_2(0)) = the point (rule `equal`), every entry of E(t) positive on [0, t1] (rule `sturm`),
      and J(W(t)) - J(W(0)) = NUM(t) / DEN(t) with NUM < 0 on (0, t1] and DEN > 0 on [0, t1]
      (rule `sturm`).  W(t) = log E(t) is then a continuous curve of real weights through the point
      along which the loss is strictly smaller for every t in (0, t1], so no neighbourhood of the
      point is a minimum.  NUM and DEN are built here (trusted base) from the curve by polynomial
      arithmetic; the value NUM(t1)/DEN(t1) is also compared (rule `equal`) with the loss change
      computed by the independent MLP forward pass at t = t1.

Why every v = 0 critical point is a saddle (the search below only has to find the witnesses).
At v = 0 the output is the constant b, so criticality means b = mean(y) = 1/2 and, for every hidden
unit k, I_k := sum_i r_i h_k(x_i) = 0 with r = y - 1/2 (the unit is uncorrelated with the XOR residual).
Near such a point J = (1/4)(|(b - 1/2) 1 + H v|^2 - 2 sum_k v_k I_k(W_1) + |r|^2), so any W_1' close to
W_1 with I_k(W_1') != 0 and a small v_k of the sign of I_k lowers J; I_k is a non-constant analytic
function of the unit's weights, so such W_1' exist arbitrarily close.  When the gradient of I_k is
non-zero the decrease is of second order (negative curvature: n- > 0).  It vanishes exactly when the
unit is constant on the data or depends on one input only with odds o and 1/o on its two values
(e.g. odds 2 -> 1/2); then I_k grows like t^m (m >= 2) along a curve, v_k = kappa t^m gives a decrease
of order t^(2m), and the Hessian is only positive semidefinite.

Parameters: `net` (as in `shen_nets`, default: the PSD point E_1 = [[1, 1/4], [1, 1], [2, 2]],
v = 0, b = 1/2); optional `curve: {E: rows, W2: rows, t1}` (entries: polynomial strings in t, or
numbers) to check a given curve instead of searching; `descent: always` to certify a descent curve
even where the Hessian has a negative eigenvalue; or `family: {grid: [odds...], rank_drop_only: bool}`:
every v = 0, b = 1/2 critical point whose hidden odds lie in the grid, up to the symmetries of the
XOR task (swapping the hidden units, swapping x1 and x2), each classified as above.
"""

import itertools
from fractions import Fraction

from ..builders.mlp import act_odds
from ..cases.polyparse import parse_poly
from ..errors import Unknown
from ..kernel.exact import Matrix, encode_entry, is_scalar, norm
from ..kernel.poly import Poly
from .base import Claim, Proof
from .shen_common import enc_num, fast_rank, mat, num
from .shen_nets import XOR_X, XOR_Y, _xor_net, net_from

VAR = "t"
PSD_POINT = _xor_net(2, [[1, "1/4"], [1, 1], [2, 2]], [[0], [0], ["1/2"]])
MAX_ORDER = 6          # highest order m of I_k(t) the curve search looks at
T1_CANDIDATES = [Fraction(1, 2 ** k) for k in range(0, 25)]


# ====================================================================== exact pieces (trusted: build)
def _P(x):
    return x if isinstance(x, Poly) else Poly.const(Fraction(x))


def _entry(x, what):
    """An exact entry of a curve: a number, or a polynomial string in t."""
    e = parse_poly(x) if isinstance(x, str) else num(x, what)
    if isinstance(e, Poly) and any(v != VAR for v in e.variables()):
        raise ValueError(f"{what}: a curve may only use the variable {VAR!r}, got {e.variables()}")
    return e


def curve_from_spec(spec):
    """(E_t, W2_t, t1) from a curve spec {E: rows, W2: rows, t1: number}."""
    if not isinstance(spec, dict) or not {"E", "W2", "t1"} <= set(spec):
        raise ValueError("a curve needs keys E, W2 and t1")
    E = Matrix.from_rows([[_entry(x, "curve.E") for x in r] for r in spec["E"]])
    W2 = Matrix.from_rows([[_entry(x, "curve.W2") for x in r] for r in spec["W2"]])
    t1 = Fraction(num(spec["t1"], "curve.t1"))
    if t1 <= 0:
        raise ValueError("curve.t1 must be positive")
    return E, W2, t1


def _columns(X):
    return [[X.rows[j][i] for j in range(X.nrows)] for i in range(X.ncols)]


def _unit_odds(E_t, k, x):
    """prod_j E_jk(t)^{x_j} (with the dummy input 1 last) as a Poly; inputs must be integers >= 0."""
    o = Poly.const(1)
    for j, xj in enumerate(list(x) + [1]):
        xj = Fraction(xj)
        if xj.denominator != 1 or xj < 0:
            raise ValueError("descent curves need non-negative integer inputs")
        o = o * _P(E_t.rows[j][k]) ** int(xj)
    return o


def loss_change(E_t, W2_t, X, Y):
    """(NUM, DEN, J0): J(t) - J(0) = NUM(t) / DEN(t) along the curve, J0 = J(0).

    F(2, n1, 1) with logistic hidden units (odds E_t), a dummy hidden unit and an identity output:
    f_i = b + sum_k v_k o_ik / (1 + o_ik) = A_i / B_i with B_i = prod_k (1 + o_ik); residual
    R_i / B_i with R_i = A_i - y_i B_i; J = (1/T) sum_i R_i^2 / B_i^2; DEN = T prod_i B_i^2."""
    n1 = E_t.ncols
    v = [_P(W2_t.rows[k][0]) for k in range(n1)]
    b = _P(W2_t.rows[n1][0])
    Rs, Bs = [], []
    for i, x in enumerate(_columns(X)):
        o = [_unit_odds(E_t, k, x) for k in range(n1)]
        B = Poly.const(1)
        for ok in o:
            B = B * (1 + ok)
        A = b * B
        for k in range(n1):
            term = v[k] * o[k]
            for kk in range(n1):
                if kk != k:
                    term = term * (1 + o[kk])
            A = A + term
        Rs.append(A - Fraction(Y.rows[0][i]) * B)
        Bs.append(B)
    T = len(Rs)
    at0 = {VAR: 0}
    J0 = sum((Fraction(norm(R.evaluate(at0))) ** 2 / Fraction(norm(B.evaluate(at0))) ** 2
              for R, B in zip(Rs, Bs)), Fraction(0)) / T
    Q = Poly.const(1)
    for B in Bs:
        Q = Q * B * B
    NUM = Poly.const(0)
    for i, R in enumerate(Rs):
        term = R * R
        for j, B in enumerate(Bs):
            if j != i:
                term = term * B * B
        NUM = NUM + term
    NUM = NUM - T * J0 * Q
    return norm(NUM), norm(T * Q), norm(J0)


def _one(x):
    return Matrix(1, 1, [[norm(x)]])


def curve_objects(E_t, W2_t, t1, X, Y, prefix=""):
    """The problem objects of a descent curve (names prefixed): E_t, W2_t, their values at t = 0
    (E_t0, W2_t0), one 1 x 1 object per entry of E_t (E_t_j_k, for positivity), NUM and DEN, and the
    loss change at t1 twice: from NUM/DEN (DJ_t1_rat) and from the MLP forward pass (DJ_t1_mlp)."""
    from ..builders.mlp import MLP

    at0, at1 = {VAR: 0}, {VAR: t1}
    objs = {f"{prefix}E_t": E_t, f"{prefix}W2_t": W2_t,
            f"{prefix}E_t0": E_t.evaluate(at0), f"{prefix}W2_t0": W2_t.evaluate(at0)}
    for j in range(E_t.nrows):
        for k in range(E_t.ncols):
            objs[f"{prefix}E_t_{j}_{k}"] = _one(E_t.rows[j][k])
    NUM, DEN, _ = loss_change(E_t, W2_t, X, Y)
    objs[f"{prefix}NUM"], objs[f"{prefix}DEN"] = _one(NUM), _one(DEN)
    n1 = E_t.ncols
    d1 = _P(DEN).evaluate(at1)
    objs[f"{prefix}DJ_t1_rat"] = _one(Fraction(_P(NUM).evaluate(at1)) / d1 if d1 else 0)
    widths, acts = [X.nrows, n1, 1], ["logistic", "identity"]
    try:
        J = [MLP(widths, acts, [E_t.evaluate(p), W2_t.evaluate(p)], [True, True]).loss(X, Y) for p in (at0, at1)]
        objs[f"{prefix}DJ_t1_mlp"] = _one(Fraction(J[1]) - Fraction(J[0]))
    except ValueError:  # non-positive odds at t1: the positivity obligations fail, the case is UNKNOWN
        objs[f"{prefix}DJ_t1_mlp"] = _one(0)
    return objs


def point_objects(net, X, Y, prefix=""):
    """E_1, W_2, the exact gradient G and Hessian H (forward jets) of the point."""
    return {f"{prefix}E_1": net.W[0], f"{prefix}W_2": net.W[1],
            f"{prefix}G": net.gradient(X, Y), f"{prefix}H": net.hessian(X, Y)}


def curve_spec(E_t, W2_t, t1):
    """JSON curve spec (polynomial strings in t) of a curve; inverse of `curve_from_spec`."""
    return {"E": [[_text(x) for x in r] for r in E_t.rows], "W2": [[_text(x) for x in r] for r in W2_t.rows],
            "t1": enc_num(t1)}


def _text(x):
    x = norm(x)
    if is_scalar(x):
        return enc_num(x)
    out = ""
    for e, c in sorted(((m[0][1] if m else 0), c) for m, c in x.terms.items()):
        mono = "" if e == 0 else VAR if e == 1 else f"{VAR}^{e}"
        a = enc_num(abs(c))
        body = a if not mono else mono if a == 1 else f"{a}*{mono}"
        out += (("-" if c < 0 else "") if not out else (" - " if c < 0 else " + ")) + str(body)
    return out


# ====================================================================== the family of v = 0 points
def _logistic(o):
    return act_odds("logistic", o)[0]


def _interaction(col, X, Y, b0):
    """I = sum_i (y_i - b0) sigma(o_i) for a unit with odds column col (exact)."""
    return sum(((Fraction(Y.rows[0][i]) - b0) * _logistic(_odds(col, x)) for i, x in enumerate(_columns(X))),
               Fraction(0))


def _odds(col, x):
    o = Fraction(1)
    for e, xj in zip(col, list(x) + [1]):
        o *= Fraction(e) ** int(xj)
    return o


def family_points(grid, rank_drop_only=True):
    """Every F(2,2,1) XOR point with v = 0, b = 1/2 and hidden odds in `grid` that is critical, up to
    swapping the two hidden units and swapping x1, x2 (both leave the XOR loss invariant).  Returns
    a list of (E1 rows, rank of [h_1; h_2; 1]).  Criticality: each unit has I_k = 0 (at v = 0 the
    weight gradient vanishes and the b-gradient is zero at b = mean(y) = 1/2)."""
    X, Y = mat(XOR_X), mat(XOR_Y)
    b0 = Fraction(1, 2)
    grid = [Fraction(num(g, "family.grid")) for g in grid]
    if any(g <= 0 for g in grid):
        raise ValueError("family.grid: odds must be positive")
    units = [c for c in itertools.product(grid, repeat=3) if _interaction(c, X, Y, b0) == 0]
    seen, out = set(), []
    for c1, c2 in itertools.combinations_with_replacement(units, 2):
        forms = []
        for a, b in ((c1, c2), (c2, c1)):
            for sw in (False, True):
                f = lambda c: (c[1], c[0], c[2]) if sw else c  # noqa: E731
                forms.append((f(a), f(b)))
        key = min(forms)
        if key in seen:
            continue
        seen.add(key)
        E1 = [[c1[j], c2[j]] for j in range(3)]
        H = Matrix(3, 4, [[_logistic(_odds(c, x)) for x in _columns(X)] for c in (c1, c2)] + [[1] * 4])
        r = fast_rank(H)
        if rank_drop_only and r == 3:
            continue
        out.append(([[enc_num(e) for e in row] for row in E1], r))
    return out


# ====================================================================== the curve search (untrusted)
def _lowest(p):
    """(order, coefficient) of the lowest non-zero term of a univariate Poly / scalar (None if zero)."""
    p = _P(p)
    if p.is_zero():
        return None
    return min(((m[0][1] if m else 0), c) for m, c in p.terms.items())


def search_curve(E1, W2, X, Y, max_order=MAX_ORDER):
    """A descent curve through a v = 0 critical point, or None.

    For each unit k and direction d in {-1, 0, 1}^3: E_jk(t) = E_jk (1 + d_j t); the correlation
    I_k(t) = <h_k(t), y - b0> = c t^m + O(t^(m+1)).  The smallest m wins; then v_k(t) = kappa t^m and
    b(t) = b0 + beta t^m with beta = -kappa mean(h_k(0)), kappa = c / s (s = |h_k(0) - mean|^2, or
    kappa = c when the unit is constant), so that J(t) - J(0) = -(c^2/s) t^(2m) / T + O(t^(2m+1)).
    t1 is the largest 2^-j for which the kernel's own Sturm check passes on every obligation."""
    from ..kernel.sturm import check_sturm

    n1 = E1.ncols
    if any(W2.rows[k][0] != 0 for k in range(n1)):
        return None
    b0 = Fraction(W2.rows[n1][0])
    xs = _columns(X)
    r = [Fraction(Y.rows[0][i]) - b0 for i in range(len(xs))]
    best = None
    for k in range(n1):
        for d in itertools.product((0, 1, -1), repeat=E1.nrows):
            if not any(d):
                continue
            tv = Poly.var(VAR)
            E_t = Matrix(E1.nrows, n1, [[norm(E1.rows[j][kk] * (1 + d[j] * tv)) if kk == k else E1.rows[j][kk]
                                         for kk in range(n1)] for j in range(E1.nrows)])
            # I(t) = sum_i r_i o_i / (1 + o_i) = N / D
            os_ = [_unit_odds(E_t, k, x) for x in xs]
            D = Poly.const(1)
            for o in os_:
                D = D * (1 + o)
            N = Poly.const(0)
            for i, o in enumerate(os_):
                term = r[i] * o
                for j, oo in enumerate(os_):
                    if j != i:
                        term = term * (1 + oo)
                N = N + term
            low = _lowest(N)
            if low is None or low[0] == 0 or low[0] > max_order:
                continue
            m, cN = low
            c = Fraction(cN) / Fraction(D.evaluate({VAR: 0}))
            key = (m, sum(1 for x in d if x), -abs(c))  # lowest order, then the simplest direction
            if best is None or key < best[0]:
                best = (key, c, k, E_t)
    if best is None:
        return None
    (m, _, _), c, k, E_t = best
    h0 = [_logistic(_odds([E1.rows[j][k] for j in range(E1.nrows)], x)) for x in xs]
    mean = sum(h0, Fraction(0)) / len(h0)
    s = sum(((h - mean) ** 2 for h in h0), Fraction(0))
    kappa = c / s if s else c
    beta = -kappa * mean
    tm = Poly.var(VAR) ** m
    W2_t = Matrix(n1 + 1, 1, [[norm(kappa * tm) if kk == k else 0] for kk in range(n1)] + [[norm(b0 + beta * tm)]])
    for t1 in T1_CANDIDATES:
        objs = curve_objects(E_t, W2_t, t1, X, Y)
        try:
            for ob in _curve_obligations("", E_t, t1):
                if ob["rule"] == "sturm":
                    check_sturm(ob, objs)
        except Exception:  # noqa: BLE001 - an untrusted search: try a smaller t1
            continue
        return E_t, W2_t, t1, m
    return None


# ====================================================================== obligations and predicates
def _sturm(name, sign, t1, lo_closed, label):
    return {"rule": "sturm", "matrix": name, "variable": VAR, "lo": 0, "hi": encode_entry(t1),
            "lo_closed": lo_closed, "hi_closed": True, "sign": sign, "label": label}


def _curve_obligations(prefix, E_t, t1):
    obs = [{"rule": "equal", "lhs": f"{prefix}E_t0", "rhs": f"{prefix}E_1", "label": f"{prefix}start_E"},
           {"rule": "equal", "lhs": f"{prefix}W2_t0", "rhs": f"{prefix}W_2", "label": f"{prefix}start_W2"},
           {"rule": "equal", "lhs": f"{prefix}DJ_t1_rat", "rhs": f"{prefix}DJ_t1_mlp", "label": f"{prefix}loss_at_t1"},
           _sturm(f"{prefix}NUM", "negative", t1, False, f"{prefix}num_negative"),
           _sturm(f"{prefix}DEN", "positive", t1, True, f"{prefix}den_positive")]
    for j in range(E_t.nrows):
        for k in range(E_t.ncols):
            obs.append(_sturm(f"{prefix}E_t_{j}_{k}", "positive", t1, True, f"{prefix}odds_positive_{j}_{k}"))
    return obs


def _curve_predicate(prefix, obs):
    return {"and": [{"fact": ob["label"]} for ob in obs]}


def _classify(objects, prefix, X, Y, ctx, curve=None, force_curve=False):
    """Obligations, saddle predicate, report and notes for one point (objects already built);
    `curve` = (E_t, W2_t, t1) if one is given.  Returns (obs, predicate, report, notes, found_curve)."""
    inert, obs = ctx.engines.inertia_certificate(objects[f"{prefix}H"], f"{prefix}H", method=ctx.method, seed=ctx.seed)
    critical = {"is_zero": f"{prefix}G"}
    inertia = {"inertia": f"{prefix}H"}
    not_max = {"gt": [{"index": [inertia, 0]}, 0]}
    neg_curv = {"gt": [{"index": [inertia, 1]}, 0]}
    report = {"critical": critical, "inertia": inertia, "negative_curvature": neg_curv}
    notes = [f"{prefix or 'point'}: hidden odds E_1 = {_rows(objects[prefix + 'E_1'])}, W_2 = "
             f"{_rows(objects[prefix + 'W_2'])}; Hessian inertia (n+, n-, n0) = {inert}."]
    found = None
    if curve is None and (inert[1] == 0 or force_curve):
        found = search_curve(objects[f"{prefix}E_1"], objects[f"{prefix}W_2"], X, Y)
        if found is None:
            raise Unknown(f"{prefix or 'the point'}: Hessian inertia {inert} (no negative eigenvalue) and no descent "
                          f"curve of order <= {MAX_ORDER} found; a strict local minimum on its fibre is not excluded")
        curve = found[:3]
    if curve is not None:
        E_t, W2_t, t1 = curve
        cobs = _curve_obligations(prefix, E_t, t1)
        if found is None:  # a given curve: say why it fails instead of handing the kernel a bad certificate
            _precheck(objects, cobs, prefix)
        obs = obs + cobs
        descent = _curve_predicate(prefix, cobs)
        not_min = {"or": [neg_curv, descent]} if not force_curve else descent
        report.update({"descent_curve": descent, "t1": encode_entry(t1),
                       "loss_change_at_t1": {"entry": [f"{prefix}DJ_t1_mlp", 0, 0]}})
        order = f" (I_k of order t^{found[3]}, loss change of order t^{2 * found[3]})" if found else ""
        notes.append(f"{prefix or 'point'}: descent curve E(t) = {_rows(E_t)}, W_2(t) = {_rows(W2_t)}, t1 = {t1}"
                     f"{order}: J(W(t)) < J(W(0)) for 0 < t <= t1.")
    else:
        not_min = neg_curv
    pred = {"and": [critical, not_max, not_min]}
    report["saddle"] = pred
    return obs, pred, report, notes, found


def _precheck(objects, obs, prefix):
    from ..errors import CertificateError
    from ..kernel.rules import check_obligation

    for ob in obs:
        try:
            check_obligation(ob, objects)
        except (CertificateError, KeyError) as exc:
            raise Unknown(f"{prefix or 'the point'}: the given curve is not a certified descent curve "
                          f"({ob['label']}: {exc})") from None


def _rows(M):
    return [[_text(x) for x in r] for r in M.rows]


# ====================================================================== build and prove
def _family(params):
    fam = params["family"]
    if not isinstance(fam, dict):
        raise ValueError("family must be a mapping {grid: [...], rank_drop_only: bool}")
    return family_points(fam.get("grid", ["1/4", "1/2", 1, 2, 4]), bool(fam.get("rank_drop_only", True)))


def build(params, witness=None):
    X, Y = mat(params.get("X", XOR_X), "X"), mat(params.get("Y", XOR_Y), "Y")
    objs = {}
    if "family" in params:
        curves = (witness or {}).get("curves", {})
        for i, (E1, _) in enumerate(_family(params)):
            net, _, _ = net_from({"net": _xor_net(2, E1, [[0], [0], ["1/2"]])})
            objs.update(point_objects(net, X, Y, f"p{i}."))
            if str(i) in curves:
                objs.update(curve_objects(*curve_from_spec(curves[str(i)]), X, Y, f"p{i}."))
        return objs
    p = dict(params)
    p.setdefault("net", PSD_POINT)
    net, X, Y = net_from(p)
    if net.widths[-1] != 1 or net.acts != ["logistic", "identity"] or net.dummy != [True, True]:
        raise ValueError("shen.xor221.critical: F(n0, n1, 1) with logistic hidden units, identity output and "
                         "dummy units only")
    objs.update(point_objects(net, X, Y))
    spec = params.get("curve") or (witness or {}).get("curve")
    if spec:
        objs.update(curve_objects(*curve_from_spec(spec), X, Y))
    return objs


def prove(objects, params, ctx):
    X, Y = mat(params.get("X", XOR_X), "X"), mat(params.get("Y", XOR_Y), "Y")
    if "family" in params:
        return _prove_family(objects, params, ctx, X, Y)
    given = curve_from_spec(params["curve"]) if params.get("curve") else None
    force = params.get("descent") == "always"
    obs, pred, report, notes, found = _classify(objects, "", X, Y, ctx, given, force)
    witness, extra = None, {}
    if found is not None:
        witness = {"curve": curve_spec(*found[:3])}
        extra = curve_objects(*found[:3], X, Y)
    if "descent_curve" in report:
        J0 = net_from(dict(params, net=params.get("net", PSD_POINT)))[0].loss(X, Y)
        dj = (extra or objects)["DJ_t1_mlp"].rows[0][0]
        notes.append(f"J(W(0)) = {J0}, J(W(t1)) = {norm(Fraction(J0) + Fraction(dj))}, change {dj}.")
    notes.append("A saddle here: critical, not a local maximum (n+ > 0), not a local minimum (n- > 0, or the "
                 "certified descent curve W(t) = log E(t) through the point).")
    return Proof(obligations=obs, predicate=pred, report=report, witness=witness, notes=notes, objects=extra)


def _prove_family(objects, params, ctx, X, Y):
    pts = _family(params)
    obs, preds, notes, curves, extra = [], [], [], {}, {}
    counts = {"negative curvature": 0, "descent curve": 0}
    for i, (E1, r) in enumerate(pts):
        o, pred, rep, nts, found = _classify(objects, f"p{i}.", X, Y, ctx)
        obs += o
        preds.append(pred)
        if found is not None:
            curves[str(i)] = curve_spec(*found[:3])
            extra.update(curve_objects(*found[:3], X, Y, f"p{i}."))
            counts["descent curve"] += 1
            notes += [f"rank [h1; h2; 1] = {r}. " + nts[0]] + nts[1:]
        else:
            counts["negative curvature"] += 1
    fam = params["family"]
    notes.insert(0, f"{len(pts)} critical points with v = 0, b = 1/2 and hidden odds in {fam.get('grid')} "
                    f"({'rank-drop points only, ' if fam.get('rank_drop_only', True) else ''}up to swapping units "
                    f"and inputs): {counts['negative curvature']} saddles by negative curvature, "
                    f"{counts['descent curve']} with a PSD Hessian, each a saddle by a certified descent curve "
                    "(listed below).")
    report = {"points": len(pts), "by_negative_curvature": counts["negative curvature"],
              "by_descent_curve": counts["descent curve"], "all_saddles": {"and": preds}}
    return Proof(obligations=obs, predicate={"and": preds}, report=report,
                 witness={"curves": curves} if curves else None, notes=notes, objects=extra)


CLAIMS = {
    "shen.xor221.critical": Claim(
        id="shen.xor221.critical",
        title="F(2,2,1) XOR: a v = 0 critical point is a saddle (negative curvature or an exact descent curve)",
        source="001 §5.1, Thm 1",
        build=build, prove=prove,
        params_doc="net (default: the PSD point E_1 = [[1,1/4],[1,1],[2,2]], v = 0, b = 1/2); curve: {E, W2, t1} "
                   "(polynomial strings in t); descent: always; or family: {grid: [odds], rank_drop_only: bool}"),
}

__all__ = ["CLAIMS", "loss_change", "curve_objects", "search_curve", "family_points", "curve_from_spec"]
