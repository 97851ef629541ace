"""Trusted statements of the Kawaguchi (002) claims: what the paper asserts of the objects `builds`
makes, as kernel expressions.  Each returns (predicate, report).  Every number here comes from the
params (dims, through trusted code), from the objects' shapes and entries, or from a fact the kernel
checks (rank, inertia); never from a proof.  The set of points is `builds.point_specs(params)`,
fixed before anything is proved; a point whose facts are missing makes its atoms UNKNOWN.

Certificates the statements read (each rigorous on its own; notes.CERTIFICATES):
  global minimum      X r = 0 (the unconstrained least-squares minimum, a lower bound of every
                      product), or, for p < d_y, the loss equals the Ky Fan lower bound (notes.KYFAN);
  not a local minimum n- > 0 at a critical point, or a path W + t V whose loss l(t) - l(0) has its
                      lowest nonzero coefficient negative or of odd order;
  not a local maximum n+ > 0, or such a path with the lowest nonzero coefficient positive or odd.
They are sufficient, not necessary: the claims built on them are one-sided (quantifier "exists",
`__init__`), so a point they do not settle leaves the case UNKNOWN, never REFUTED.
"""

from ...checks.base import AND, NOT, OR, R, eq, equal, ge, gt, implies, le, lit, lt
from .builds import case3_dims, case3_range, depth, dims_of, hidden_min, point_specs
from .builds_formal import formal_data


# ------------------------------------------------------------------------------ atoms
def entry(name, i=0, j=0):
    return {"entry": [name, i, j]}


def n_pos(name):
    return {"index": [{"inertia": name}, 0]}


def n_neg(name):
    return {"index": [{"inertia": name}, 1]}


def psd(name):
    return eq(n_neg(name), 0)


def nsd(name):
    return eq(n_pos(name), 0)


def hypotheses(objects):
    """Theorem 2.3's assumptions: XX^T and XY^T of full rank, d_y <= d_x, Sigma = U Lam U^T with U
    orthogonal and Lam strictly decreasing (d_y distinct eigenvalues)."""
    dy = objects["lam"].ncols
    return AND(eq(R("XXt"), {"nrows": "X"}), eq(R("XYt"), {"nrows": "Y"}), le({"nrows": "Y"}, {"nrows": "X"}),
               equal("UtU", "I_dy"), equal("ULUt", "Sigma"),
               *[gt(entry("lam", 0, i), entry("lam", 0, i + 1)) for i in range(dy - 1)])


def lowest_coefficient(name, ncoef, want):
    """The loss along the path row `name` = [c_0, c_1, ...] goes `want` ("down" | "up") arbitrarily
    close to t = 0: its lowest nonzero c_k (k >= 1) is < 0 (down) / > 0 (up), or k is odd (both)."""
    alts = []
    for k in range(1, ncoef):
        before = [eq(entry(name, 0, j), 0) for j in range(1, k)]
        c = entry(name, 0, k)
        sign = lt(c, 0) if want == "down" else gt(c, 0)
        alts.append(AND(*before, OR(sign, NOT(eq(c, 0))) if k % 2 == 1 else sign))
    return OR(*alts) if alts else False


def paths_of(tag, objects):
    return sorted(n for n in objects if n.startswith(f"{tag}.path"))


def not_min(tag, objects):
    return OR(gt(n_neg(f"{tag}.hess"), 0),
              *[lowest_coefficient(n, objects[n].ncols, "down") for n in paths_of(tag, objects)])


def not_max(tag, objects):
    return OR(gt(n_pos(f"{tag}.hess"), 0),
              *[lowest_coefficient(n, objects[n].ncols, "up") for n in paths_of(tag, objects)])


def critical(tag):
    return {"is_zero": f"{tag}.grad"}


def kyfan_bound(p, dy):
    """1/2 (tr YY^T - (p t + tr Z)) over the KF objects."""
    trYY = {"add": [entry("KF.YYt", i, i) for i in range(dy)]}
    trZ = {"add": [entry("KF.Z", i, i) for i in range(dy)]}
    return {"mul": ["1/2", {"sub": [trYY, {"add": [{"mul": [p, entry("KF.t")]}, trZ]}]}]}


def global_min(tag, objects, dims):
    xr = {"is_zero": f"{tag}.Xr"}
    if "KF.Z" not in objects:
        return xr
    kf = AND(psd("KF.Z"), psd("KF.tIZS"), eq(entry(f"{tag}.loss"), kyfan_bound(hidden_min(dims), dims[-1])))
    return OR(xr, kf)


def _tags(params):
    return [t for t, _ in point_specs(params)]


def _kyfan_report(objects, dims):
    if "KF.Z" not in objects:
        return {}
    dy = dims[-1]
    return {"KF.t": entry("KF.t"), "KF.trZ": {"add": [entry("KF.Z", i, i) for i in range(dy)]},
            "KF.loss_bound": kyfan_bound(hidden_min(dims), dy)}


# ------------------------------------------------------------------------------ Theorem 2.3, Corollary 2.4
def t23ii(params, objects):
    """Every critical point of the set is a global minimum or a saddle (neither a local minimum nor a
    local maximum)."""
    dims = dims_of(params)
    parts, report = [hypotheses(objects)], {}
    for tag in _tags(params):
        glob = global_min(tag, objects, dims)
        saddle = AND(not_min(tag, objects), not_max(tag, objects))
        parts.append(implies(critical(tag), OR(glob, saddle)))
        report[tag] = {"record": {"critical": critical(tag), "inertia": {"inertia": f"{tag}.hess"},
                                  "global_minimum": glob, "saddle": saddle}}
    report.update(_kyfan_report(objects, dims))
    return AND(*parts), report


def t23iv(params, objects):
    """rank(W_H...W_2) = p => a saddle has a negative eigenvalue; certified per critical point with
    that rank as: a global minimum (so no saddle) or n- > 0."""
    dims = dims_of(params)
    p = hidden_min(dims)
    parts, report = [hypotheses(objects)], {}
    for tag in _tags(params):
        hyp = AND(critical(tag), eq(R(f"{tag}.mid"), p))
        parts.append(implies(hyp, OR(global_min(tag, objects, dims), gt(n_neg(f"{tag}.hess"), 0))))
        report[tag] = {"record": {"critical": critical(tag), "rank_mid": R(f"{tag}.mid"),
                                  "inertia": {"inertia": f"{tag}.hess"}}}
    return AND(*parts), report


def c24h1(params, objects):
    """H = 1: every critical point is a global minimum or has n- > 0 (so no saddle lacks a negative
    eigenvalue)."""
    dims = dims_of(params)
    parts, report = [hypotheses(objects)], {}
    for tag in _tags(params):
        parts.append(implies(critical(tag), OR(global_min(tag, objects, dims), gt(n_neg(f"{tag}.hess"), 0))))
        report[tag] = {"record": {"critical": critical(tag), "inertia": {"inertia": f"{tag}.hess"}}}
    return AND(*parts), report


def t23i(params, objects):
    """An indefinite Hessian at one point: the loss is neither convex nor concave."""
    pred = AND(hypotheses(objects), gt(n_pos("P0.hess"), 0), gt(n_neg("P0.hess"), 0))
    return pred, {"inertia": {"inertia": "P0.hess"}, "critical": critical("P0")}


def c24h2(params, objects):
    """H >= 2: the point W_1 = ... = W_H = 0 is a saddle (not a local min, not a local max) whose
    Hessian has no negative eigenvalue."""
    saddle = AND(not_min("P0", objects), not_max("P0", objects))
    pred = AND(hypotheses(objects), critical("P0"), eq(n_neg("P0.hess"), 0), saddle)
    return pred, {"inertia": {"inertia": "P0.hess"}, "saddle": saddle, "loss": entry("P0.loss")}


def c24proof(params, objects):
    """The Hessian vanishes at W_1 = ... = W_H = 0 with the given W_(H+1)."""
    return {"is_zero": "P0.hess"}, {}


def c24sign(params, objects):
    """C.1's display: at W_(H+1)...W_1 = +-U_p U_p^T Y X^T (XX^T)^-1 the loss is 1/2 (tr YY^T -+ sum Lambda)."""
    hyp = AND(equal("prod_plus", "target_plus"), equal("prod_minus", "target_minus"))
    pred = implies(hyp, AND(equal("loss_plus", "display_plus"), equal("loss_minus", "display_minus")))
    return pred, {"loss_plus": entry("loss_plus"), "display_plus": entry("display_plus"),
                  "loss_minus": entry("loss_minus"), "display_minus": entry("display_minus"),
                  "corrected_minus_holds": equal("loss_minus", "corrected_minus"),
                  "plus_below_zero_point": lt(entry("loss_plus"), entry("loss_zero"))}


# ------------------------------------------------------------------------------ Lemmas 4.2, 4.4, 4.6, Cor 4.5
def l42(params, objects):
    parts = [implies(critical(t), equal(f"{t}.prod", f"{t}.l42rhs")) for t in _tags(params)]
    return implies(hypotheses(objects), AND(*parts)), {"hypotheses": hypotheses(objects)}


def _semidefinite(tag):
    return OR(psd(f"{tag}.hess"), nsd(f"{tag}.hess"))


def l44(params, objects):
    H = depth(dims_of(params))
    parts = []
    for t in _tags(params):
        conds = [OR(eq(R(f"{t}.aug{k}"), R(f"{t}.CtC")), {"is_zero": f"{t}.XrA{k}"}) for k in range(2, H + 2)]
        parts.append(implies(AND(critical(t), _semidefinite(t)), AND(*conds)))
    return implies(hypotheses(objects), AND(*parts)), {"hypotheses": hypotheses(objects)}


def c45(params, objects):
    H = depth(dims_of(params))
    parts = []
    for t in _tags(params):
        conds = [OR(ge(R(f"{t}.top{k}"), R(f"{t}.B{k}")), {"is_zero": f"{t}.XrA{k}"}) for k in range(2, H + 2)]
        parts.append(implies(AND(critical(t), _semidefinite(t)), AND(*conds)))
    return implies(hypotheses(objects), AND(*parts)), {"hypotheses": hypotheses(objects)}


def l46(params, objects):
    dy = dims_of(params)[-1]
    parts = []
    for t in _tags(params):
        proj = AND(*[implies(eq(R(f"{t}.C"), j), equal(f"{t}.projC", f"U{j}U{j}t")) for j in range(dy + 1)])
        parts.append(implies(AND(critical(t), psd(f"{t}.hess")), OR(proj, {"is_zero": f"{t}.Xr"})))
    return implies(hypotheses(objects), AND(*parts)), {"hypotheses": hypotheses(objects)}


# ------------------------------------------------------------------------------ identities
def _layers(params):
    return len(formal_data(params)[0]) - 1


def l41(params, objects):
    return AND(*[equal(f"grad{k}.paper", f"grad{k}.direct") for k in range(1, _layers(params) + 1)]), {}


def l43(params, objects):
    n = _layers(params)
    parts = [equal(f"H{k}_{k}.paper", f"H{k}_{k}.direct") for k in range(1, n + 1)]
    parts += [equal(f"H1_{k}.paper", f"H1_{k}.direct") for k in range(2, n + 1)]
    parts += [equal(f"H{i}_{j}.closed", f"H{i}_{j}.direct") for i in range(1, n + 1) for j in range(1, n + 1)]
    return AND(*parts), {}


def blockconvex(params, objects):
    """Each diagonal block of the Hessian is J_k^T J_k identically in W (so PSD: L is convex in W_k)."""
    return AND(*[equal(f"H{k}_{k}.direct", f"H{k}_{k}.gram") for k in range(1, _layers(params) + 1)]), {}


def _penrose(n):
    return AND(equal(f"{n}p.MQM", n), equal(f"{n}p.QMQ", f"{n}p"), equal(f"{n}p.MQ", f"{n}p.MQt"),
               equal(f"{n}p.QM", f"{n}p.QMt"))


def a7(params, objects):
    """A^- (x) B^- is a g-inverse of A (x) B for g-inverses A^-, B^-; A^+ (x) B^+ satisfies the Penrose
    equations of A (x) B when A^+, B^+ satisfy theirs (so it is (A (x) B)^+); the mixed-product rule."""
    ginv = implies(AND(equal("AGA", "A"), equal("BGB", "B")), equal("KGK", "K"))
    mp = implies(AND(_penrose("A"), _penrose("B")), _penrose("K"))
    return AND(ginv, mp, equal("mixed_lhs", "mixed_rhs")), {
        "g_inverses_of_A_and_B": AND(equal("AGA", "A"), equal("BGB", "B")),
        "penrose_A_and_B": AND(_penrose("A"), _penrose("B"))}


def appD(params, objects):
    """With the shape typo fixed, f(w) = W_3 W_2 W_1 = 2 w^2 + w^3; f > f(0) on [-1, 0) and (0, 1] (a
    strict local minimum at 0, decided by Sturm), f(-3) < f(0) (not global)."""
    pred = AND(equal("fixed_product", "stated"),
               {"positive_on": ["f_minus_f0", "w", -1, 0, True, False]},
               {"positive_on": ["f_minus_f0", "w", 0, 1, False, True]},
               lt(entry("f_at", 0, 1), entry("f_at", 0, 0)))
    return pred, {"printed_W2_rows": {"nrows": "printed_W2"}, "printed_W3_cols": {"ncols": "W3"},
                  "f(0)": entry("f_at", 0, 0), "f(-3)": entry("f_at", 0, 1)}


def lipschitz(params, objects):
    """K is a Lipschitz constant of the Hessian at the pair (u, v): every entry of H(v) - H(u)
    (dominated by any matrix norm) is at most K ||u - v|| in absolute value."""
    n = objects["Hu"].nrows
    d = lambda i, j: {"sub": [entry("Hv", i, j), entry("Hu", i, j)]}  # noqa: E731
    K = entry("K")
    pred = AND(*[le({"mul": [d(i, j), d(i, j)]}, {"mul": [K, K, entry("dist2")]}) for i in range(n) for j in range(n)])
    return pred, {"hessian_entry_change": d(0, 0), "distance_squared": entry("dist2")}


def c32(params, objects):
    return equal("EZ_Yhat", "Ybar"), {}


# ------------------------------------------------------------------------------ B.1 Case III
def caseIII(params, objects):
    """At W = 0 (critical, PSD Hessian, rank(W_H...W_2) = 0 < p, rank C = 0 < p_hat): the perturbation
    W(eps) keeps the loss for every eps (a polynomial identity), and for EVERY eps in the stated range
    (Sturm, on polynomials in eps) the gradient at W(eps) is nonzero and each W_k(eps)...W_1(eps),
    k <= H, has rank >= p_hat = min(p, d_y) (its p_hat-minors' squares do not sum to 0): points of equal
    loss arbitrarily close to W are not critical, so W is not a local minimum."""
    dims = case3_dims(params)
    H, p = depth(dims), hidden_min(dims)
    phat = min(p, dims[-1])
    lo, hi, lc, hc = case3_range(params)
    on = lambda op, name: {op: [name, "eps", lit(lo), lit(hi), lc, hc]}  # noqa: E731
    grad = on("positive_on", "grad_norm2_eps")
    ranks = {f"rank_W{k}_to_W1_ge_p_hat_on_range": on("nonzero_on", f"minors{k}_eps") for k in range(1, H + 1)}
    pred = AND(hypotheses(objects), {"is_zero": "grad0"}, psd("hess0"), lt(R("mid0"), p), lt(R("C0"), phat),
               equal("loss_eps", "loss0"), grad, *ranks.values())
    return pred, {"inertia_at_point": {"inertia": "hess0"}, "loss_preserved_for_every_eps": equal("loss_eps", "loss0"),
                  "gradient_nonzero_on_range": grad, **ranks,
                  "range": {"record": {"lo": lit(lo), "hi": lit(hi), "lo_closed": lc, "hi_closed": hc}}}


__all__ = ["hypotheses", "lowest_coefficient", "global_min", "not_min", "not_max", "kyfan_bound", "t23ii",
           "t23iv", "c24h1", "t23i", "c24h2", "c24proof", "c24sign", "l42", "l44", "c45", "l46", "l41", "l43",
           "blockconvex", "a7", "appD", "lipschitz", "c32", "caseIII"]
