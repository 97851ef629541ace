"""Shen's product and rank-bound claims (paper 000 eqs (1)-(19), paper 001 eqs (23), (41)-(58)).

Each claim is a `Claim` whose `build` makes the matrices of one instance (given in `params`, drawn
from a seeded generator, fresh symbols, or a searched witness) and whose `prove` certifies the
ranks it needs with the engines and states the paper's inequality as a kernel expression.

Searches (`params.search`) run in `prove`: they enumerate small shapes in order of the number of
entries, with entries from `params.values` (default 0, 1, -1) exhaustively up to a cap, then at
random, using an untrusted flint rank; the smallest violation (or tight instance) found becomes the
certificate's `witness`, which `build` turns back into the objects.
"""

import itertools
import random
import time

from ..builders.products import khatri_rao_blocks, khatri_rao_columns, selection_matrices, tracy_singh
from ..kernel.exact import Matrix, identity, matmul
from ..builders.matrices import block_diag, kron
from .base import Claim, Proof
from .shen_common import R, add, enc, fast_rank, mat, matrix_param, mul, ranks, sub

SRC0, SRC1 = "000", "001"


def _parts(params, key, total):
    p = params.get(key)
    return list(p) if p else [total]


def _blocks_of(M, rows, cols):
    ro = [sum(rows[:i]) for i in range(len(rows))]
    co = [sum(cols[:j]) for j in range(len(cols))]
    return [[M.submatrix(range(ro[i], ro[i] + rows[i]), range(co[j], co[j] + cols[j])) for j in range(len(cols))]
            for i in range(len(rows))]


# ====================================================================== definitions and sizes
def _ab(params, witness=None):
    src = witness or params
    A = matrix_param(src, "A", src.get("shape_a", [3, 4]))
    B = matrix_param(src, "B", src.get("shape_b", [2, 4]))
    return A, B


def build_ts_kr(params, witness=None):
    A, B = _ab(params, witness)
    ra, ca = _parts(params, "rows_a", A.nrows), _parts(params, "cols_a", A.ncols)
    rb, cb = _parts(params, "rows_b", B.nrows), _parts(params, "cols_b", B.ncols)
    objs = {"A": A, "B": B, "TS": tracy_singh(A, B, ra, ca, rb, cb),
            "TS_trivial": tracy_singh(A, B), "KRON": kron(A, B)}
    if len(ra) == len(rb) and len(ca) == len(cb):
        objs["KR"] = khatri_rao_blocks(A, B, ra, ca, rb, cb)
    if A.ncols == B.ncols:
        objs["KR_col"] = khatri_rao_columns(A, B)
        objs["KR_col_blocks"] = khatri_rao_blocks(A, B, [A.nrows], [1] * A.ncols, [B.nrows], [1] * B.ncols)
    return objs


def prove_ts_kr(objects, params, ctx):
    A, B = objects["A"], objects["B"]
    ra, ca = _parts(params, "rows_a", A.nrows), _parts(params, "cols_a", A.ncols)
    rb, cb = _parts(params, "rows_b", B.nrows), _parts(params, "cols_b", B.ncols)
    conds = [{"eq": [{"nrows": "TS"}, mul({"nrows": "A"}, {"nrows": "B"})]},
             {"eq": [{"ncols": "TS"}, mul({"ncols": "A"}, {"ncols": "B"})]},
             {"equal": ["TS_trivial", "KRON"]}]
    notes = ["TS = A (*) B with the given partitions has size (m p) x (n q) (eq. 1); with trivial partitions "
             "it is the Kronecker product."]
    if "KR" in objects:
        conds += [{"eq": [{"nrows": "KR"}, sum(x * y for x, y in zip(ra, rb))]},
                  {"eq": [{"ncols": "KR"}, sum(x * y for x, y in zip(ca, cb))]}]
        notes.append("KR = A (.) B has size (sum_i m_i p_i) x (sum_j n_j q_j) (eq. 3).")
    if "KR_col" in objects:
        conds.append({"equal": ["KR_col", "KR_col_blocks"]})
        notes.append("The column-wise Khatri-Rao product equals the block-wise one with one row block and "
                     "singleton column blocks (CLAIMS.md conventions).")
    return Proof(obligations=[], predicate={"and": conds},
                 report={"TS_shape": [{"nrows": "TS"}, {"ncols": "TS"}]}, notes=notes)


# ====================================================================== rank(A (*) B) = rank A rank B
def build_ts_rank(params, witness=None):
    A, B = _ab(params)
    ra, ca = _parts(params, "rows_a", A.nrows), _parts(params, "cols_a", A.ncols)
    rb, cb = _parts(params, "rows_b", B.nrows), _parts(params, "cols_b", B.ncols)
    objs = {"A": A, "B": B, "TS": tracy_singh(A, B, ra, ca, rb, cb)}
    if witness:  # permutation matrices with TS = P1 (A (x) B) P2 (found in prove)
        K = kron(A, B)
        P1 = Matrix(K.nrows, K.nrows, [[1 if witness["rows"][i] == j else 0 for j in range(K.nrows)]
                                       for i in range(K.nrows)])
        P2 = Matrix(K.ncols, K.ncols, [[1 if witness["cols"][j] == i else 0 for j in range(K.ncols)]
                                       for i in range(K.ncols)])
        objs.update({"KRON": K, "P1": P1, "P2": P2, "P1_KRON_P2": matmul(P1, matmul(K, P2))})
    return objs


def _perm_of(TS, K):
    """Row/column permutations with TS[i][j] = K[rows[i]][cols[j]] (entries must be distinct symbols)."""
    where = {}
    for i, r in enumerate(K.rows):
        for j, x in enumerate(r):
            where[x] = (i, j)
    rows = [where[TS.rows[i][0]][0] for i in range(TS.nrows)]
    cols = [where[TS.rows[0][j]][1] for j in range(TS.ncols)]
    return {"rows": rows, "cols": cols}


def prove_ts_rank(objects, params, ctx):
    rk, obs = ranks(ctx, objects, ["A", "B", "TS"])
    pred = {"eq": [R("TS"), mul(R("A"), R("B"))]}
    notes = [f"rank A = {rk['A']}, rank B = {rk['B']}, rank(A (*) B) = {rk['TS']} (eq. 2)."]
    witness = None
    extra = {}
    if params.get("symbolic"):
        witness = _perm_of(objects["TS"], kron(objects["A"], objects["B"]))
        extra = build_ts_rank(params, witness)
        pred = {"and": [pred, {"equal": ["TS", "P1_KRON_P2"]}]}
        notes.append("Symbolic entries: TS = P1 (A (x) B) P2 with permutation matrices P1, P2, so rank(A (*) B) = "
                     "rank(A (x) B) = rank A rank B for every matrix of this partitioned shape.")
    return Proof(obligations=obs, predicate=pred, report={"rank_TS": R("TS"), "rank_A": R("A"), "rank_B": R("B")},
                 witness=witness, notes=notes, objects={k: v for k, v in extra.items() if k not in objects})


# ====================================================================== selection matrices (4), (6), (7)
def build_kr_select(params, witness=None):
    A, B = _ab(params)
    ra, ca = _parts(params, "rows_a", A.nrows), _parts(params, "cols_a", A.ncols)
    rb, cb = _parts(params, "rows_b", B.nrows), _parts(params, "cols_b", B.ncols)
    Z1, Z2 = selection_matrices(ra, ca, rb, cb)
    TS = tracy_singh(A, B, ra, ca, rb, cb)
    return {"A": A, "B": B, "KR": khatri_rao_blocks(A, B, ra, ca, rb, cb), "TS": TS, "Z1": Z1, "Z2": Z2,
            "Z1t_TS_Z2": matmul(Z1.T, matmul(TS, Z2)), "Z1tZ1": matmul(Z1.T, Z1), "Z2tZ2": matmul(Z2.T, Z2),
            "I1": identity(Z1.ncols), "I2": identity(Z2.ncols)}


def prove_kr_select(objects, params, ctx):
    A, B = objects["A"], objects["B"]
    ra, ca = _parts(params, "rows_a", A.nrows), _parts(params, "cols_a", A.ncols)
    rb, cb = _parts(params, "rows_b", B.nrows), _parts(params, "cols_b", B.ncols)
    rk, obs = ranks(ctx, objects, ["Z1", "Z2"])
    s1, s2 = sum(x * y for x, y in zip(ra, rb)), sum(x * y for x, y in zip(ca, cb))
    pred = {"and": [{"equal": ["KR", "Z1t_TS_Z2"]}, {"equal": ["Z1tZ1", "I1"]}, {"equal": ["Z2tZ2", "I2"]},
                    {"eq": [R("Z1"), s1]}, {"eq": [R("Z2"), s2]}]}
    notes = ["A (.) B = Z1^T (A (*) B) Z2 (eq. 4) checked entry by entry"
             + (" on symbolic A, B, i.e. for every matrix of this partitioned shape" if A.is_polynomial() else ""),
             f"Z1^T Z1 = I, Z2^T Z2 = I; rank Z1 = {rk['Z1']} = sum m_i p_i, rank Z2 = {rk['Z2']} = sum n_j q_j (6), (7)."]
    return Proof(obligations=obs, predicate=pred, report={"rank_Z1": R("Z1"), "rank_Z2": R("Z2")}, notes=notes)


# ====================================================================== Corollary 1 and eq. (12)
def build_kr_pair(params, witness=None):
    A, B = _ab(params, witness)
    src = witness or params
    ra, ca = _parts(src, "rows_a", A.nrows), _parts(src, "cols_a", A.ncols)
    rb, cb = _parts(src, "rows_b", B.nrows), _parts(src, "cols_b", B.ncols)
    return {"A": A, "B": B, "KR": khatri_rao_blocks(A, B, ra, ca, rb, cb), "TS": tracy_singh(A, B, ra, ca, rb, cb)}


def prove_cor1(objects, params, ctx):
    rk, obs = ranks(ctx, objects, ["KR", "TS"])
    return Proof(obligations=obs, predicate={"le": [R("KR"), R("TS")]},
                 report={"rank_KR": R("KR"), "rank_TS": R("TS"), "tight": {"eq": [R("KR"), R("TS")]}},
                 notes=[f"rank(A (.) B) = {rk['KR']} <= rank(A (*) B) = {rk['TS']} (Corollary 1; follows from eq. 4)."])


def _kr_lower_rhs(objects, params):
    A, B = objects["A"], objects["B"]
    src = params.get("_w") or params
    ra, ca = _parts(src, "rows_a", A.nrows), _parts(src, "cols_a", A.ncols)
    rb, cb = _parts(src, "rows_b", B.nrows), _parts(src, "cols_b", B.ncols)
    const = sum(x * y for x, y in zip(ra, rb)) + sum(x * y for x, y in zip(ca, cb)) \
        - A.nrows * B.nrows - A.ncols * B.ncols
    return const


def prove_kr_lower(objects, params, ctx, witness=None):
    rk, obs = ranks(ctx, objects, ["KR", "TS"])
    const = _kr_lower_rhs(objects, dict(params, _w=witness))
    rhs = add(R("TS"), const)
    return Proof(obligations=obs, predicate={"ge": [R("KR"), rhs]},
                 report={"rank_KR": R("KR"), "bound": rhs, "tight": {"eq": [R("KR"), rhs]}}, witness=witness,
                 notes=[f"rank(A (.) B) = {rk['KR']} >= sum m_i p_i + R_ts + sum n_j q_j - m p - n q = "
                        f"{rk['TS'] + const} (eq. 12; the hypothesis 'A (*) B has full rank' is not needed: "
                        "the bound is eq. 10 applied to Z1^T (A (*) B) Z2)."])


def _search_kr_tight(params):
    """Smallest instance (entries in {0, 1}) where eq. (12) is attained with a positive bound."""
    for m, p, n in itertools.product((1, 2), (1, 2), (2, 3)):
        for A_entries in itertools.product((0, 1), repeat=m * n):
            A = Matrix(m, n, [A_entries[i * n:(i + 1) * n] for i in range(m)])
            for B_entries in itertools.product((0, 1), repeat=p * n):
                B = Matrix(p, n, [B_entries[i * n:(i + 1) * n] for i in range(p)])
                KR, TS = khatri_rao_columns(A, B), kron(A, B)
                bound = m * p + fast_rank(TS) + n - m * p - n * n
                if bound > 0 and fast_rank(KR) == bound:
                    return {"A": enc(A), "B": enc(B), "cols_a": [1] * n, "cols_b": [1] * n}
    return None


def prove_kr_lower_main(objects, params, ctx):
    if params.get("search_tight"):
        w = _search_kr_tight(params)
        if w is not None:
            objs = build_kr_pair(params, w)
            pr = prove_kr_lower(objs, params, ctx, witness=w)
            pr.objects = objs
            pr.notes.append("Searched: smallest column-partitioned 0/1 instance where the bound is positive and "
                            "attained.")
            return pr
    return prove_kr_lower(objects, params, ctx)


# ====================================================================== Frobenius, Sylvester, combined
def build_abc(params, witness=None):
    src = witness or params
    n1, n2 = src.get("n1", 3), src.get("n2", 3)
    A = matrix_param(src, "A", [src.get("m", 3), n1])
    B = matrix_param(src, "B", [n1, n2])
    C = matrix_param(src, "C", [n2, src.get("p", 3)])
    return {"A": A, "B": B, "C": C, "AB": matmul(A, B), "BC": matmul(B, C), "ABC": matmul(A, matmul(B, C))}


def build_ac(params, witness=None):
    src = witness or params
    n = src.get("n", 3)
    A = matrix_param(src, "A", [src.get("m", 3), n])
    C = matrix_param(src, "C", [n, src.get("p", 3)])
    return {"A": A, "C": C, "AC": matmul(A, C)}


def _ineq_proof(kind, objects, ctx, witness=None, tight=None):
    if kind == "sylv":
        rk, obs = ranks(ctx, objects, ["A", "C", "AC"])
        lhs, rhs = R("AC"), sub(add(R("A"), R("C")), objects["A"].ncols)
        name = "Sylvester (eq. 9/49): rank(AC) >= rank A + rank C - n"
    elif kind == "frob":
        rk, obs = ranks(ctx, objects, ["B", "AB", "BC", "ABC"])
        lhs, rhs = add(R("ABC"), R("B")), add(R("AB"), R("BC"))
        name = "Frobenius (eq. 8/48): rank(ABC) + rank B >= rank AB + rank BC"
    else:
        rk, obs = ranks(ctx, objects, ["A", "B", "C", "ABC"])
        lhs = R("ABC")
        rhs = sub(add(R("A"), R("B"), R("C")), objects["A"].ncols + objects["B"].ncols)
        name = "combined (eq. 10/50): rank(ABC) >= rank A + rank B + rank C - n1 - n2"
    pred = {"ge": [lhs, rhs]}
    if tight:
        pred = {"and": [pred, {"eq": [lhs, rhs]}]}
    return Proof(obligations=obs, predicate=pred, report={"lhs": lhs, "rhs": rhs, "tight": {"eq": [lhs, rhs]}},
                 witness=witness, notes=[f"{name}; ranks {rk}."])


def _search_tight(kind, params):
    """Smallest instance with 0/1 entries, non-zero factors and equality, preferring a rank-deficient product."""
    builder = build_ac if kind == "sylv" else build_abc
    shapes = [(m, n, p) for m in (1, 2, 3) for n in (1, 2, 3) for p in (1, 2, 3)]
    shapes.sort(key=lambda s: (s[0] * s[1] + s[1] * s[2], s))
    for m, n, p in shapes:
        if kind == "sylv":
            for a in itertools.product((0, 1), repeat=m * n):
                for c in itertools.product((0, 1), repeat=n * p):
                    w = {"m": m, "n": n, "p": p, "A": [list(a[i * n:(i + 1) * n]) for i in range(m)],
                         "C": [list(c[i * p:(i + 1) * p]) for i in range(n)]}
                    o = builder(w)
                    rA, rC, rAC = fast_rank(o["A"]), fast_rank(o["C"]), fast_rank(o["AC"])
                    if rA and rC and rAC == rA + rC - n and rAC < min(rA, rC):
                        return w
        else:
            rng = random.Random(f"{kind}:{m}{n}{p}")
            for _ in range(400):
                w = {"m": m, "n1": n, "n2": n, "p": p,
                     "A": [[rng.randint(0, 1) for _ in range(n)] for _ in range(m)],
                     "B": [[rng.randint(0, 1) for _ in range(n)] for _ in range(n)],
                     "C": [[rng.randint(0, 1) for _ in range(p)] for _ in range(n)]}
                o = builder(w)
                r = {k: fast_rank(v) for k, v in o.items()}
                if not all(r[k] for k in ("A", "B", "C")):
                    continue
                if kind == "frob" and r["ABC"] + r["B"] == r["AB"] + r["BC"] and r["B"] < n:
                    return w
                if kind == "comb" and r["ABC"] == r["A"] + r["B"] + r["C"] - 2 * n and r["B"] < n:
                    return w
    return None


def _make_ineq(kind, builder):
    def prove(objects, params, ctx):
        if params.get("search_tight"):
            w = _search_tight(kind, params)
            if w is None:
                return _ineq_proof(kind, objects, ctx, tight=True)
            objs = builder(params, w)
            pr = _ineq_proof(kind, objs, ctx, witness=w, tight=True)
            pr.objects = objs
            pr.notes.append("Tightness witness searched over 0/1 matrices (smallest shape first), non-zero factors, "
                            "with a rank loss in the product.")
            return pr
        return _ineq_proof(kind, objects, ctx)
    return prove


# ====================================================================== Proposition 2 and its cases
def build_prop2(params, witness=None):
    src = witness or params
    nl, nL, nprev, T = (src.get(k, d) for k, d in (("n_l", 3), ("n_L", 2), ("n_prev", 2), ("T", 3)))
    Psi = matrix_param(src, "Psi", [nl, nL * T])
    Phi = matrix_param(src, "Phi", [nprev, T])
    nL = Psi.ncols // Phi.ncols
    T = Phi.ncols
    objs = {"Psi": Psi, "Phi": Phi, "KR": khatri_rao_blocks(Psi, Phi, cols_a=[nL] * T, cols_b=[1] * T)}
    for i in range(T):
        objs[f"Psi_{i + 1}"] = Psi.submatrix(range(Psi.nrows), range(i * nL, (i + 1) * nL))
    if src.get("factor") or params.get("factor"):
        IPhi = tracy_singh(identity(Psi.nrows), Phi, cols_b=[1] * T)
        D = block_diag([objs[f"Psi_{i + 1}"] for i in range(T)])
        objs.update({"I_ts_Phi": IPhi, "Psi_tilde": D, "I_ts_Phi_Psi_tilde": matmul(IPhi, D)})
    return objs


def _prop2_bound(objects, variant):
    Psi, Phi = objects["Psi"], objects["Phi"]
    T = Phi.ncols
    nl, nL = Psi.nrows, Psi.ncols // T
    sumpsi = add(*[R(f"Psi_{i + 1}") for i in range(T)])
    inner = T * nL if variant == "printed" else T * nl
    return sub(add(mul(nl, R("Phi")), sumpsi), inner)


def _full(name, M):
    return {"eq": [R(name), min(M.nrows, M.ncols)]}


def _prop2_statement(objects, variant):
    """(hypothesis, conclusion) expressions of eq. (23) (printed / fixed) or case c1/c2/c3."""
    Psi, Phi = objects["Psi"], objects["Phi"]
    T = Phi.ncols
    nl, nL, nprev = Psi.nrows, Psi.ncols // T, Phi.nrows
    if variant in ("printed", "fixed"):
        return True, {"ge": [R("KR"), _prop2_bound(objects, variant)]}
    full = {"and": [_full("Phi", Phi)] + [_full(f"Psi_{i + 1}", objects[f"Psi_{i + 1}"]) for i in range(T)]}
    if variant == "c1":
        return {"and": [full, nl <= nL]}, {"ge": [R("KR"), mul(nl, R("Phi"))]}
    if variant == "c2":
        return {"and": [full, nl > nL, nprev >= T]}, {"ge": [R("KR"), T * nL]}
    if variant == "c3":
        return {"and": [full, nl > nL, nprev < T]}, {"ge": [R("KR"), nL]}
    raise ValueError(f"unknown Proposition 2 variant {variant!r}")


def _prop2_proof(objects, params, ctx, variant, witness=None):
    T = objects["Phi"].ncols
    names = ["KR", "Phi"] + [f"Psi_{i + 1}" for i in range(T)]
    rk, obs = ranks(ctx, objects, names)
    hyp, concl = _prop2_statement(objects, variant)
    pred = concl if hyp is True else {"implies": [hyp, concl]}
    report = {"rank_KR": R("KR"), "rank_Phi": R("Phi")}
    if variant in ("printed", "fixed"):
        report["bound"] = _prop2_bound(objects, variant)
    else:
        report["hypothesis"] = hyp
    return Proof(obligations=obs, predicate=pred, report=report, witness=witness,
                 notes=[f"Proposition 2 ({variant}) on Psi {objects['Psi'].shape}, Phi {objects['Phi'].shape}; "
                        f"ranks {rk}."])


def _eval_statement(o, r, variant):
    """(hypothesis, conclusion, bound) of a Proposition 2 variant from (untrusted) ranks r."""
    Psi, Phi = o["Psi"], o["Phi"]
    T = Phi.ncols
    nl, nL, npv = Psi.nrows, Psi.ncols // T, Phi.nrows
    if variant in ("printed", "fixed"):
        inner = T * nL if variant == "printed" else T * nl
        b = nl * r["Phi"] + sum(r[f"Psi_{i + 1}"] for i in range(T)) - inner
        return True, r["KR"] >= b, b
    full = r["Phi"] == min(npv, T) and all(r[f"Psi_{i + 1}"] == min(nl, nL) for i in range(T))
    if variant == "c1":
        hyp, b = full and nl <= nL, nl * r["Phi"]
    elif variant == "c2":
        hyp, b = full and nl > nL and npv >= T, T * nL
    else:
        hyp, b = full and nl > nL and npv < T, nL
    return hyp, r["KR"] >= b, b


def _search_prop2(variant, params, tight=False):
    """Smallest (by number of entries) violation of the variant (or, with tight, an instance with a true
    hypothesis where the bound is attained), entries in params.values (default 1, -1, 0)."""
    values = [int(v) for v in params.get("values", [1, -1, 0])]
    deadline = time.time() + float(params.get("search_seconds", 5))
    shapes = [(nl, nL, npv, T) for nl in (1, 2, 3) for nL in (1, 2) for npv in (1, 2) for T in (1, 2, 3)]
    shapes.sort(key=lambda s: (s[0] * s[1] * s[3] + s[2] * s[3], s))
    for nl, nL, npv, T in shapes:
        size = nl * nL * T + npv * T
        if len(values) ** size > 200000:
            continue
        for ent in itertools.product(values, repeat=size):
            if time.time() > deadline:
                return None
            k = nl * nL * T
            w = {"Psi": [list(ent[i * nL * T:(i + 1) * nL * T]) for i in range(nl)],
                 "Phi": [list(ent[k + i * T:k + (i + 1) * T]) for i in range(npv)]}
            o = build_prop2(params, w)
            r = {n: fast_rank(M) for n, M in o.items()}
            hyp, concl, b = _eval_statement(o, r, variant)
            if tight and hyp and r["KR"] == b and b > 0:
                return w
            if not tight and hyp and not concl:
                return w
    return None


def _make_prop2(variant):
    def prove(objects, params, ctx):
        if variant == "printed" and params.get("form", "printed") == "fixed":
            return _make_prop2("fixed")(objects, params, ctx)
        if params.get("search") or params.get("search_tight"):
            w = _search_prop2(variant, params, tight=bool(params.get("search_tight")))
            if w is None:
                pr = _prop2_proof(objects, params, ctx, variant)
                pr.notes.append(f"Search for {'a tight instance' if params.get('search_tight') else 'a violation'} "
                                f"over shapes n_l<=3, n_L<=2, n_(l-1)<=2, T<=3 with entries in "
                                f"{params.get('values', [1, -1, 0])} found none within "
                                f"{params.get('search_seconds', 5)} s.")
                return pr
            if w is not None:
                objs = build_prop2(params, w)
                pr = _prop2_proof(objs, params, ctx, variant, witness=w)
                pr.objects = objs
                what = "tight instance (hypothesis true, bound attained)" if params.get("search_tight") else "violation"
                pr.notes.append(f"Smallest {what} found by exhaustive search over shapes ordered by entry count, "
                                f"entries in {params.get('values', [1, -1, 0])}.")
                return pr
        pr = _prop2_proof(objects, params, ctx, variant)
        if variant == "printed":
            pr.notes.append("Printed eq. (23) subtracts T n_L; Sylvester's inequality applied to the factorisation "
                            "(I (*) Phi) diag(Psi_i) (eq. 54) has inner dimension n_l T, so the evident fix subtracts "
                            "T n_l (case variant 'fixed').")
        return pr
    return prove


def prove_prop2_factor(objects, params, ctx):
    rk, obs = ranks(ctx, objects, ["I_ts_Phi", "Phi"])
    nl = objects["Psi"].nrows
    pred = {"and": [{"equal": ["KR", "I_ts_Phi_Psi_tilde"]}, {"eq": [R("I_ts_Phi"), mul(nl, R("Phi"))]}]}
    return Proof(obligations=obs, predicate=pred, report={"rank_I_ts_Phi": R("I_ts_Phi"), "rank_Phi": R("Phi")},
                 notes=["Psi (.) Phi = (I_{n_l} (*) Phi) diag(Psi_1..Psi_T) (eqs. 14-15 / 53-54) checked entry by entry"
                        + (" on symbolic Psi, Phi (every instance of the shape)" if objects["Psi"].is_polynomial() else ""),
                        f"rank(I (*) Phi) = {rk['I_ts_Phi']} = n_l rank Phi = {nl} x {rk['Phi']}."])


# ====================================================================== the claims
def _claim(cid, title, source, build, prove, doc=""):
    return cid, Claim(id=cid, title=title, source=source, build=build, prove=prove, params_doc=doc)


MATRIX_DOC = ("A, B (lists of rows) or shape_a, shape_b with seed (random integers in low..high) or symbolic: true; "
              "rows_a, cols_a, rows_b, cols_b: partitions")

PRODUCT_CLAIMS = dict([
    _claim("shen.def.ts_kr", "Tracy-Singh and block Khatri-Rao products: definitions and sizes",
           "000 eqs (1),(3); 001 eqs (41),(43)", build_ts_kr, prove_ts_kr, MATRIX_DOC),
    _claim("shen.ts.rank", "rank(A (*) B) = rank A rank B", "000 eq (2); 001 eq (42)",
           build_ts_rank, prove_ts_rank, MATRIX_DOC),
    _claim("shen.kr.select", "A (.) B = Z1^T (A (*) B) Z2 with selection matrices; rank Z1, rank Z2",
           "000 eqs (4),(6),(7); 001 eqs (44),(46),(47)", build_kr_select, prove_kr_select, MATRIX_DOC),
    _claim("shen.cor1", "Corollary 1: rank(A (.) B) <= rank(A (*) B)", "000 eq (5); 001 eq (45)",
           build_kr_pair, prove_cor1, MATRIX_DOC),
    _claim("shen.frob", "Frobenius rank inequality", "000 eq (8); 001 eq (48)", build_abc,
           _make_ineq("frob", build_abc), "A, B, C or m, n1, n2, p with seed; search_tight: true"),
    _claim("shen.sylv", "Sylvester rank inequality", "000 eq (9); 001 eq (49)", build_ac,
           _make_ineq("sylv", build_ac), "A, C or m, n, p with seed; search_tight: true"),
    _claim("shen.comb", "Combined inequality rank(ABC) >= rank A + rank B + rank C - n1 - n2",
           "000 eq (10); 001 eq (50)", build_abc, _make_ineq("comb", build_abc),
           "A, B, C or m, n1, n2, p with seed; search_tight: true"),
    _claim("shen.kr.lower", "Lower bound on rank(A (.) B) from R_ts (eq. 12)", "000 eqs (11)-(12); 001 eqs (51)-(52)",
           build_kr_pair, prove_kr_lower_main, MATRIX_DOC + "; search_tight: true"),
    _claim("shen.prop2", "Proposition 2, eq. (23): rank(Psi (.) Phi) >= n_l rank Phi + sum rank Psi_i - T n_L",
           "000 (13),(16); 001 (23),(55)", build_prop2, _make_prop2("printed"),
           "Psi (n_l x T n_L), Phi (n_{l-1} x T) or n_l, n_L, n_prev, T, seed; search: true; "
           "form: printed (default, - T n_L) | fixed (- T n_l)"),
    _claim("shen.prop2.factor", "Psi (.) Phi = (I (*) Phi) diag(Psi_i), rank(I (*) Phi) = n_l rank Phi",
           "000 (14)-(15); 001 (53)-(54)", build_prop2, prove_prop2_factor, "as shen.prop2, factor: true"),
    _claim("shen.prop2.c1", "Proposition 2 case (1): n_l <= n_L and full ranks => rank >= n_l rank Phi",
           "000 (17); 001 (56)", build_prop2, _make_prop2("c1"), "as shen.prop2"),
    _claim("shen.prop2.c2", "Proposition 2 case (2): n_l > n_L, n_{l-1} >= T => rank >= T n_L",
           "000 (18); 001 (57)", build_prop2, _make_prop2("c2"), "as shen.prop2"),
    _claim("shen.prop2.c3", "Proposition 2 case (3): n_l > n_L, n_{l-1} < T => rank >= n_L",
           "000 (19); 001 (58)", build_prop2, _make_prop2("c3"), "as shen.prop2"),
])

__all__ = ["PRODUCT_CLAIMS", "build_prop2"]
