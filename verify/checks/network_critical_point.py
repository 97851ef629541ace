"""Check `network_critical_point`: the classification of a point of a network's loss.

    not_critical           the exact gradient is not zero
    strict_local_minimum   critical, Hessian positive definite (second-order sufficient condition)
    strict_local_maximum   critical, Hessian negative definite
    strict_saddle          critical, Hessian indefinite (n+ > 0 and n- > 0: directions of negative
                           and of positive curvature)
    degenerate_saddle      critical, Hessian singular and not indefinite, and still a saddle: not a
                           local minimum (n- > 0, or a descent curve) and not a local maximum (n+ > 0,
                           or an ascent curve)
    saddle                 strict or degenerate

A descent curve is t -> theta(t), polynomial in t (the odds of a logistic / tanh layer, the weights
of the others), with theta(0) the point; the trusted build derives from the network
(`Network.curve_loss`) J(theta(t)) - J(theta(0)) = NUM(t) / DEN(t), and the statement asks, by
Sturm's theorem on [0, t1]: NUM < 0 on (0, t1] (ascent: > 0), DEN > 0 and every varying odds entry
> 0 on [0, t1] (so W(t) = log E(t) is a real curve), and every relu pre-activation that varies
keeps its sign at the point on [0, t1] (so the loss is that of the point's activation pattern).
Then every neighbourhood of the point holds points of lower (higher) loss.  The curves are the
witness of an existential statement (quantifier "exists"): only for `degenerate_saddle`, `saddle`
and a case without `expect`; a curve that does not satisfy the conditions leaves the case UNKNOWN.
The case may give candidate curves under `curves: {descent: CURVE, ascent: CURVE}`, with
CURVE = {layers: [{weight | odds: rows, bias | bias_odds: rows}, ...], t1: "p/q"} (omitted entries
stay at the point; entries are polynomial strings in t).
"""

from fractions import Fraction

from ..cases.numbers import InputError, describe, parse_number
from ..cases.polyparse import PolySyntaxError, parse_poly
from ..builders.network import ODDS, PIECEWISE
from ..errors import CertificateError
from ..kernel.exact import Matrix, encode_entry, norm
from ..kernel.poly import Poly
from . import _matrix
from . import _network as N
from .base import AND, NOT, OR, equal, eq, gt, make_statement

NAME = "network_critical_point"
SUMMARY = "classification of a point of a network's loss: minimum, maximum, strict or degenerate saddle"
KEYS = ("network", "data", "curves")
REQUIRED = ("network", "data")
CLASSES = ("not_critical", "strict_local_minimum", "strict_local_maximum", "strict_saddle", "degenerate_saddle",
           "saddle")
EXPECT = {"classification": " | ".join(CLASSES)}
EXISTENTIAL = ("degenerate_saddle", "saddle", None)
VAR = "t"
MAX_CURVE_DEGREE = 16
DIRECTIONS = ("descent", "ascent")
TAKES_WITNESS = True  # where the statement quantifies over one (`build` decides; `problem.build_problem`)


def validate(item, case, err):
    N.validate_spec(item, case, err)
    curves = item.get("curves")
    if curves is not None:
        if not isinstance(curves, dict) or not curves or set(curves) - set(DIRECTIONS):
            raise err("curves", "expected a mapping {descent: CURVE, ascent: CURVE} (either may be omitted)")
        if case.network["loss"] != "square":
            raise err("curves", "curves need the square loss (the cross-entropy loss is not rational)")
    case.curves = curves
    if case.expect is not None:
        _matrix.only(case.expect, ("classification",), err)
        v = case.expect["classification"]
        if v not in CLASSES:
            raise err("expect.classification", f"expected one of {', '.join(CLASSES)}, got {describe(v)}")


def params(case):
    return N.params(case)


def quantifier(case):
    return "exists" if (case.expect or {}).get("classification") in EXISTENTIAL else None


# ====================================================================== curves (trusted)
def curve_entry(x, what):
    if isinstance(x, str):
        try:
            e = parse_number(x)
        except InputError:
            try:
                e = parse_poly(x)
            except (PolySyntaxError, InputError) as ex:
                raise ValueError(f"{what}: not a polynomial in t: {getattr(ex, 'message', ex)}") from None
    else:
        try:
            e = parse_number(x)
        except InputError as ex:
            raise ValueError(f"{what}: {ex.message}") from None
    e = norm(e)
    if isinstance(e, Poly):
        if set(e.variables()) - {VAR}:
            raise ValueError(f"{what}: a curve may only use the variable {VAR!r}, got {e.variables()}")
        if e.degree(VAR) > MAX_CURVE_DEGREE:
            raise ValueError(f"{what}: degree above {MAX_CURVE_DEGREE}")
    return e


def curve_layers(spec, net, what):
    """(A_l(t) for l = 1..L, t1) of a curve spec, checked against the network's shapes."""
    if not isinstance(spec, dict) or set(spec) != {"layers", "t1"}:
        raise ValueError(f"{what}: exactly the keys layers and t1")
    lays = spec["layers"]
    if not isinstance(lays, list) or len(lays) != net.L:
        raise ValueError(f"{what}.layers: one entry per layer ({net.L})")
    out = []
    for l, (lay, cl) in enumerate(zip(net.layers, lays), start=1):
        w = f"{what}.layers[{l - 1}]"
        wkey, bkey = ("odds", "bias_odds") if lay.act in ODDS else ("weight", "bias")
        if not isinstance(cl, dict) or set(cl) - {wkey, bkey} or (bkey in cl and not lay.bias):
            raise ValueError(f"{w}: a mapping with {wkey}" + (f" and {bkey}" if lay.bias else ""))
        rows = [list(r) for r in lay.A.rows]
        if wkey in cl:
            M = cl[wkey]
            if not isinstance(M, list) or len(M) != lay.n_out or \
                    any(not isinstance(r, list) or len(r) != lay.n_in for r in M):
                raise ValueError(f"{w}.{wkey}: a {lay.n_out} x {lay.n_in} matrix")
            for k in range(lay.n_out):
                for j in range(lay.n_in):
                    rows[k][j] = curve_entry(M[k][j], f"{w}.{wkey}")
        if bkey in cl:
            b = cl[bkey]
            if isinstance(b, list) and len(b) == lay.n_out and all(isinstance(r, list) and len(r) == 1 for r in b):
                b = [r[0] for r in b]
            if not isinstance(b, list) or len(b) != lay.n_out or any(isinstance(x, list) for x in b):
                raise ValueError(f"{w}.{bkey}: {lay.n_out} entries")
            for k in range(lay.n_out):
                rows[k][lay.n_in] = curve_entry(b[k], f"{w}.{bkey}")
        out.append(Matrix.from_rows(rows, ncols=lay.A.ncols))
    try:
        t1 = parse_number(spec["t1"])
    except InputError as e:
        raise ValueError(f"{what}.t1: {e.message}") from None
    if t1 <= 0:
        raise ValueError(f"{what}.t1 must be positive")
    return out, t1


def _value(p, t):
    return Fraction(p.evaluate({VAR: t})) if isinstance(p, Poly) else Fraction(p)


def curve_objects(net, X, Y, spec, prefix, what):
    """Objects of a curve: {p}.theta0 (the curve at t = 0, in the network's parameter order), NUM,
    DEN (J(curve(t)) - J(point) = NUM / DEN), T1, DJ_T1 (the change at t1), odds.<l>.<k>.<j> per
    varying odds entry, pos.<n> / neg.<n> per varying relu pre-activation (num * den of it; its sign
    at the point is positive / negative)."""
    A_t, t1 = curve_layers(spec, net, what)
    objs = {}
    at0 = {VAR: 0}
    theta0 = [[norm(A_t[l - 1].rows[k][j].evaluate(at0)) if isinstance(A_t[l - 1].rows[k][j], Poly)
               else A_t[l - 1].rows[k][j]] for l, k, j in net.index()]
    objs[f"{prefix}.theta0"] = Matrix(len(theta0), 1, theta0)
    for l, lay in enumerate(net.layers, start=1):
        if lay.act in ODDS:
            for k, r in enumerate(A_t[l - 1].rows):
                for j, e in enumerate(r):
                    if isinstance(e, Poly):
                        objs[f"{prefix}.odds.{l}.{k + 1}.{j + 1}"] = N.one(e)
    NUM, DEN, signs = net.curve_loss(A_t, X, Y, VAR)
    for n, (l, k, i, s, q) in enumerate(signs):
        objs[f"{prefix}.{'pos' if s > 0 else 'neg'}.{n}"] = N.one(q)
    objs[f"{prefix}.NUM"], objs[f"{prefix}.DEN"], objs[f"{prefix}.T1"] = N.one(NUM), N.one(DEN), N.one(t1)
    d1 = _value(DEN, t1)
    objs[f"{prefix}.DJ_T1"] = N.one(_value(NUM, t1) / d1 if d1 else 0)
    return objs


def curve_conditions(objects, prefix, direction):
    """The conditions of a curve (False when the objects hold none)."""
    if f"{prefix}.NUM" not in objects:
        return False
    t1 = encode_entry(objects[f"{prefix}.T1"].rows[0][0])

    def sign(kind, name, lo_closed=True):
        return {kind: [name, VAR, 0, t1, lo_closed, True]}

    parts = [equal("theta", f"{prefix}.theta0"),
             sign("negative_on" if direction == "descent" else "positive_on", f"{prefix}.NUM", False),
             sign("positive_on", f"{prefix}.DEN")]
    for name in sorted(objects):
        if name.startswith(f"{prefix}.odds.") or name.startswith(f"{prefix}.pos."):
            parts.append(sign("positive_on", name))
        elif name.startswith(f"{prefix}.neg."):
            parts.append(sign("negative_on", name))
    return AND(*parts)


# ====================================================================== build
def build(case, ev, witness=None):
    q = quantifier(case)
    if witness is not None and q is None:
        raise CertificateError("witness", f"classification {case.expect['classification']} is decided by the "
                                          "gradient and the Hessian at the point: a certificate may not add curves")
    net, X, Y, objs = N.build_network(case, ev)
    objs["theta"] = net.theta()
    objs["G"] = N.memo("G", objs, params(case), lambda: net.gradient(X, Y))
    objs["H"] = N.memo("H", objs, params(case), lambda: net.hessian(X, Y))
    curves = case.curves or {}
    where = "curves"
    if witness is not None:
        if not isinstance(witness, dict) or not witness or set(witness) - set(DIRECTIONS):
            raise CertificateError("witness", "the witness is {descent: CURVE, ascent: CURVE}")
        curves, where = witness, "witness"
    for d in DIRECTIONS:
        if d in curves:
            try:
                objs.update(curve_objects(net, X, Y, curves[d], d, f"{where}.{d}"))
            except ValueError as e:
                if witness is not None:
                    raise CertificateError("witness", str(e)) from None
                raise case.error(f"curves.{d}", str(e)) from None
    return objs


# ====================================================================== statement
def classes(objects):
    """{class: predicate} over the objects G, H and the curves."""
    crit = N.critical("G")
    p, n, z = (N.inertia_count("H", k) for k in range(3))
    descent, ascent = curve_conditions(objects, "descent", "descent"), curve_conditions(objects, "ascent", "ascent")
    not_min = OR(gt(n, 0), descent)
    not_max = OR(gt(p, 0), ascent)
    indefinite = AND(gt(p, 0), gt(n, 0))
    return {"not_critical": NOT(crit), "strict_local_minimum": AND(crit, eq(n, 0), eq(z, 0)),
            "strict_local_maximum": AND(crit, eq(p, 0), eq(z, 0)), "strict_saddle": AND(crit, indefinite),
            "degenerate_saddle": AND(crit, gt(z, 0), NOT(indefinite), not_min, not_max),
            "saddle": AND(crit, not_min, not_max)}, descent, ascent


def statement(case, objects):
    cls, descent, ascent = classes(objects)
    want = (case.expect or {}).get("classification")
    if want is None:
        pred = OR(*[cls[c] for c in CLASSES if c != "saddle"])
        polarity = None
    else:
        pred, polarity = cls[want], "confirmed"
    report = {"critical": N.critical("G"), "inertia": {"inertia": "H"}}
    report.update({c: cls[c] for c in CLASSES if c not in ("not_critical", "saddle")})
    for d, cond in (("descent", descent), ("ascent", ascent)):
        if cond is not False:
            report[f"{d}_curve"] = cond
            report[f"{d}_t1"] = {"entry": [f"{d}.T1", 0, 0]}
            report[f"{d}_loss_change_at_t1"] = {"entry": [f"{d}.DJ_T1", 0, 0]}
    st = make_statement(pred, polarity=polarity, quantifier=quantifier(case), report=report)
    return st


# ====================================================================== proof (untrusted)
def prove(case, objects, ctx):
    from ..engines.auto import inertia_proof
    from .base import Proof

    proof = inertia_proof(objects["H"], "H", ctx)
    inert = proof.engine_value["inertia"]
    critical = all(r[0] == 0 for r in objects["G"].rows)
    notes = [f"Hessian inertia {tuple(inert)} (n+, n-, n0) over {objects['H'].nrows} parameters; the point is "
             + ("critical" if critical else "not critical (the gradient is not zero)")]
    want = (case.expect or {}).get("classification")
    p, n, z = inert
    if not critical or z == 0 or (p > 0 and n > 0) or quantifier(case) is None:
        return Proof(proof.obligations, notes=notes, engine_value=proof.engine_value)
    from . import network_search

    found, search_notes = network_search.search(case, objects, inert, ctx, want)
    notes += search_notes
    return Proof(proof.obligations, witness=found or None, notes=notes, engine_value=proof.engine_value)
