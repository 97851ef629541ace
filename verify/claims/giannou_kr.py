"""Giannou et al. (paper 004), linear-algebra claims: Khatri-Rao product and its lemmas
(Def 2/6, Lemma 1/4, Lemma 2/5/6, Remark 5, Theorems 5-7, Fact 1 + Remark 4, Lemma 3/8).

Identities are checked on formal (polynomial) matrices with the kernel's `equal` rule; generic
("with probability 1") full rank by a rank certificate of the polynomial matrix at a Fiat-Shamir
point (a nonzero minor at a point is a nonzero polynomial, so the determinant vanishes only on a
null set: Lemma 5).
"""

from fractions import Fraction

from ..builders.normalization import column, diag, hadamard, kr_system, random_int_matrix, symbolic, vec_row
from ..builders.products import khatri_rao_blocks, khatri_rao_columns
from ..kernel.exact import Matrix, identity, matmul
from ..builders.matrices import hstack, kron, zeros
from .base import Claim, Proof
from ._giannou_common import AND, SOURCE, entry, equal, equal_ob, rank, rank_is

CLAIMS = {}


def _claim(cid, title, where, build, prove, doc, defaults):
    CLAIMS[cid] = Claim(cid, title, f"{SOURCE}, {where}", build, prove, doc, defaults)


def _kr_by_definition(A, B):
    """Column j is kron(A_j, B_j): Definition 2 read literally (independent of products.py)."""
    cols = [kron(A.submatrix(range(A.nrows), [j]), B.submatrix(range(B.nrows), [j])) for j in range(A.ncols)]
    return hstack(cols)


# ----------------------------------------------------------------------------------- gia.def.kr
def _defkr_build(params, witness=None):
    n, m = params.get("n", 2), params.get("m", 3)
    A, B = symbolic(n, n * m, "a"), symbolic(m, n * m, "b")
    KR = khatri_rao_columns(A, B)
    return {"A": A, "B": B, "KR": KR, "KRdef": _kr_by_definition(A, B),
            "KRblk": khatri_rao_blocks(A, B, [n], [1] * (n * m), [m], [1] * (n * m))}


def _defkr_prove(objects, params, ctx):
    nm = params.get("n", 2) * params.get("m", 3)
    pred = AND(equal("KR", "KRdef"), equal("KR", "KRblk"), {"eq": [{"nrows": "KR"}, nm]}, {"eq": [{"ncols": "KR"}, nm]})
    return Proof([equal_ob("KR", "KRdef"), equal_ob("KR", "KRblk")], pred,
                 {"shape": [{"nrows": "KR"}, {"ncols": "KR"}]},
                 notes=["Formal A (n x nm), B (m x nm): the column-wise product equals Definition 2 read literally "
                        "(column j = A_j (x) B_j) and the block-wise product with one row block and singleton "
                        "column blocks; its shape is nm x nm."])


_claim("gia.def.kr", "Column-wise Khatri-Rao product: definition and shape", "Def. 2, Def. 6, eq. (2), (12)",
       _defkr_build, _defkr_prove, "n, m: A is n x nm, B is m x nm (formal entries)", {"n": 2, "m": 3})


# ----------------------------------------------------------------------------------- gia.lemma1
def _lemma1_build(params, witness=None):
    n, m = params.get("n", 2), params.get("m", 2)
    C, B = symbolic(n, n * m, "c"), symbolic(n * m, m, "b")
    x = symbolic(n * m, 1, "x")
    lhs = vec_row(matmul(matmul(C, diag(x)), B))
    K = kr_system(C, B)
    return {"C": C, "B": B, "x": x, "vec_CXB": lhs, "KR_CBt": K, "KRx": matmul(K, x)}


def _lemma1_prove(objects, params, ctx):
    return Proof([equal_ob("vec_CXB", "KRx")], equal("vec_CXB", "KRx"), {},
                 notes=["Identity vec_row(C diag(x) B) = (C (.) B^T) x on formal C, B, x; hence C X B = W* iff "
                        "(C (.) B^T) vecd(X) = vec(W*).",
                        "Typo: Lemma 1 prints C in R^{n x m}; C X B with X of size nm x nm needs C in R^{n x nm} "
                        "(as in Lemma 4). Checked with the corrected shape."])


_claim("gia.lemma1", "Lemma 1/4: C X B = W* iff (C (.) B^T) vecd(X) = vec(W*)", "Lemma 1, Lemma 4 (15)-(20)",
       _lemma1_build, _lemma1_prove, "n, m: C is n x nm, X nm x nm diagonal, B nm x m", {"n": 2, "m": 2})


# ----------------------------------------------------------------------------------- gia.lemma2
def _paper_witness(n, m):
    """Eq. (23)-(24): A0 row i has ones in columns im..im+m-1, B0 = [I_m | ... | I_m]."""
    A0 = Matrix(n, n * m, [[1 if j // m == i else 0 for j in range(n * m)] for i in range(n)])
    B0 = Matrix(m, n * m, [[1 if j % m == k else 0 for j in range(n * m)] for k in range(m)])
    return A0, B0


def _lemma2_build(params, witness=None):
    n, m = params.get("n", 2), params.get("m", 2)
    A, B = symbolic(n, n * m, "a"), symbolic(m, n * m, "b")
    A0, B0 = _paper_witness(n, m)
    return {"KR": khatri_rao_columns(A, B), "KR_witness": khatri_rao_columns(A0, B0), "I": identity(n * m)}


def _lemma2_prove(objects, params, ctx):
    n, m = params.get("n", 2), params.get("m", 2)
    r, obs = rank(ctx, objects["KR"], "KR")
    pred = AND(rank_is("KR", n * m), equal("KR_witness", "I"))
    return Proof(obs + [equal_ob("KR_witness", "I")], pred, {"generic_rank": {"rank": "KR"}},
                 notes=[f"A (n x nm) and B (m x nm) formal, n={n}, m={m}: generic rank of A (.) B is {r} of {n * m}.",
                        "The proof's assignment (23)-(24) gives exactly the identity (checked)."])


_claim("gia.lemma2", "Lemma 2/6: A (.) B is full rank for generic A, B", "Lemma 2, 5, 6, (22)-(24)",
       _lemma2_build, _lemma2_prove, "n, m: sizes (nm <= 64 is cheap)", {"n": 2, "m": 2})


# ----------------------------------------------------------------------------------- gia.remark5
def _remark5_build(params, witness=None):
    n, m, form = params.get("n", 2), params.get("m", 2), params.get("form", "four")
    A, C = symbolic(n, n * m, "a"), symbolic(m, n * m, "c")
    D = symbolic(n * m, n * m, "d")
    A0, C0 = _paper_witness(n, m)
    if form == "four":
        B = symbolic(n * m, n * m, "b")
        KR = khatri_rao_columns(matmul(A, B), matmul(C, D))
    else:
        KR = khatri_rao_columns(A, matmul(C, D))
    Inm = identity(n * m)
    wit = khatri_rao_columns(matmul(A0, Inm), matmul(C0, Inm))
    return {"KR": KR, "KR_witness": wit, "I": Inm}


def _remark5_prove(objects, params, ctx):
    n, m = params.get("n", 2), params.get("m", 2)
    r, obs = rank(ctx, objects["KR"], "KR")
    return Proof(obs + [equal_ob("KR_witness", "I")], AND(rank_is("KR", n * m), equal("KR_witness", "I")),
                 {"generic_rank": {"rank": "KR"}},
                 notes=[f"form={params.get('form', 'four')}: generic rank {r} of {n * m}; with B = D = I the "
                        "product is Lemma 2's witness, the identity (checked)."])


_claim("gia.remark5", "Remark 5: (AB) (.) (CD) and A (.) (CD) are generically full rank", "Remark 5",
       _remark5_build, _remark5_prove, "n, m; form: four | three", {"n": 2, "m": 2, "form": "four"})


# ----------------------------------------------------------------------------------- gia.thm5
def _thm5_build(params, witness=None):
    seed = params.get("seed", 5)
    p, q, ra = params.get("a_shape", [4, 3]) + [params.get("rank_a", 2)]
    s, t, rb = params.get("b_shape", [3, 2]) + [params.get("rank_b", 1)]
    A = matmul(random_int_matrix(p, ra, seed), random_int_matrix(ra, q, seed + 1))
    B = matmul(random_int_matrix(s, rb, seed + 2), random_int_matrix(rb, t, seed + 3))
    A1, A2, B1, B2 = symbolic(2, 2, "a"), symbolic(2, 2, "c"), symbolic(2, 2, "b"), symbolic(2, 2, "d")
    return {"A": A, "B": B, "AkB": kron(A, B),
            "mixed_lhs": kron(matmul(A1, A2), matmul(B1, B2)), "mixed_rhs": matmul(kron(A1, B1), kron(A2, B2))}


def _thm5_prove(objects, params, ctx):
    obs = []
    for nm in ("A", "B", "AkB"):
        obs += rank(ctx, objects[nm], nm)[1]
    pred = AND({"eq": [{"rank": "AkB"}, {"mul": [{"rank": "A"}, {"rank": "B"}]}]}, equal("mixed_lhs", "mixed_rhs"))
    return Proof(obs + [equal_ob("mixed_lhs", "mixed_rhs")], pred,
                 {"rank_A": {"rank": "A"}, "rank_B": {"rank": "B"}, "rank_AkB": {"rank": "AkB"}},
                 notes=["(11) on seeded low-rank integer instances; the mixed product on formal 2 x 2 factors."])


_claim("gia.thm5", "Theorem 5: rank(A (x) B) = rank A rank B; mixed-product rule", "Thm 5 (11)",
       _thm5_build, _thm5_prove, "a_shape, rank_a, b_shape, rank_b, seed", {})


# ----------------------------------------------------------------------------------- gia.thm6
def _thm6_build(params, witness=None):
    p, q, n, r, s = 2, 2, 3, 2, 2
    A, C, B, D = symbolic(p, q, "a"), symbolic(q, n, "c"), symbolic(r, s, "b"), symbolic(s, n, "d")
    E, F, G, H = symbolic(p, n, "e"), symbolic(r, n, "f"), symbolic(p, n, "g"), symbolic(r, n, "h")
    return {"lhs13": khatri_rao_columns(matmul(A, C), matmul(B, D)),
            "rhs13": matmul(kron(A, B), khatri_rao_columns(C, D)),
            "lhs14": hadamard(khatri_rao_columns(E, F), khatri_rao_columns(G, H)),
            "rhs14": khatri_rao_columns(hadamard(E, G), hadamard(F, H))}


def _thm6_prove(objects, params, ctx):
    return Proof([equal_ob("lhs13", "rhs13"), equal_ob("lhs14", "rhs14")],
                 AND(equal("lhs13", "rhs13"), equal("lhs14", "rhs14")), {},
                 notes=["(13) (AC) (.) (BD) = (A (x) B)(C (.) D) and (14) (A (.) B) o (C (.) D) = (A o C) (.) (B o D) "
                        "as polynomial identities on formal matrices (A 2x2, C 2x3, B 2x2, D 2x3; E, F, G, H 2x3)."])


_claim("gia.thm6", "Theorem 6: mixed products of Khatri-Rao, Kronecker and Hadamard", "Thm 6 (13)-(14)",
       _thm6_build, _thm6_prove, "(none)", {})


# ----------------------------------------------------------------------------------- gia.fact1
def _fact1_build(params, witness=None):
    if params.get("part", "fact") == "remark4":
        A = Matrix.from_rows([[1, 0, 0]])
        B = Matrix.from_rows([[1, 0], [0, 1], [0, 0]])
        v, c = column([0, 1, 0]), column([0, 1])
        return {"A": A, "B": B, "AB": matmul(A, B), "v": v, "Av": matmul(A, v), "Bc": matmul(B, c)}
    n, m, l, seed = params.get("n", 2), params.get("m", 4), params.get("l", 2), params.get("seed", 11)
    A, B = random_int_matrix(n, m, seed), random_int_matrix(m, l, seed + 1)
    out = {"A": A, "B": B, "AB": matmul(A, B)}
    if witness is not None:
        from ..kernel.exact import decode_matrix
        N = decode_matrix(witness["N"])
        out.update({"N": N, "AN": matmul(A, N), "NB": hstack([N, B])})
    return out


def _fact1_prove(objects, params, ctx):
    if params.get("part", "fact") == "remark4":
        obs = rank(ctx, objects["AB"], "AB")[1]
        counter = AND(rank_is("AB", 1), {"not": {"is_zero": "v"}}, {"is_zero": "Av"}, equal("Bc", "v"))
        return Proof(obs + [equal_ob("Bc", "v")], {"not": counter}, {"rank_AB": {"rank": "AB"}},
                     notes=["Remark 4 calls null(A) n col(B) = 0 'necessary and sufficient' for AB to be full rank.",
                            "Counterexample n=1, m=3, l=2: A=[1 0 0], B=[e1 e2]; AB=[1 0] has full rank 1 = min{n,l} "
                            "but v=e2=B[0,1]^T is in null(A) n col(B).",
                            "It is the smallest: necessity does hold when l <= n (rank AB = l forces A injective on "
                            "col B), so a counterexample needs l > n and m > l, i.e. m >= 3, n = 1, l = 2."])
    from ..kernel.exact import encode_matrix
    n, m, l = params.get("n", 2), params.get("m", 4), params.get("l", 2)
    N = ctx.engines.kernel_basis(objects["A"], method=ctx.method, seed=ctx.seed, name="A")
    full = _fact1_build(params, {"N": encode_matrix(N)})
    obs = []
    for nm in ("A", "B", "AB", "N", "NB"):
        obs += rank(ctx, full[nm], nm)[1]
    hyp = AND(rank_is("A", n), rank_is("B", l), {"is_zero": "AN"}, rank_is("N", m - n), rank_is("NB", m - n + l))
    pred = {"implies": [hyp, rank_is("AB", min(n, l))]}
    return Proof(obs, pred, {"rank_AB": {"rank": "AB"}}, witness={"N": encode_matrix(N)},
                 objects={k: full[k] for k in ("N", "AN", "NB")},
                 notes=["Hypothesis certified: A, B full rank; N spans null(A) (A N = 0, rank N = m - n); "
                        "null(A) n col(B) = 0 as rank [N | B] = (m - n) + l."])


_claim("gia.fact1", "Fact 1 and Remark 4: null(A) n col(B) = 0 and full rank of AB", "Fact 1, Remark 4",
       _fact1_build, _fact1_prove, "part: fact | remark4; n, m, l, seed", {"part": "fact"})


# ----------------------------------------------------------------------------------- gia.thm7
def _thm7_build(params, witness=None):
    case, seed = params.get("case", "unique"), params.get("seed", 7)
    A = random_int_matrix(3, 3, seed)
    if case != "unique":
        r = A.rows
        A = Matrix.from_rows([r[0], r[1], [a + b for a, b in zip(r[0], r[1])]])
    b = random_int_matrix(3, 1, seed + 1) if case != "infinite" else matmul(A, column([1, 2, 3]))
    return {"A": A, "b": b, "Ab": hstack([A, b])}


def _thm7_prove(objects, params, ctx):
    case = params.get("case", "unique")
    obs = rank(ctx, objects["A"], "A")[1] + rank(ctx, objects["Ab"], "Ab")[1]
    x, sol = ctx.engines.solve_certificate(objects["A"], objects["b"], "A", "b", method=ctx.method, seed=ctx.seed)
    ra, rab, s = {"rank": "A"}, {"rank": "Ab"}, {"solvable": ["A", "b"]}
    pred = {"none": AND({"ne": [ra, rab]}, {"not": s}),
            "unique": AND({"eq": [ra, rab]}, {"eq": [ra, 3]}, s),
            "infinite": AND({"eq": [ra, rab]}, {"lt": [ra, 3]}, s)}[case]
    return Proof(obs + sol, pred, {"rank_A": ra, "rank_Ab": rab, "solvable": s},
                 notes=[f"Case '{case}' of Rouche-Capelli on a 3 x 3 seeded system.",
                        "Typo: Theorem 7 prints b in R^n; with A in R^{m x n} it is b in R^m."])


_claim("gia.thm7", "Theorem 7 (Rouche-Kronecker-Capelli)", "Thm 7", _thm7_build, _thm7_prove,
       "case: none | unique | infinite; seed", {"case": "unique"})


# ----------------------------------------------------------------------------------- gia.lemma3
def _lemma3_build(params, witness=None):
    n, m, seed = params.get("n", 2), params.get("m", 2), params.get("seed", 3)
    nm = n * m
    A, C = random_int_matrix(n, nm, seed), random_int_matrix(m, nm, seed + 1)
    D = diag([v for r in random_int_matrix(nm, 1, seed + 2, 1, 9).rows for v in r])
    w = column(params.get("w", [1] + [0] * (nm - 1)))
    if params.get("variant", "lemma3") == "lemma3":
        B = khatri_rao_columns(A, matmul(C, D))
    else:
        B = khatri_rao_columns(matmul(A, D), C)
    A0, C0 = _paper_witness(n, m)
    B0 = khatri_rao_columns(A0, matmul(C0, D))
    x0 = column([Fraction(w.rows[i][0], D.rows[i][i]) for i in range(nm)])
    out = {"B": B, "w": w, "B0": B0, "x0": x0, "B0x0": matmul(B0, x0)}
    if witness is not None:
        from ..kernel.exact import decode_matrix
        x = decode_matrix(witness["x"])
        out.update({"x": x, "Bx": matmul(B, x)})
    return out


def _lemma3_prove(objects, params, ctx):
    from ..kernel.exact import encode_matrix
    nm = params.get("n", 2) * params.get("m", 2)
    r, obs = rank(ctx, objects["B"], "B")
    x, sol = ctx.engines.solve_certificate(objects["B"], objects["w"], "B", "w", method=ctx.method, seed=ctx.seed)
    if x is None:
        return Proof(obs + sol, AND(rank_is("B", nm), {"solvable": ["B", "w"]}), {}, notes=["B w-system inconsistent"])
    full = _lemma3_build(params, {"x": encode_matrix(x)})
    nonzero = AND(*[{"ne": [entry("x", i), 0]} for i in range(nm)])
    pred = AND(rank_is("B", nm), equal("Bx", "w"), nonzero)
    zeros0 = sum(1 for i in range(nm) if objects["x0"].rows[i][0] == 0)
    return Proof(obs + [equal_ob("Bx", "w"), equal_ob("B0x0", "w")], pred,
                 {"x": [entry("x", i) for i in range(nm)], "paper_point_x0": [entry("x0", i) for i in range(nm)]},
                 witness={"x": encode_matrix(x)}, objects={"x": full["x"], "Bx": full["Bx"]},
                 notes=["x = B^{-1} w*: every entry nonzero at the seeded point, so each <row_i(B^{-1}), w*> is a "
                        "nonzero rational function (Cramer), zero only on a null set.",
                        f"Proof gap: at the proof's assignment (Lemma 2's A, C) B = D and x0 = D^{{-1}} w* has "
                        f"{zeros0} zero entries for this w*: the assignment witnesses row i only when w*_i != 0; "
                        "both 'without loss of generality' choices (row 1 and w*_1 != 0) cannot be made at once. "
                        "A permuted assignment (A (.) C a permutation matrix) repairs it."])


_claim("gia.lemma3", "Lemma 3/8: B^{-1} w* has no zero entry for generic A, C", "Lemma 3, Lemma 8 (35)-(37)",
       _lemma3_build, _lemma3_prove, "n, m, seed, w (list), variant: lemma3 | lemma8", {})
