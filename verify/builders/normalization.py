"""Exact constructions for Giannou, Rajput, Papailiopoulos, "The Expressive Power of Tuning Only the
Normalization Layers" (paper 004): random frozen weights, BN-ReLU layers as affine maps, the
Khatri-Rao systems of Lemma 4, and interval boxes that certify which ReLUs are active.

Everything is exact (int / Fraction / Poly) and engine-free: these functions are part of the trusted
`build` of the claims in `verify.claims.giannou_*`.

Random frozen weights use the project's documented generator `verify-random/1`
(`verify.cases.randgen.random_values_reference`, SplitMix64 with exact rejection): a matrix drawn
with (shape, low, high, seed) is the same one a case file's `{random: ...}` source gives.
"""

from fractions import Fraction

from ..kernel.exact import Matrix, matmul, norm
from ..kernel.poly import Poly
from .products import khatri_rao_columns

__all__ = [
    "random_int_matrix", "symbolic", "column", "diag", "vec_row", "vecd", "hadamard", "kr_system",
    "affine_layer", "compose_chain", "margins", "activating_bias", "relu_box", "selection",
]


def random_int_matrix(m, n, seed, low=-9, high=9, nonzero=False):
    """m x n integers drawn uniformly from low..high by `verify-random/1` with this seed.

    nonzero=True draws from low..high-1 and maps v >= 0 to v + 1: uniform on low..high without 0
    (frozen weights: an exact zero is a null event for the paper's continuous distributions)."""
    from ..cases.randgen import random_values_reference

    vals = random_values_reference(m * n, low, high - 1 if nonzero else high, seed)
    if nonzero:
        vals = [v + 1 if v >= 0 else v for v in vals]
    return Matrix(m, n, [vals[i * n:(i + 1) * n] for i in range(m)])


def symbolic(m, n, name):
    """The m x n matrix of fresh variables name_i_j (0-based)."""
    return Matrix(m, n, [[Poly.var(f"{name}_{i}_{j}") for j in range(n)] for i in range(m)])


def column(values):
    """A column vector (k x 1) of exact entries."""
    return Matrix(len(values), 1, [[norm(v)] for v in values])


def diag(v):
    """The diagonal matrix of a column vector (or list) v."""
    vals = [r[0] for r in v.rows] if isinstance(v, Matrix) else list(v)
    k = len(vals)
    return Matrix(k, k, [[norm(vals[i]) if i == j else 0 for j in range(k)] for i in range(k)])


def vec_row(M):
    """Row-major vectorisation (Giannou's vec): entries M[0][0], M[0][1], ..., as an (m n) x 1 column."""
    return Matrix(M.nrows * M.ncols, 1, [[x] for r in M.rows for x in r])


def vecd(D):
    """The diagonal of a square matrix as a column."""
    return Matrix(D.nrows, 1, [[D.rows[i][i]] for i in range(D.nrows)])


def hadamard(A, B):
    """Entrywise (Hadamard) product."""
    if A.shape != B.shape:
        raise ValueError(f"hadamard: shapes {A.shape} and {B.shape} differ")
    return Matrix(A.nrows, A.ncols, [[norm(a * b) for a, b in zip(ra, rb)] for ra, rb in zip(A.rows, B.rows)])


def kr_system(C, B):
    """Lemma 4: C diag(x) B = W  <=>  (C (.) B^T) x = vec_row(W).  Returns C (.) B^T."""
    return khatri_rao_columns(C, B.T)


def selection(i, k, d):
    """Giannou's S_i (k x d, 1-based i): the identity in columns (i-1)k .. ik-1."""
    return Matrix(k, d, [[1 if j == (i - 1) * k + r else 0 for j in range(d)] for r in range(k)])


# --------------------------------------------------------------------------- networks as affine maps
def affine_layer(gamma, W, beta, mu=None, s=1):
    """Pre-activation of a BN layer z -> diag(gamma) (W z - mu) / s + beta, as (matrix, bias column)."""
    s = Fraction(s)
    G = diag(gamma)
    M = Matrix(W.nrows, W.ncols, [[norm(x / s) for x in r] for r in matmul(G, W).rows])
    gm = matmul(G, mu).rows if mu is not None else [[0]] * W.nrows
    b = Matrix(W.nrows, 1, [[norm(beta.rows[i][0] - gm[i][0] / s)] for i in range(W.nrows)])
    return M, b


def compose_chain(layers):
    """Compose affine maps [(M1, b1), (M2, b2), ...] applied in order (ReLUs assumed active):
    returns the list of cumulative maps (M_j ... M_1, accumulated bias) after each layer."""
    out, (M, b) = [], layers[0]
    out.append((M, b))
    for M2, b2 in layers[1:]:
        M = matmul(M2, M)
        bb = matmul(M2, b)
        b = Matrix(bb.nrows, 1, [[norm(bb.rows[i][0] + b2.rows[i][0])] for i in range(bb.nrows)])
        out.append((M, b))
    return out


def margins(M, b, lo, hi):
    """Exact lower bound of each row of z -> M z + b over the box lo <= z <= hi (interval arithmetic)."""
    return [norm(b.rows[r][0] + sum(min(M.rows[r][j] * lo.rows[j][0], M.rows[r][j] * hi.rows[j][0])
                                    for j in range(M.ncols))) for r in range(M.nrows)]


def activating_bias(M, lo, hi, margin=1):
    """beta with every row of z -> M z + beta at least `margin` on the box (so each ReLU is active)."""
    zero = Matrix(M.nrows, 1, [[0]] * M.nrows)
    return column([margin - x for x in margins(M, zero, lo, hi)])


def relu_box(M, b, lo, hi):
    """A box containing relu(M z + b) for z in [lo, hi]: lower 0, upper max(0, interval maximum)."""
    up = [norm(max(0, b.rows[r][0] + sum(max(M.rows[r][j] * lo.rows[j][0], M.rows[r][j] * hi.rows[j][0])
                                         for j in range(M.ncols)))) for r in range(M.nrows)]
    return column([0] * M.nrows), column(up)
