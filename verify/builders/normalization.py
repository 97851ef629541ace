"""Exact constructions for Giannou, Rajput, Papailiopoulos, "The Expressive Power of Tuning Only the
Normalization Layers" (paper 004): random frozen weights, BN-ReLU layers as affine maps, the
Khatri-Rao systems of Lemma 4, and interval boxes that certify which ReLUs are active.

Everything is exact (int / Fraction / Poly) and engine-free: these functions are part of the trusted
`build` of the claims in `verify.claims.giannou` (tests: `tests/test_builders_normalization.py`, an
independent Fraction forward pass).

Random frozen weights use the project's documented generator `verify-random/1`
(`verify.cases.randgen.random_values_reference`, SplitMix64 with exact rejection): a matrix drawn
with (shape, low, high, seed) is the same one a case file's `{random: ...}` source gives.

A BN layer (the paper's Proposition 1 / eq. (28)) is  z -> diag(gamma) (W z - mu) / s + beta,
followed by a ReLU where the architecture has one.  With every ReLU of a group of layers active
(pre-activation >= 0 on the group's input box), the group is an affine map: `chain` composes the
pre-activations, `lower_bounds` / `upper_bounds` give exact interval bounds of an affine map on a
box (the minimum of a_r . z + c_r over a box is attained at the vertex choosing, per coordinate,
the end that minimises a_rj z_j), and `relu_box` the box of relu(G z + g).
"""

from fractions import Fraction

from ..kernel.exact import Matrix, matmul, norm
from ..kernel.poly import Poly
from .products import khatri_rao_columns

__all__ = [
    "random_int_matrix", "bernoulli_matrix", "symbolic", "column", "diag", "vec_row", "vecd", "hadamard",
    "kr_system", "selection", "bn_preactivation", "chain", "lower_bounds", "upper_bounds",
    "activating_bias", "relu_box", "skip_chain", "nullspace_basis", "solve_square",
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


def bernoulli_matrix(m, n, p, seed):
    """m x n 0/1 matrix with independent Bernoulli(p) entries, p = a/b an exact rational in [0, 1]:
    entry = 1 iff the `verify-random/1` draw from 0..b-1 (row-major, this seed) is < a."""
    from ..cases.randgen import random_values_reference

    p = Fraction(p)
    if not 0 <= p <= 1:
        raise ValueError(f"a probability must lie in [0, 1], got {p}")
    vals = random_values_reference(m * n, 0, p.denominator - 1, seed)
    return Matrix(m, n, [[1 if vals[i * n + j] < p.numerator else 0 for j in range(n)] for i in range(m)])


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
    """Giannou's S_i (k x d, 1-based i): the identity in columns (i-1)k .. ik-1 (a row whose column
    would pass d is zero: the last block of x is zero-padded when k does not divide d)."""
    return Matrix(k, d, [[1 if j == (i - 1) * k + r else 0 for j in range(d)] for r in range(k)])


# --------------------------------------------------------------------------- networks as affine maps
def _add_col(a, b):
    return Matrix(a.nrows, 1, [[norm(a.rows[i][0] + b.rows[i][0])] for i in range(a.nrows)])


def bn_preactivation(gamma, W, beta, mu=None, s=1):
    """The pre-activation of a BN layer, z -> diag(gamma) (W z - mu) / s + beta, as (matrix M, bias
    column b) with M z + b equal to it for every z.  gamma, beta, mu: columns of W's row count."""
    s = Fraction(s)
    if s == 0:
        raise ValueError("BatchNorm scale s must be nonzero")
    if gamma.shape != (W.nrows, 1) or beta.shape != (W.nrows, 1) or (mu is not None and mu.shape != (W.nrows, 1)):
        raise ValueError(f"gamma, beta, mu must be {W.nrows} x 1 columns")
    g = [gamma.rows[i][0] for i in range(W.nrows)]
    M = Matrix(W.nrows, W.ncols, [[norm(g[i] * x / s) for x in W.rows[i]] for i in range(W.nrows)])
    m = [mu.rows[i][0] if mu is not None else 0 for i in range(W.nrows)]
    b = Matrix(W.nrows, 1, [[norm(beta.rows[i][0] - g[i] * m[i] / s)] for i in range(W.nrows)])
    return M, b


def chain(maps):
    """Compose the pre-activations [(M_1, b_1), (M_2, b_2), ...] of consecutive layers, each layer's
    input being the previous layer's output with its ReLU the identity (every unit active).
    Returns [(P_j, c_j)]: layer j's pre-activation as the affine map z -> P_j z + c_j of the group
    input z."""
    out, (P, c) = [], maps[0]
    out.append((P, c))
    for M, b in maps[1:]:
        if M.ncols != P.nrows:
            raise ValueError(f"layer of input width {M.ncols} after a layer of width {P.nrows}")
        P, c = matmul(M, P), _add_col(matmul(M, c), b)
        out.append((P, c))
    return out


def _box(lo, hi):
    if lo.shape != hi.shape or lo.ncols != 1:
        raise ValueError("a box is two columns of equal length")
    return [lo.rows[j][0] for j in range(lo.nrows)], [hi.rows[j][0] for j in range(hi.nrows)]


def lower_bounds(P, c, lo, hi):
    """Exact minimum of each row of z -> P z + c over the box lo <= z <= hi (attained at a vertex)."""
    a, b = _box(lo, hi)
    return [norm(c.rows[r][0] + sum(min(P.rows[r][j] * a[j], P.rows[r][j] * b[j]) for j in range(P.ncols)))
            for r in range(P.nrows)]


def upper_bounds(P, c, lo, hi):
    """Exact maximum of each row of z -> P z + c over the box lo <= z <= hi."""
    a, b = _box(lo, hi)
    return [norm(c.rows[r][0] + sum(max(P.rows[r][j] * a[j], P.rows[r][j] * b[j]) for j in range(P.ncols)))
            for r in range(P.nrows)]


def activating_bias(P, lo, hi, margin=1):
    """The shift t with every row of z -> P z + t at least `margin` on the box (each ReLU active)."""
    zero = Matrix(P.nrows, 1, [[0]] * P.nrows)
    return column([margin - x for x in lower_bounds(P, zero, lo, hi)])


def relu_box(G, g, lo, hi):
    """A box containing relu(G z + g) for z in [lo, hi]: lower end 0, upper end max(0, the row's
    exact maximum)."""
    return column([0] * G.nrows), column([max(0, u) for u in upper_bounds(G, g, lo, hi)])


def skip_chain(Ws, As, Ss, gammas, betas):
    """Theorem 2's layers L_1 = Gamma_1 W_1 A_1 S_1 x + beta_1 and
    L_i = Gamma_i W_i (relu(L_{i-1}) + A_i S_i x) + beta_i, with every ReLU active, as affine maps
    x -> M_i x + c_i of the input x.  Returns [(M_i, c_i)] for i = 1..m."""
    out, M, c = [], None, None
    for W, A, S, g, b in zip(Ws, As, Ss, gammas, betas):
        skip = matmul(A, S)
        inner = skip if M is None else Matrix(skip.nrows, skip.ncols, [
            [norm(x + y) for x, y in zip(r1, r2)] for r1, r2 in zip(M.rows, skip.rows)])
        GW = matmul(diag(g), W)
        M = matmul(GW, inner)
        c = b if c is None else _add_col(matmul(GW, c), b)
        out.append((M, c))
    return out


# --------------------------------------------------------------------------- exact linear algebra
def _rref(rows, ncols):
    """Reduced row echelon form over Q: (rows, pivot columns)."""
    R = [[Fraction(x) for x in r] for r in rows]
    pivots, i = [], 0
    for j in range(ncols):
        piv = next((k for k in range(i, len(R)) if R[k][j] != 0), None)
        if piv is None:
            continue
        R[i], R[piv] = R[piv], R[i]
        inv = 1 / R[i][j]
        R[i] = [x * inv for x in R[i]]
        for k in range(len(R)):
            if k != i and R[k][j] != 0:
                f = R[k][j]
                R[k] = [x - f * y for x, y in zip(R[k], R[i])]
        pivots.append(j)
        i += 1
    return R, pivots


def nullspace_basis(A):
    """A basis of the right null space of a rational matrix (the columns of an n x k matrix), one
    vector per free column of the reduced echelon form."""
    R, pivots = _rref(A.rows, A.ncols)
    free = [j for j in range(A.ncols) if j not in pivots]
    vecs = []
    for f in free:
        v = [Fraction(0)] * A.ncols
        v[f] = Fraction(1)
        for i, p in enumerate(pivots):
            v[p] = -R[i][f]
        vecs.append(v)
    return Matrix(A.ncols, len(vecs), [[norm(vecs[k][i]) for k in range(len(vecs))] for i in range(A.ncols)])


def solve_square(B, w):
    """The solution x of B x = w for a square rational B, or None when B is singular."""
    n = B.nrows
    R, pivots = _rref([list(B.rows[i]) + [w.rows[i][0]] for i in range(n)], n + 1)
    if pivots != list(range(n)):
        return None
    return column([R[i][n] for i in range(n)])
