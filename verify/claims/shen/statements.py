"""Trusted statements of Shen's product and rank-bound claims: what the papers assert of the objects
`builds` makes.  Each returns (predicate, report) in the kernel's expression language; every number
comes from the params, the objects' shapes and entries, or a kernel-checked fact (a rank)."""

from ...checks.base import AND, R, add, eq, equal, ge, gt, implies, le, lt, mul, sub
from .builds import partition, prop2_shape


def full(name, M):
    return eq(R(name), min(M.nrows, M.ncols))


def entry(name, j):
    return {"entry": [name, 0, j]}


def search_tight(params):
    return params.get("search_tight") is True


# ====================================================================== definitions and sizes
def ts_kr(params, objects):
    A, B = objects["A"], objects["B"]
    conds = [eq({"nrows": "TS"}, mul({"nrows": "A"}, {"nrows": "B"})),
             eq({"ncols": "TS"}, mul({"ncols": "A"}, {"ncols": "B"})),
             equal("TS_trivial", "KRON")]
    if "KR" in objects:
        ra, ca = partition(params, "rows_a", A.nrows), partition(params, "cols_a", A.ncols)
        rb, cb = partition(params, "rows_b", B.nrows), partition(params, "cols_b", B.ncols)
        conds += [eq({"nrows": "KR"}, sum(x * y for x, y in zip(ra, rb))),
                  eq({"ncols": "KR"}, sum(x * y for x, y in zip(ca, cb)))]
    if "KR_col" in objects:
        conds.append(equal("KR_col", "KR_col_blocks"))
    return AND(*conds), {"TS_shape": [{"nrows": "TS"}, {"ncols": "TS"}]}


def ts_rank(params, objects):
    pred = eq(R("TS"), mul(R("A"), R("B")))
    if "P1_KRON_P2" in objects:
        pred = AND(pred, equal("TS", "P1_KRON_P2"), full("P1", objects["P1"]), full("P2", objects["P2"]))
    return pred, {"rank_TS": R("TS"), "rank_A": R("A"), "rank_B": R("B")}


def kr_select(params, objects):
    pred = AND(equal("KR", "Z1t_TS_Z2"), equal("Z1tZ1", "I1"), equal("Z2tZ2", "I2"),
               eq(R("Z1"), entry("PARTS", 0)), eq(R("Z2"), entry("PARTS", 1)))
    return pred, {"rank_Z1": R("Z1"), "rank_Z2": R("Z2")}


# ====================================================================== Corollary 1 and eq. (12)
def cor1(params, objects):
    return le(R("KR"), R("TS")), {"rank_KR": R("KR"), "rank_TS": R("TS"), "tight": eq(R("KR"), R("TS"))}


def kr_lower(params, objects):
    """Eq. (12): rank(A (.) B) >= sum m_i p_i + rank(A (*) B) + sum n_j q_j - m p - n q; with
    search_tight: there is a 0/1 instance where the bound is positive and attained."""
    bound = sub(sub(add(entry("PARTS", 0), R("TS"), entry("PARTS", 1)), entry("PARTS", 2)), entry("PARTS", 3))
    pred = ge(R("KR"), bound)
    if search_tight(params):
        pred = AND(pred, eq(R("KR"), bound), gt(bound, 0))
    return pred, {"rank_KR": R("KR"), "bound": bound, "tight": eq(R("KR"), bound)}


# ====================================================================== Frobenius, Sylvester, combined
def _ineq(kind, objects):
    if kind == "sylv":
        lhs, rhs = R("AC"), sub(add(R("A"), R("C")), objects["A"].ncols)
        loss = lt(R("AC"), {"min": [R("A"), R("C")]})
        factors = ["A", "C"]
    elif kind == "frob":
        lhs, rhs = add(R("ABC"), R("B")), add(R("AB"), R("BC"))
        loss = lt(R("B"), objects["B"].nrows)
        factors = ["A", "B", "C"]
    else:
        lhs = R("ABC")
        rhs = sub(add(R("A"), R("B"), R("C")), objects["A"].ncols + objects["B"].ncols)
        loss = lt(R("B"), objects["B"].nrows)
        factors = ["A", "B", "C"]
    return lhs, rhs, loss, factors


def inequality(kind):
    """Frobenius (eq. 8), Sylvester (eq. 9) or the combined inequality (eq. 10) on the instance;
    with search_tight the existential 'attained by non-zero 0/1 factors with a rank loss'
    (Sylvester: rank AC < min(rank A, rank C); Frobenius, combined: rank B < n_1)."""
    def statement(params, objects):
        lhs, rhs, loss, factors = _ineq(kind, objects)
        pred = ge(lhs, rhs)
        if search_tight(params):
            pred = AND(pred, eq(lhs, rhs), loss, *[ge(R(f), 1) for f in factors])
        return pred, {"lhs": lhs, "rhs": rhs, "tight": eq(lhs, rhs)}
    return statement


# ====================================================================== Proposition 2 and its cases
def prop2_bound(objects, variant):
    nl, nL, _, T = prop2_shape(objects)
    inner = T * nL if variant == "printed" else T * nl
    return sub(add(mul(nl, R("Phi")), *[R(f"Psi_{i + 1}") for i in range(T)]), inner)


def prop2_parts(objects, variant):
    """(hypothesis or None, conclusion) of eq. (23) (printed / fixed) or case c1 / c2 / c3."""
    nl, nL, nprev, T = prop2_shape(objects)
    if variant in ("printed", "fixed"):
        return None, ge(R("KR"), prop2_bound(objects, variant))
    ranks_full = AND(full("Phi", objects["Phi"]), *[full(f"Psi_{i + 1}", objects[f"Psi_{i + 1}"]) for i in range(T)])
    if variant == "c1":
        return AND(ranks_full, nl <= nL), ge(R("KR"), mul(nl, R("Phi")))
    if variant == "c2":
        return AND(ranks_full, nl > nL, nprev >= T), ge(R("KR"), T * nL)
    if variant == "c3":
        return AND(ranks_full, nl > nL, nprev < T), ge(R("KR"), nL)
    raise ValueError(f"unknown Proposition 2 variant {variant!r}")


def prop2_variant(params, variant):
    if variant == "printed":
        form = params.get("form", "printed")
        if form not in ("printed", "fixed"):
            raise ValueError("form: printed | fixed")
        return form
    return variant


def prop2(variant):
    """Proposition 2 (variant printed: eq. (23) with - T n_L, params.form = fixed: - T n_l; c1, c2,
    c3: its three cases).  With search_tight: an instance where the hypothesis holds and the bound
    is attained and positive (existential)."""
    def statement(params, objects):
        v = prop2_variant(params, variant)
        hyp, concl = prop2_parts(objects, v)
        pred = concl if hyp is None else implies(hyp, concl)
        bound = concl["ge"][1]
        if search_tight(params):
            pred = AND(*([hyp] if hyp is not None else []), concl, eq(R("KR"), bound), gt(bound, 0))
        report = {"rank_KR": R("KR"), "rank_Phi": R("Phi"), "bound": bound}
        if hyp is not None:
            report["hypothesis"] = hyp
        return pred, report
    return statement


def prop2_factor(params, objects):
    nl = objects["Psi"].nrows
    pred = AND(equal("KR", "I_ts_Phi_Psi_tilde"), eq(R("I_ts_Phi"), mul(nl, R("Phi"))))
    return pred, {"rank_I_ts_Phi": R("I_ts_Phi"), "rank_Phi": R("Phi")}
