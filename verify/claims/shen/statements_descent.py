"""Trusted statement of `shen.xor221.critical`: "this critical point of the F(2,2,1) XOR network is a
saddle" (or: every point of the family is), i.e. it is critical (the exact gradient is zero), not a
local maximum (the Hessian has n+ > 0) and not a local minimum: either n- > 0 (second-order
necessary condition), or a descent curve W(t) = log E(t), W_2(t) through the point with
J(W(t)) < J(W(0)) for every t in (0, t1] exists.  The curve (the witness) certifies the last part
when its objects say: it starts at the point, every odds entry E_jk(t) is positive on [0, t1] (so
W(t) = log E(t) is a continuous real curve), DJ_DEN > 0 on [0, t1] and DJ_NUM < 0 on (0, t1]
(Sturm's theorem, decided by the kernel)."""

from ...checks.base import AND, OR, equal, gt
from ...kernel.exact import encode_entry
from .builds_descent import VAR, family_of


def _sign(kind, name, t1, lo_closed):
    return {kind: [name, VAR, 0, t1, lo_closed, True]}


def descent(objects, prefix):
    """The descent-curve conditions of a point (false when the objects hold no curve for it)."""
    if f"{prefix}E_t" not in objects:
        return False
    t1 = encode_entry(objects[f"{prefix}T1"].rows[0][0])
    E = objects[f"{prefix}E_t"]
    odds = [_sign("positive_on", f"{prefix}E_t_{j}_{k}", t1, True) for j in range(E.nrows) for k in range(E.ncols)]
    return AND(equal(f"{prefix}E_t0", f"{prefix}E_1"), equal(f"{prefix}W2_t0", f"{prefix}W_2"), *odds,
               _sign("negative_on", f"{prefix}DJ_NUM", t1, False), _sign("positive_on", f"{prefix}DJ_DEN", t1, True))


def point(objects, prefix, force_curve=False):
    """(saddle predicate, report) of one point."""
    inertia = {"inertia": f"{prefix}H"}
    critical = {"is_zero": f"{prefix}G"}
    not_max = gt({"index": [inertia, 0]}, 0)
    neg_curv = gt({"index": [inertia, 1]}, 0)
    curve = descent(objects, prefix)
    not_min = curve if force_curve else OR(neg_curv, curve)
    pred = AND(critical, not_max, not_min)
    report = {"critical": critical, "inertia": inertia, "negative_curvature": neg_curv}
    if curve is not False:
        report.update({"descent_curve": curve, "t1": {"entry": [f"{prefix}T1", 0, 0]},
                       "loss_change_at_t1": {"entry": [f"{prefix}DJ_T1", 0, 0]}})
    report["saddle"] = pred
    return pred, report


def critical(params, objects):
    if "family" in params:
        n = len(family_of(params))
        preds = [point(objects, f"p{i}.")[0] for i in range(n)]
        curves = sum(1 for i in range(n) if f"p{i}.E_t" in objects)
        return AND(*preds), {"points": n, "curves_in_witness": curves, "all_saddles": AND(*preds)}
    descent_mode = params.get("descent")
    if descent_mode not in (None, "always"):
        raise ValueError("descent: always (or omit)")
    return point(objects, "", force_curve=descent_mode == "always")
