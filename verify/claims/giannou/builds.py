"""Trusted builds of the Khatri-Rao / linear-algebra claims of Giannou et al. (paper 004, Appendix
A): the exact objects of each instance, from the params alone (none of these statements quantifies
over a witness).  Kernel types and `verify.builders` only.

Identities are built on formal (polynomial) matrices; "with probability 1" statements on formal
matrices too, whose rank over Q(x) the kernel certifies (a nonzero maximal minor at a point: the
determinant is then not the zero polynomial, so it vanishes only on a null set, Lemma 5)."""


from ...builders.matrices import hstack, kron
from ...builders.normalization import (column, diag, hadamard, kr_system, nullspace_basis, random_int_matrix,
                                       symbolic, vec_row)
from ...builders.products import khatri_rao_blocks, khatri_rao_columns
from ...cases.numbers import exact_number
from ...kernel.exact import Matrix, decode_matrix, matmul
from ...builders.matrices import identity


def pint(params, key, default, lo=1, hi=None):
    """An integer parameter in lo..hi (ValueError otherwise)."""
    v = params.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or v < lo or (hi is not None and v > hi):
        raise ValueError(f"{key} must be an integer in {lo}..{'' if hi is None else hi}, got {v!r}")
    return v


def rational_matrix(obj, where):
    """A rational matrix from case data (a list of rows of numbers / "p/q" strings)."""
    M = decode_matrix(obj, where) if isinstance(obj, dict) else Matrix.from_rows(
        [[exact_number(x, where) for x in r] for r in obj])
    if M.is_polynomial():
        raise ValueError(f"{where} must be rational")
    return M


def kr_by_definition(A, B):
    """Definition 2 read literally: column j is kron(A_j, B_j) (independent of products.py)."""
    cols = [kron(A.submatrix(range(A.nrows), [j]), B.submatrix(range(B.nrows), [j])) for j in range(A.ncols)]
    return hstack(cols)


def paper_assignment(n, m):
    """Eq. (23)-(24): A0 row i has ones in columns im..im+m-1, B0 = [I_m | ... | I_m]."""
    A0 = Matrix(n, n * m, [[1 if j // m == i else 0 for j in range(n * m)] for i in range(n)])
    B0 = Matrix(m, n * m, [[1 if j % m == k else 0 for j in range(n * m)] for k in range(m)])
    return A0, B0


def nm_of(params, dn=2, dm=2, cap=64):
    n, m = pint(params, "n", dn), pint(params, "m", dm)
    if n * m > cap:
        raise ValueError(f"n m = {n * m} exceeds {cap}")
    return n, m


# ----------------------------------------------------------------------------------- gia.def.kr
def build_defkr(params, witness=None):
    n, m = nm_of(dict({"m": 3}, **params))
    A, B = symbolic(n, n * m, "a"), symbolic(m, n * m, "b")
    return {"A": A, "B": B, "KR": khatri_rao_columns(A, B), "KRdef": kr_by_definition(A, B),
            "KRblk": khatri_rao_blocks(A, B, [n], [1] * (n * m), [m], [1] * (n * m))}


# ----------------------------------------------------------------------------------- gia.lemma1
def build_lemma1(params, witness=None):
    """Lemma 1 / 4 with the corrected shape C in R^{n x nm}: vec_row(C diag(x) B) and (C (.) B^T) x."""
    n, m = nm_of(params, cap=36)
    C, B, x = symbolic(n, n * m, "c"), symbolic(n * m, m, "b"), symbolic(n * m, 1, "x")
    K = kr_system(C, B)
    return {"C": C, "B": B, "x": x, "vec_CXB": vec_row(matmul(matmul(C, diag(x)), B)), "KR_CBt": K,
            "KRx": matmul(K, x)}


# ----------------------------------------------------------------------------------- gia.lemma2
def build_lemma2(params, witness=None):
    n, m = nm_of(params)
    A, B = symbolic(n, n * m, "a"), symbolic(m, n * m, "b")
    A0, B0 = paper_assignment(n, m)
    return {"KR": khatri_rao_columns(A, B), "KR_witness": khatri_rao_columns(A0, B0), "I": identity(n * m)}


# ----------------------------------------------------------------------------------- gia.remark5
def build_remark5(params, witness=None):
    n, m = nm_of(params, cap=16)
    form = params.get("form", "four")
    if form not in ("four", "three"):
        raise ValueError(f"form must be four or three, got {form!r}")
    A, C, D = symbolic(n, n * m, "a"), symbolic(m, n * m, "c"), symbolic(n * m, n * m, "d")
    if form == "four":
        KR = khatri_rao_columns(matmul(A, symbolic(n * m, n * m, "b")), matmul(C, D))
    else:
        KR = khatri_rao_columns(A, matmul(C, D))
    A0, C0 = paper_assignment(n, m)
    Inm = identity(n * m)
    return {"KR": KR, "KR_witness": khatri_rao_columns(matmul(A0, Inm), matmul(C0, Inm)), "I": Inm}


# ----------------------------------------------------------------------------------- gia.thm5
def build_thm5(params, witness=None):
    seed = pint(params, "seed", 5, 0)
    p, q = params.get("a_shape", [4, 3])
    s, t = params.get("b_shape", [3, 2])
    ra, rb = pint(params, "rank_a", 2), pint(params, "rank_b", 1)
    for v in (p, q, s, t):
        pint({"dim": v}, "dim", 1, 1, 12)
    A = matmul(random_int_matrix(p, ra, seed), random_int_matrix(ra, q, seed + 1))
    B = matmul(random_int_matrix(s, rb, seed + 2), random_int_matrix(rb, t, seed + 3))
    A1, A2, B1, B2 = symbolic(2, 2, "a"), symbolic(2, 2, "c"), symbolic(2, 2, "b"), symbolic(2, 2, "d")
    return {"A": A, "B": B, "AkB": kron(A, B),
            "mixed_lhs": kron(matmul(A1, A2), matmul(B1, B2)), "mixed_rhs": matmul(kron(A1, B1), kron(A2, B2))}


# ----------------------------------------------------------------------------------- gia.thm6
def build_thm6(params, witness=None):
    p, q, n, r, s = 2, 2, 3, 2, 2
    A, C, B, D = symbolic(p, q, "a"), symbolic(q, n, "c"), symbolic(r, s, "b"), symbolic(s, n, "d")
    E, F, G, H = symbolic(p, n, "e"), symbolic(r, n, "f"), symbolic(p, n, "g"), symbolic(r, n, "h")
    return {"lhs13": khatri_rao_columns(matmul(A, C), matmul(B, D)),
            "rhs13": matmul(kron(A, B), khatri_rao_columns(C, D)),
            "lhs14": hadamard(khatri_rao_columns(E, F), khatri_rao_columns(G, H)),
            "rhs14": khatri_rao_columns(hadamard(E, G), hadamard(F, H))}


# ----------------------------------------------------------------------------------- gia.fact1
REMARK4_A = [[1, 0, 0]]
REMARK4_B = [[1, 0], [0, 1], [0, 0]]


def build_fact1(params, witness=None):
    """A (n x m), B (m x l); N: a basis of null(A) computed exactly here (the statement checks it:
    A N = 0 and rank N + rank A = m); NB = [N | B], whose rank is rank N + rank B exactly when
    null(A) and col(B) meet only in 0."""
    part = params.get("part", "fact")
    if part == "remark4":
        A = rational_matrix(params.get("A", REMARK4_A), "A")
        B = rational_matrix(params.get("B", REMARK4_B), "B")
        if A.ncols != B.nrows:
            raise ValueError("A must be n x m and B m x l")
    elif part == "fact":
        n, m, l = pint(params, "n", 2), pint(params, "m", 4), pint(params, "l", 2)
        if m > 24:
            raise ValueError("m <= 24")
        seed = pint(params, "seed", 11, 0)
        A, B = random_int_matrix(n, m, seed), random_int_matrix(m, l, seed + 1)
    else:
        raise ValueError(f"part must be fact or remark4, got {part!r}")
    N = nullspace_basis(A)
    return {"A": A, "B": B, "AB": matmul(A, B), "N": N, "AN": matmul(A, N), "NB": hstack([N, B])}


# ----------------------------------------------------------------------------------- gia.thm7
THM7_CASES = ("none", "unique", "infinite")


def build_thm7(params, witness=None):
    case, seed = params.get("case", "unique"), pint(params, "seed", 7, 0)
    if case not in THM7_CASES:
        raise ValueError(f"case must be one of {THM7_CASES}, got {case!r}")
    A = random_int_matrix(3, 3, seed)
    if case != "unique":  # third row = first + second: rank 2
        r = A.rows
        A = Matrix.from_rows([r[0], r[1], [a + b for a, b in zip(r[0], r[1])]])
    b = random_int_matrix(3, 1, seed + 1) if case != "infinite" else matmul(A, column([1, 2, 3]))
    return {"A": A, "b": b, "Ab": hstack([A, b])}


# ----------------------------------------------------------------------------------- gia.lemma3
def build_lemma3(params, witness=None):
    """Lemma 3 (B = A (.) (C D)) or Lemma 8 (B = (A D) (.) C) with formal A (n x nm), C (m x nm),
    the fixed diagonal D (seeded entries 1..9) and the fixed w*; B_i is B with column i replaced by
    w*, so that (B^-1 w*)_i = det B_i / det B (Cramer)."""
    n, m = nm_of(params, cap=9)
    nm, seed = n * m, pint(params, "seed", 3, 0)
    variant = params.get("variant", "lemma3")
    if variant not in ("lemma3", "lemma8"):
        raise ValueError(f"variant must be lemma3 or lemma8, got {variant!r}")
    w = column([exact_number(x, "w") for x in params.get("w", [1] + [0] * (nm - 1))])
    if w.nrows != nm:
        raise ValueError(f"w must have n m = {nm} entries")
    D = diag([r[0] for r in random_int_matrix(nm, 1, seed + 2, 1, 9).rows])
    A, C = symbolic(n, nm, "a"), symbolic(m, nm, "c")
    B = khatri_rao_columns(A, matmul(C, D)) if variant == "lemma3" else khatri_rao_columns(matmul(A, D), C)
    out = {"B": B, "w": w, "D": D}
    for i in range(nm):
        out[f"B_{i}"] = Matrix(nm, nm, [[w.rows[r][0] if j == i else B.rows[r][j] for j in range(nm)]
                                        for r in range(nm)])
    return out
