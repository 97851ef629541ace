"""Trusted builds of Shen's product and rank-bound claims (paper 000 eqs (1)-(19), paper 001 eqs
(23), (41)-(58)), and the parameter readers every Shen build shares.

Parameters arrive as case data: numbers are read by the case loader's exact parser
(`verify.cases.numbers.parse_number`: integers, "p/q", "0.125"; never floats, exponents,
underscores or non-ASCII digits).  A build makes the objects of the instance the params define;
only where a claim quantifies over instances (`quantifier` in `__init__`) does it take a witness,
and then it checks the witness's form: shapes, and entries from the search space the statement
quantifies over.  Kernel types and `verify.builders` only; no engine, no float, no search.
"""

import random

from ...builders.matrices import block_diag, kron
from ...builders.products import check_partition, khatri_rao_blocks, khatri_rao_columns, selection_matrices, \
    tracy_singh
from ...cases.numbers import exact_number, parse_int
from ...kernel.exact import Matrix, matmul
from ...builders.matrices import identity
from ...kernel.poly import Poly

# ====================================================================== parameter readers
def number(x, what="entry"):
    """An exact number (int or Fraction) from case data; ValueError (InputError) otherwise."""
    return exact_number(x, what)


def integer(params, key, default, minimum=None, maximum=None):
    v = params.get(key, default)
    try:
        return parse_int(v, minimum=minimum, maximum=maximum)
    except ValueError as e:
        raise ValueError(f"{key}: {e}") from None


def matrix(rows, what="matrix"):
    """A Matrix from a non-empty list of equally long, non-empty rows of exact numbers."""
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) and r for r in rows):
        raise ValueError(f"{what}: expected a non-empty list of non-empty rows")
    n = len(rows[0])
    if any(len(r) != n for r in rows):
        raise ValueError(f"{what}: rows of different lengths")
    return Matrix(len(rows), n, [[number(x, what) for x in r] for r in rows])


def rand_matrix(m, n, rng, low=-2, high=2):
    return Matrix(m, n, [[rng.randint(low, high) for _ in range(n)] for _ in range(m)])


def symbolic(m, n, name):
    return Matrix(m, n, [[Poly.var(f"{name}{i}_{j}") for j in range(n)] for i in range(m)])


def shape_of(params, key, default):
    s = params.get(key, default)
    if not (isinstance(s, list) and len(s) == 2):
        raise ValueError(f"{key}: expected [rows, cols]")
    return [parse_int(x, minimum=1, maximum=64, what=f"a dimension in {key}") for x in s]


def matrix_param(params, key, shape):
    """params[key] as a Matrix; else fresh variables (params.symbolic) or a random integer matrix of
    `shape` drawn from params.seed (entries in low..high)."""
    if key in params:
        return matrix(params[key], key)
    if params.get("symbolic") is True:
        return symbolic(shape[0], shape[1], key.lower())
    seed = integer(params, "seed", 0)
    low, high = integer(params, "low", -2), integer(params, "high", 2)
    if low > high:
        raise ValueError("low must not exceed high")
    return rand_matrix(shape[0], shape[1], random.Random(f"{seed}:{key}"), low, high)


def values_of(params, default):
    """The entries a search may use (params.values), as exact numbers."""
    vals = params.get("values", default)
    if not isinstance(vals, list) or not vals:
        raise ValueError("values: expected a non-empty list of numbers")
    return [number(v, "values") for v in vals]


def witness_matrix(w, key, values, max_dim, what="witness"):
    """A witness matrix w[key]: exact entries from `values`, at most max_dim x max_dim."""
    if not isinstance(w, dict) or key not in w:
        raise KeyError(f"{what} needs a matrix {key!r}")
    M = matrix(w[key], f"{what}.{key}")
    if M.nrows > max_dim or M.ncols > max_dim:
        raise ValueError(f"{what}.{key} is {M.nrows} x {M.ncols}: the search space has at most {max_dim} x {max_dim}")
    bad = [x for x in M.entries() if x not in values]
    if bad:
        raise ValueError(f"{what}.{key} has entries {bad[:3]} outside the search space {values}")
    return M


def only_keys(w, keys, what="witness"):
    if not isinstance(w, dict) or set(w) - set(keys):
        raise ValueError(f"{what} takes only the keys {sorted(keys)}")


def partition(params, key, total):
    p = params.get(key)
    return list(check_partition(p, total, key)) if p else [total]


# ====================================================================== definitions and sizes
def pair(params):
    """A, B of the instance (given, seeded or symbolic) and their four partitions."""
    A = matrix_param(params, "A", shape_of(params, "shape_a", [3, 4]))
    B = matrix_param(params, "B", shape_of(params, "shape_b", [2, 4]))
    parts = (partition(params, "rows_a", A.nrows), partition(params, "cols_a", A.ncols),
             partition(params, "rows_b", B.nrows), partition(params, "cols_b", B.ncols))
    return A, B, parts


def sizes(parts, A, B):
    """PARTS = [sum m_i p_i, sum n_j q_j, m p, n q] (1 x 4) of an instance."""
    ra, ca, rb, cb = parts
    return Matrix(1, 4, [[sum(x * y for x, y in zip(ra, rb)), sum(x * y for x, y in zip(ca, cb)),
                          A.nrows * B.nrows, A.ncols * B.ncols]])


def build_ts_kr(params, witness=None):
    A, B, (ra, ca, rb, cb) = pair(params)
    objs = {"A": A, "B": B, "TS": tracy_singh(A, B, ra, ca, rb, cb), "TS_trivial": tracy_singh(A, B),
            "KRON": kron(A, B)}
    if len(ra) == len(rb) and len(ca) == len(cb):
        objs["KR"] = khatri_rao_blocks(A, B, ra, ca, rb, cb)
        objs["PARTS"] = sizes((ra, ca, rb, cb), A, B)
    if A.ncols == B.ncols:
        objs["KR_col"] = khatri_rao_columns(A, B)
        objs["KR_col_blocks"] = khatri_rao_blocks(A, B, [A.nrows], [1] * A.ncols, [B.nrows], [1] * B.ncols)
    return objs


# ====================================================================== rank(A (*) B) = rank A rank B
def permutations_of(parts, A, B):
    """Permutation matrices P1, P2 with A (*) B = P1 (A (x) B) P2 for every A, B of these
    partitioned shapes: the Tracy-Singh index of (block i, block k, a, b) against the Kronecker
    index (row of A, row of B), from the partitions alone."""
    def perm(sa, sb):
        oa = [sum(sa[:i]) for i in range(len(sa))]
        ob = [sum(sb[:k]) for k in range(len(sb))]
        out = []  # out[ts_index] = kron_index
        for i, ai in enumerate(sa):
            for k, bk in enumerate(sb):
                for a in range(ai):
                    for b in range(bk):
                        out.append((oa[i] + a) * sum(sb) + ob[k] + b)
        return out

    ra, ca, rb, cb = parts
    rows, cols = perm(ra, rb), perm(ca, cb)
    P1 = Matrix(len(rows), len(rows), [[1 if rows[i] == j else 0 for j in range(len(rows))] for i in range(len(rows))])
    P2 = Matrix(len(cols), len(cols), [[1 if cols[j] == i else 0 for j in range(len(cols))] for i in range(len(cols))])
    return P1, P2


def build_ts_rank(params, witness=None):
    A, B, parts = pair(params)
    objs = {"A": A, "B": B, "TS": tracy_singh(A, B, *parts)}
    if params.get("symbolic") is True:
        K = kron(A, B)
        P1, P2 = permutations_of(parts, A, B)
        objs.update({"KRON": K, "P1": P1, "P2": P2, "P1_KRON_P2": matmul(P1, matmul(K, P2))})
    return objs


# ====================================================================== selection matrices (4), (6), (7)
def build_kr_select(params, witness=None):
    A, B, (ra, ca, rb, cb) = pair(params)
    Z1, Z2 = selection_matrices(ra, ca, rb, cb)
    TS = tracy_singh(A, B, ra, ca, rb, cb)
    return {"A": A, "B": B, "KR": khatri_rao_blocks(A, B, ra, ca, rb, cb), "TS": TS, "Z1": Z1, "Z2": Z2,
            "Z1t_TS_Z2": matmul(Z1.T, matmul(TS, Z2)), "Z1tZ1": matmul(Z1.T, Z1), "Z2tZ2": matmul(Z2.T, Z2),
            "I1": identity(Z1.ncols), "I2": identity(Z2.ncols), "PARTS": sizes((ra, ca, rb, cb), A, B)}


# ====================================================================== Corollary 1 and eq. (12)
KR_TIGHT_VALUES = [0, 1]
KR_TIGHT_MAX = 3


def build_kr_pair(params, witness=None):
    """The instance of params; with search_tight (an existential statement) the witness's A, B
    (entries in {0, 1}, at most 3 x 3, as many columns), column-wise: one row block, singleton
    column blocks."""
    if params.get("search_tight") is True:
        if witness is None:
            A, B = rand_matrix(2, 3, random.Random("krt:A"), 0, 1), rand_matrix(2, 3, random.Random("krt:B"), 0, 1)
        else:
            only_keys(witness, ("A", "B"))
            A = witness_matrix(witness, "A", KR_TIGHT_VALUES, KR_TIGHT_MAX)
            B = witness_matrix(witness, "B", KR_TIGHT_VALUES, KR_TIGHT_MAX)
            if A.ncols != B.ncols:
                raise ValueError("witness: A and B need the same number of columns")
        parts = ([A.nrows], [1] * A.ncols, [B.nrows], [1] * B.ncols)
    else:
        A, B, parts = pair(params)
    return {"A": A, "B": B, "KR": khatri_rao_blocks(A, B, *parts), "TS": tracy_singh(A, B, *parts),
            "PARTS": sizes(parts, A, B)}


# ====================================================================== Frobenius, Sylvester, combined
TIGHT_VALUES = [0, 1]
TIGHT_MAX = 3


def build_abc(params, witness=None):
    if params.get("search_tight") is True and witness is not None:
        only_keys(witness, ("A", "B", "C"))
        A, B, C = (witness_matrix(witness, k, TIGHT_VALUES, TIGHT_MAX) for k in "ABC")
        if A.ncols != B.nrows or B.ncols != C.nrows:
            raise ValueError("witness: A, B, C have incompatible shapes")
    else:
        n1, n2 = integer(params, "n1", 3, 1, 64), integer(params, "n2", 3, 1, 64)
        A = matrix_param(params, "A", [integer(params, "m", 3, 1, 64), n1])
        B = matrix_param(params, "B", [A.ncols, n2])
        C = matrix_param(params, "C", [B.ncols, integer(params, "p", 3, 1, 64)])
        if A.ncols != B.nrows or B.ncols != C.nrows:
            raise ValueError("A, B, C have incompatible shapes")
    return {"A": A, "B": B, "C": C, "AB": matmul(A, B), "BC": matmul(B, C), "ABC": matmul(A, matmul(B, C))}


def build_ac(params, witness=None):
    if params.get("search_tight") is True and witness is not None:
        only_keys(witness, ("A", "C"))
        A, C = (witness_matrix(witness, k, TIGHT_VALUES, TIGHT_MAX) for k in "AC")
    else:
        n = integer(params, "n", 3, 1, 64)
        A = matrix_param(params, "A", [integer(params, "m", 3, 1, 64), n])
        C = matrix_param(params, "C", [A.ncols, integer(params, "p", 3, 1, 64)])
    if A.ncols != C.nrows:
        raise ValueError("A and C have incompatible shapes")
    return {"A": A, "C": C, "AC": matmul(A, C)}


# ====================================================================== Proposition 2 and its cases
PROP2_VALUES = [1, -1, 0]
PROP2_SPACE = {"n_l": 3, "n_L": 2, "n_prev": 2, "T": 3}   # the shapes the searches range over


def prop2_values(params):
    return values_of(params, PROP2_VALUES)


def build_prop2(params, witness=None):
    """Psi (n_l x T n_L), Phi (n_(l-1) x T), their block-wise Khatri-Rao product KR with one column
    block per sample, the blocks Psi_i; with params.factor the factors of eqs. (14)-(15).
    With search / search_tight (a quantified statement) the witness's Psi, Phi: entries in
    params.values, shapes within PROP2_SPACE."""
    if (params.get("search") is True or params.get("search_tight") is True) and witness is not None:
        only_keys(witness, ("Psi", "Phi"))
        vals = prop2_values(params)
        Psi = witness_matrix(witness, "Psi", vals, PROP2_SPACE["n_L"] * PROP2_SPACE["T"])
        Phi = witness_matrix(witness, "Phi", vals, PROP2_SPACE["T"])
        T = Phi.ncols
        if Phi.nrows > PROP2_SPACE["n_prev"] or Psi.nrows > PROP2_SPACE["n_l"] or Psi.ncols % T \
                or Psi.ncols // T > PROP2_SPACE["n_L"]:
            raise ValueError(f"witness shapes Psi {Psi.shape}, Phi {Phi.shape} are outside the search space "
                             f"{PROP2_SPACE}")
    else:
        nl, nL = integer(params, "n_l", 3, 1, 16), integer(params, "n_L", 2, 1, 16)
        nprev, T = integer(params, "n_prev", 2, 1, 16), integer(params, "T", 3, 1, 16)
        Psi = matrix_param(params, "Psi", [nl, nL * T])
        Phi = matrix_param(params, "Phi", [nprev, T])
        T = Phi.ncols
        if Psi.ncols % T:
            raise ValueError(f"Psi has {Psi.ncols} columns, not a multiple of T = {T}")
    T = Phi.ncols
    nL = Psi.ncols // T
    objs = {"Psi": Psi, "Phi": Phi, "KR": khatri_rao_blocks(Psi, Phi, cols_a=[nL] * T, cols_b=[1] * T)}
    for i in range(T):
        objs[f"Psi_{i + 1}"] = Psi.submatrix(range(Psi.nrows), range(i * nL, (i + 1) * nL))
    if params.get("factor") is True:
        IPhi = tracy_singh(identity(Psi.nrows), Phi, cols_b=[1] * T)
        D = block_diag([objs[f"Psi_{i + 1}"] for i in range(T)])
        objs.update({"I_ts_Phi": IPhi, "Psi_tilde": D, "I_ts_Phi_Psi_tilde": matmul(IPhi, D)})
    return objs


def prop2_shape(objects):
    """(n_l, n_L, n_prev, T) from the objects' shapes."""
    Psi, Phi = objects["Psi"], objects["Phi"]
    T = Phi.ncols
    return Psi.nrows, Psi.ncols // T, Phi.nrows, T
