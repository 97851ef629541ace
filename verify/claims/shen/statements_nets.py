"""Trusted statements of Shen's network claims: what paper 001 (and supplement 000) assert of the
objects `builds_nets` makes.  Numbers come from the params (widths, the data's size, the form of a
claim), from object shapes, or from kernel-checked facts (ranks, log-ranks, inertias, solvability)."""

from ...checks.base import AND, R, add, eq, equal, ge, implies, le, lt, mul, sub
from .builds import integer
from .builds_nets import principle4, spec_of


def full(name, M):
    return eq(R(name), min(M.nrows, M.ncols))


def principle3(objects):
    """Every weight matrix has full rank: W_l by its rank, W_l = log E_l (odds layers) by the rank
    of the entrywise logarithm (`log_rank`, certified by rule log_minor_nonzero)."""
    parts = []
    for name in sorted(objects):
        M = objects[name]
        if name.startswith("W_"):
            parts.append(full(name, M))
        elif name.startswith("E_"):
            parts.append(eq({"log_rank": name}, min(M.nrows, M.ncols)))
    return AND(*parts)


def widths(params):
    return [integer({"w": w}, "w", None) for w in spec_of(params)["widths"]]


def dummies(params):
    L = len(widths(params)) - 1
    return spec_of(params).get("dummy") or [False] * L


# ====================================================================== gradient and Jacobian
def grad(params, objects):
    return AND(equal("G_rec", "G_diff"), equal("G_rec", "P_EPS")), {}


def pjac(params, objects):
    return equal("P", "J_T"), {"shape": [{"nrows": "P"}, {"ncols": "P"}]}


# ====================================================================== Propositions 3, 6
def prop3(form):
    """Eq. (24) (main), eq. (20) of the supplement (supp: sum_{l<L} T n_L) or eq. (61) (max)."""
    def statement(params, objects):
        n = widths(params)
        L, T = len(n) - 1, objects["Phi_0"].ncols
        if form == "max":
            bound = {"max": [R(f"P_{l}") for l in range(1, L + 1)]}
        else:
            terms = [mul(n[l], R(f"Phi_{l - 1}")) for l in range(1, L + 1)]
            terms += [R(f"Psi_{l}_{i + 1}") for l in range(1, L + 1) for i in range(T)]
            inner = sum(T * (n[L] if form == "supp" else n[l]) for l in range(1, L))
            bound = sub(add(*terms), inner + L * T * n[L])
        return ge(R("P"), bound), {"rank_P": R("P"), "bound": bound, "tight": eq(R("P"), bound)}
    return statement


def prop6(params, objects):
    n = widths(params)
    if len(n) != 3:
        raise ValueError("Proposition 6 is about two-layer networks F(n0, n1, n2)")
    n0, n1, n2, T = n[0], n[1], n[2], objects["X1"].nrows
    b1 = max(n1 * n2, n1 * (n0 + n2 - T))
    b2 = max(n1 * n2, n1 * (n0 + n2 - T + 1))
    hyp = AND(principle3(objects), principle4(params), n2 <= n1 <= T, all(dummies(params)))
    concl = AND(implies(eq(R("X1"), n0), ge(R("P"), b1)), implies(eq(R("X1"), n0 + 1), ge(R("P"), b2)))
    return implies(hyp, concl), {"rank_P": R("P"), "rank_X1": R("X1"), "hypotheses_hold": hyp, "bound_case2": b2}


# ====================================================================== the XOR networks
XOR_BOUNDS = {"lb221": 2, "lb231": 3}


def xor(kind):
    """setup: eqs. (33)-(36); lb221 / lb231: rank P_xor >= 2 / 3 under Principles 3 and 4 (with
    search_tight: the bound is attained at a point obeying them); blocks221: the row-block bounds of
    §5.1; block231: the first row block collapses to rank 3 at a point obeying Principles 3, 4."""
    def statement(params, objects):
        n1 = objects["P_top"].nrows - 1
        p34 = AND(principle3(objects), principle4(params))
        report = {"rank_P": R("P"), "rank_top": R("P_top"), "rank_bottom": R("P_bottom"),
                  "principle3": principle3(objects)}
        if kind == "setup":
            return AND(eq({"nrows": "P"}, 4 * n1 + 1), eq({"ncols": "P"}, 4), eq(R("X_aug"), 3)), report
        if kind in XOR_BOUNDS:
            b = XOR_BOUNDS[kind]
            if params.get("search_tight") is True:
                return AND(p34, ge(R("P"), b), eq(R("P"), b)), report
            return implies(p34, ge(R("P"), b)), report
        if kind == "blocks221":
            return implies(p34, AND(ge(R("P_top"), 2), ge(R("P_bottom"), 1))), report
        if kind == "block231":
            return AND(p34, eq(R("P_top"), 3)), report
        raise ValueError(f"unknown XOR statement {kind!r}")
    return statement


# ====================================================================== Hessians and GGN
def hess26(params, objects):
    """Eq. (26): H = Gauss-Newton term + terms containing Sigma''; where every Sigma'' vanishes
    (S2 = 0) it would give H = (1/T) P H_E P^T."""
    return (implies({"is_zero": "S2"}, equal("H", "GGN")),
            {"sigma2_all_zero": {"is_zero": "S2"}, "H_equals_GGN": equal("H", "GGN")})


def hess28(params, objects):
    """Eq. (28) at an exact-learning point: H = (1/T) P H_E P^T (form fixed, the 1/T of eq. 6) or
    H = P H_E P^T (form printed)."""
    form = params.get("form", "fixed")
    if form not in ("fixed", "printed"):
        raise ValueError("form: fixed | printed")
    target = "GGN" if form == "fixed" else "GGN_noT"
    return (implies({"is_zero": "EPS"}, equal("H", target)),
            {"exact_learning": {"is_zero": "EPS"}, "H_eq_GGN_with_1/T": equal("H", "GGN"),
             "H_eq_P_HE_Pt_printed": equal("H", "GGN_noT")})


def prop4(params, objects):
    TnL = objects["P"].ncols
    return (implies({"is_zero": "EPS"}, le(R("H"), TnL)),
            {"rank_H": R("H"), "T_nL": TnL, "N_net": {"nrows": "H"}, "degenerate": lt(R("H"), {"nrows": "H"})})


def ggn_psd(params, objects):
    psd = eq({"index": [{"inertia": "GGN"}, 1]}, 0)
    return (AND(psd, implies({"is_zero": "EPS"}, equal("H", "GGN"))),
            {"inertia_GGN": {"inertia": "GGN"}, "exact_learning": {"is_zero": "EPS"}})


def ggn_conv(params, objects):
    """Local quadratic convergence is a limit statement that no exact fact decides: the case is
    UNKNOWN whatever a certificate says (the prover reports the floating-point experiment)."""
    return {"undecided": "local quadratic convergence is a limit, which no exact computation decides (see the "
                         "floating-point experiment in the notes)"}, {}


# ====================================================================== Algorithms 1 and 2
def alg1(params, objects):
    return equal("G_alg1", "G_exact"), {}


def alg2(params, objects):
    """There is xi with H~ P xi = P eps (eq. 39); xi_N = P xi solves H~ xi_N = P eps (eq. 38) and
    lies in range(H~) (the minimum-norm Gauss-Newton step)."""
    return (AND(equal("HtP_XI", "P_EPS"), equal("Ht_XI_N", "P_EPS"), {"solvable": ["Ht", "XI_N"]}),
            {"xi_N_in_range_Ht": {"solvable": ["Ht", "XI_N"]}})


# ====================================================================== principles and remarks
def princ4(params, objects):
    n = objects["D"].ncols
    return AND(*[{"ne": [{"entry": ["D", 0, j]}, 0]} for j in range(n)]), {}


def princ1(params, objects):
    return eq(R("HE"), objects["HE"].nrows), {"rank_HE": R("HE")}


def remark4(params, objects):
    n = widths(params)
    L = len(n) - 1
    upto = params.get("principle5_upto", "L-2")
    if upto not in ("L-2", "L-1"):
        raise ValueError("principle5_upto: L-2 | L-1")
    last = L - 2 if upto == "L-2" else L - 1
    p5 = all(n[l] <= max(n[l - 1], n[l + 1]) for l in range(1, last + 1))
    p3 = AND(*[full(f"W_{l}", objects[f"W_{l}"]) for l in range(1, L + 1)])
    concl = AND(*[eq(R(f"Psi_{l}"), min(n[l:])) for l in range(1, L + 1)])
    return (implies(AND(p3, principle4(params), p5), concl),
            {"ranks_Psi": [R(f"Psi_{l}") for l in range(1, L + 1)], "mins": [min(n[l:]) for l in range(1, L + 1)],
             "principle5": p5})


def prop1(params, objects):
    return eq(R("P"), {"ncols": "P"}), {"rank_P": R("P")}


def prop5(params, objects):
    return eq(R("Phi_1"), {"ncols": "Phi_1"}), {"rank_Phi_1": R("Phi_1")}


def thm1(params, objects):
    pred = implies(AND({"is_zero": "P_EPS"}, {"solvable": ["P_T", "EPS"]}), {"is_zero": "EPS"})
    return pred, {"critical": {"is_zero": "P_EPS"}, "exact_learning": {"is_zero": "EPS"},
                  "eps_in_rowspan_P": {"solvable": ["P_T", "EPS"]}, "hessian_inertia": {"inertia": "H"}}


def remark2(params, objects):
    return principle3(objects), {}

