"""Deep linear networks (Kawaguchi 2016; notes 003): loss, exact gradient and Hessian, data and
critical points, all in exact arithmetic (kernel `Matrix` / `Poly` entries, no engines).

Model: Yhat = W_{H+1} W_H ... W_1 X with W_k of shape d_k x d_{k-1}, d_0 = d_x, d_{H+1} = d_y;
loss L = 1/2 ||Yhat - Y||_F^2.  `Ws` is the list [W_1, ..., W_{H+1}] (Python index k-1 holds W_k).

Parameter ordering (the paper's): the vector of all parameters is
    [vec(W_{H+1}^T); vec(W_H^T); ...; vec(W_1^T)]
where vec(W^T) is the row-major vectorisation of W.  With R = Yhat - Y (= r^T in the paper) and
    A_k = W_{H+1} ... W_{k+1}  (d_y x d_k),   B_k = W_{k-1} ... W_1 X  (d_{k-1} x m),
the Jacobian of row-major vec(Yhat) w.r.t. vec(W_k^T) is J_k = A_k (x) B_k^T, so
    gradient block k        = vec_rows(A_k^T R B_k^T),
    Hessian block (i, j)    = (A_i^T A_j) (x) (B_i B_j^T) + S_ij,
where for i > j the second-order term is S_ij[(a,b),(c,d)] = G_ad M_bc with
G = A_i^T R B_j^T (d_i x d_{j-1}) and M = W_{i-1} ... W_{j+1} (d_{i-1} x d_j); S_ji = S_ij^T and
S_ii = 0 (Yhat is linear in each W_k).  These closed forms are the exact derivatives of the
polynomial loss; `poly_gradient` / `poly_hessian` differentiate the expanded polynomial instead
(an independent route used by the tests and the SYM claims on small formal shapes).
"""

import random
from fractions import Fraction

from ..kernel.exact import Matrix, matmul, norm
from .matrices import identity
from .matrices import add, hstack, kron, scale, vstack, zeros
from ..kernel.poly import Poly
from . import calculus

# ------------------------------------------------------------------------------ small helpers


def _entry_mul(a, b):
    return norm(a * b)


def sub(A, B):
    return add(A, scale(-1, B))


def vec_rows(M):
    """Row-major vectorisation vec(M^T) as a column matrix."""
    return Matrix(M.nrows * M.ncols, 1, [[x] for r in M.rows for x in r])


def vec_cols(M):
    """Column-major vectorisation vec(M) as a column matrix."""
    return Matrix(M.nrows * M.ncols, 1, [[M.rows[i][j]] for j in range(M.ncols) for i in range(M.nrows)])


def trace(M):
    return norm(sum((M.rows[i][i] for i in range(min(M.nrows, M.ncols))), 0))


def frob2(M):
    """Sum of squares of the entries."""
    return norm(sum((x * x for x in M.entries()), 0))


def one_by_one(x):
    return Matrix(1, 1, [[norm(x)]])


def widths(Ws, X):
    """[d_0 = d_x, d_1, ..., d_{H+1} = d_y]."""
    return [X.nrows] + [W.nrows for W in Ws]


def chain(Ws, hi, lo, dims):
    """W_hi ... W_lo (1-based layer numbers); the identity of size d_hi when hi < lo."""
    if hi < lo:
        return identity(dims[hi])
    M = Ws[hi - 1]
    for k in range(hi - 1, lo - 1, -1):
        M = matmul(M, Ws[k - 1])
    return M


def A_of(Ws, k, dims):
    """A_k = W_{H+1} ... W_{k+1} (d_y x d_k)."""
    return chain(Ws, len(Ws), k + 1, dims)


def B_of(Ws, X, k, dims):
    """B_k = W_{k-1} ... W_1 X (d_{k-1} x m)."""
    return matmul(chain(Ws, k - 1, 1, dims), X)


def product(Ws):
    """W_{H+1} ... W_1."""
    M = Ws[-1]
    for W in reversed(Ws[:-1]):
        M = matmul(M, W)
    return M


def output(Ws, X):
    return matmul(product(Ws), X)


def residual(Ws, X, Y):
    """R = Yhat - Y (d_y x m); the paper's r is R^T."""
    return sub(output(Ws, X), Y)


def loss(Ws, X, Y):
    """1/2 ||W_{H+1}...W_1 X - Y||_F^2 (a scalar, or a Poly for symbolic entries)."""
    return norm(Fraction(1, 2) * frob2(residual(Ws, X, Y)))


# ------------------------------------------------------------------------------ derivatives


def gradient_blocks(Ws, X, Y):
    """{k: A_k^T R B_k^T} (the gradient w.r.t. W_k in matrix form, d_k x d_{k-1})."""
    dims = widths(Ws, X)
    R = residual(Ws, X, Y)
    out = {}
    for k in range(1, len(Ws) + 1):
        A, B = A_of(Ws, k, dims), B_of(Ws, X, k, dims)
        out[k] = matmul(matmul(A.T, R), B.T)
    return out


def layer_order(H):
    """Layer numbers in the paper's parameter order: H+1, H, ..., 1."""
    return list(range(H + 1, 0, -1))


def gradient(Ws, X, Y):
    """The full gradient, a column in the paper's order [vec(W_{H+1}^T); ...; vec(W_1^T)]."""
    g = gradient_blocks(Ws, X, Y)
    return vstack([vec_rows(g[k]) for k in layer_order(len(Ws) - 1)])


def second_order_block(Ws, X, Y, i, j, R=None, dims=None):
    """S_ij for i > j: S[(a,b),(c,d)] = G[a][d] * M[b][c] (see the module docstring)."""
    dims = dims or widths(Ws, X)
    R = R if R is not None else residual(Ws, X, Y)
    G = matmul(matmul(A_of(Ws, i, dims).T, R), B_of(Ws, X, j, dims).T)  # d_i x d_{j-1}
    M = chain(Ws, i - 1, j + 1, dims)  # d_{i-1} x d_j
    di, di1, dj, dj1 = dims[i], dims[i - 1], dims[j], dims[j - 1]
    rows = []
    for a in range(di):
        Ga = G.rows[a]
        for b in range(di1):
            Mb = M.rows[b]
            rows.append([_entry_mul(Ga[d], Mb[c]) if Mb[c] != 0 and Ga[d] != 0 else 0
                         for c in range(dj) for d in range(dj1)])
    return Matrix(di * di1, dj * dj1, rows)


def hessian_blocks(Ws, X, Y):
    """{(i, j): the block with rows for vec(W_i^T) and columns for vec(W_j^T)} (all i, j)."""
    dims = widths(Ws, X)
    R = residual(Ws, X, Y)
    n = len(Ws)
    A = {k: A_of(Ws, k, dims) for k in range(1, n + 1)}
    B = {k: B_of(Ws, X, k, dims) for k in range(1, n + 1)}
    out = {}
    for i in range(1, n + 1):
        for j in range(1, i + 1):
            gn = kron(matmul(A[i].T, A[j]), matmul(B[i], B[j].T))
            if i > j:
                blk = add(gn, second_order_block(Ws, X, Y, i, j, R, dims))
                out[(i, j)] = blk
                out[(j, i)] = blk.T
            else:
                out[(i, i)] = gn
    return out


def assemble(blocks, H):
    """The full symmetric Hessian in the paper's order from `hessian_blocks`."""
    order = layer_order(H)
    return vstack([hstack([blocks[(i, j)] for j in order]) for i in order])


def hessian(Ws, X, Y):
    """The exact Hessian of the loss at Ws (paper's parameter order)."""
    return assemble(hessian_blocks(Ws, X, Y), len(Ws) - 1)


# ------------------------------------------------------------------------------ the polynomial route


poly_diff = calculus.derivative  # exact term-by-term derivative of a Poly


def symbolic_weights(dims, prefix="w"):
    """[W_1, ..., W_{H+1}] with entries Poly variables `{prefix}{k}_{i}_{j}` (0-based i, j)."""
    Ws = []
    for k in range(1, len(dims)):
        Ws.append(Matrix(dims[k], dims[k - 1],
                         [[Poly.var(f"{prefix}{k}_{i}_{j}") for j in range(dims[k - 1])] for i in range(dims[k])]))
    return Ws


def symbolic_matrix(m, n, name):
    return Matrix(m, n, [[Poly.var(f"{name}_{i}_{j}") for j in range(n)] for i in range(m)])


def param_names(dims, prefix="w"):
    """Variable names of `symbolic_weights` in the paper's order (W_{H+1} first, each row-major)."""
    names = []
    for k in range(len(dims) - 1, 0, -1):
        names += [f"{prefix}{k}_{i}_{j}" for i in range(dims[k]) for j in range(dims[k - 1])]
    return names


# Hessian of a polynomial by repeated exact differentiation (independent of the Kronecker forms)
poly_gradient, poly_hessian = calculus.gradient, calculus.hessian


def substitute_all(M, point):
    return M.evaluate(point) if M.is_polynomial() else M


def point_of(Ws, prefix="w"):
    """The variable assignment of `symbolic_weights` that gives the numeric weights Ws."""
    pt = {}
    for k, W in enumerate(Ws, start=1):
        for i in range(W.nrows):
            for j in range(W.ncols):
                pt[f"{prefix}{k}_{i}_{j}"] = W.rows[i][j]
    return pt


# ------------------------------------------------------------------------------ exact linear algebra (builder-side)


def rref(M):
    """(reduced row echelon rows as Fractions, pivot columns) of a rational matrix."""
    rows = [[Fraction(x) for x in r] for r in M.rows]
    piv, r = [], 0
    for c in range(M.ncols):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        inv = 1 / rows[r][c]
        rows[r] = [x * inv for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        piv.append(c)
        r += 1
        if r == len(rows):
            break
    return rows, piv


def rank(M):
    return len(rref(M)[1])


def inverse(M):
    """Exact inverse of a nonsingular square rational matrix (Gauss-Jordan)."""
    n = M.nrows
    aug = Matrix(n, 2 * n, [list(M.rows[i]) + [1 if i == j else 0 for j in range(n)] for i in range(n)])
    rows, piv = rref(aug)
    if piv[:n] != list(range(n)):
        raise ValueError("matrix is singular")
    return Matrix.from_rows([r[n:] for r in rows])


def rank_factorization(M):
    """(F, G) with M = F G, F = the pivot columns of M (m x r), G = the nonzero rows of rref(M) (r x n)."""
    rows, piv = rref(M)
    r = len(piv)
    F = Matrix.from_rows([[M.rows[i][c] for c in piv] for i in range(M.nrows)], ncols=r) if r else zeros(M.nrows, 0)
    G = Matrix.from_rows(rows[:r], ncols=M.ncols) if r else zeros(0, M.ncols)
    return F, G


def pinv(M):
    """Moore-Penrose pseudoinverse (exact): M = F G rank factorisation, M^+ = G^T (G G^T)^-1 (F^T F)^-1 F^T."""
    F, G = rank_factorization(M)
    if F.ncols == 0:
        return zeros(M.ncols, M.nrows)
    return matmul(matmul(G.T, inverse(matmul(G, G.T))), matmul(inverse(matmul(F.T, F)), F.T))


def g_inverse(M):
    """A (non-Moore-Penrose in general) generalised inverse G with M G M = M, from the pivots of the
    row echelon form: G places the inverse of a maximal nonsingular submatrix M[I, J] at [J, I]."""
    rows, piv_cols = rref(M)
    r = len(piv_cols)
    if r == 0:
        return zeros(M.ncols, M.nrows)
    _, piv_rows = rref(M.T)
    sub_ = M.submatrix(piv_rows, piv_cols)
    inv = inverse(sub_)
    out = [[0] * M.nrows for _ in range(M.ncols)]
    for a, j in enumerate(piv_cols):
        for b, i in enumerate(piv_rows):
            out[j][i] = inv.rows[a][b]
    return Matrix.from_rows(out, ncols=M.nrows)


def projector(C):
    """Orthogonal projector onto the column space of C: C (C^T C)^+ C^T (exact)."""
    return matmul(matmul(C, pinv(matmul(C.T, C))), C.T)


def det(M):
    """Determinant of a square matrix with rational or polynomial entries: Laplace expansion along
    the rows, memoised on the set of remaining columns (for the small matrices of the claims)."""
    n = M.nrows
    if M.ncols != n:
        raise ValueError("det needs a square matrix")
    memo = {}

    def minor(i, cols):
        if i == n:
            return 1
        if (i, cols) not in memo:
            total, sign = 0, 1
            for j in cols:
                x = M.rows[i][j]
                if x != 0:
                    total = total + sign * x * minor(i + 1, tuple(c for c in cols if c != j))
                sign = -sign
            memo[(i, cols)] = norm(total)
        return memo[(i, cols)]

    return minor(0, tuple(range(n)))


def minors_square_sum(M, r):
    """sum of det(M[I, J])^2 over all r-subsets I of the rows and J of the columns (1 when r = 0, 0 when
    r > min(m, n)).  At every real point it vanishes iff every r x r minor does, i.e. iff rank < r: for a
    polynomial M(x), "rank M(x) >= r for every x in an interval" is "this polynomial has no root there"."""
    from itertools import combinations

    total = 0
    for I in combinations(range(M.nrows), r):
        for J in combinations(range(M.ncols), r):
            d = det(M.submatrix(list(I), list(J)))
            total = total + d * d
    return norm(total)


# ------------------------------------------------------------------------------ data with rational eigenvectors


def cayley_orthogonal(n, seed, bound=3):
    """A rational orthogonal n x n matrix (I - S)(I + S)^-1 for a random integer skew-symmetric S."""
    rng = random.Random(seed)
    S = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            v = rng.randint(-bound, bound)
            S[i][j], S[j][i] = v, -v
    S = Matrix.from_rows(S) if n else zeros(0, 0)
    I = identity(n)
    return matmul(sub(I, S), inverse(add(I, S)))


class Data:
    """Training data with known exact spectral data: Sigma = Y X^T (X X^T)^-1 X Y^T = U diag(lam) U^T.

    Fields: X (d_x x m), Y (d_y x m), U (orthogonal d_y x d_y, rational), lam (strictly decreasing),
    P_ols = Y X^T (X X^T)^-1, Sigma."""

    def __init__(self, X, Y, U, lam):
        self.X, self.Y, self.U, self.lam = X, Y, U, list(lam)
        XXt = matmul(X, X.T)
        self.P_ols = matmul(matmul(Y, X.T), inverse(XXt))
        self.Sigma = matmul(matmul(self.P_ols, X), Y.T)

    @property
    def dx(self):
        return self.X.nrows

    @property
    def dy(self):
        return self.Y.nrows

    def U_cols(self, idx):
        """U_I: the eigenvector columns with 0-based indices idx (d_y x |I|)."""
        return Matrix(self.dy, len(idx), [[self.U.rows[i][j] for j in idx] for i in range(self.dy)])


def make_data(dx, dy, m=None, seed=0, sv=None, noise=True):
    """Data satisfying every hypothesis of Theorem 2.3 exactly (d_y <= d_x <= m): X = the first d_x
    rows of a rational orthogonal m x m matrix Q (so X X^T = I), Y = U D [I 0] V X + N with U, V
    rational orthogonal and N X^T = 0 (a multiple of the next row of Q), so that Y X^T = U D [I 0] V,
    Sigma = U D^2 U^T with distinct eigenvalues D^2 (sv strictly decreasing) and rank(X Y^T) = d_y."""
    if dy > dx:
        raise ValueError("make_data needs d_y <= d_x")
    m = m if m is not None else dx + (1 if noise else 0)
    if m < dx:
        raise ValueError("need m >= d_x")
    Q = cayley_orthogonal(m, f"X{seed}")
    X = Matrix(dx, m, Q.rows[:dx])
    U = cayley_orthogonal(dy, f"U{seed}")
    V = cayley_orthogonal(dx, f"V{seed}")
    sv = list(sv) if sv is not None else list(range(dy + 1, 1, -1))
    D = Matrix.from_rows([[sv[i] if i == j else 0 for j in range(dx)] for i in range(dy)])  # D [I 0]
    Y = matmul(matmul(matmul(U, D), V), X)
    if noise and m > dx:
        Nrow = Matrix(1, m, [Q.rows[dx]])  # orthogonal to the rows of X
        coeff = Matrix(dy, 1, [[(i % 3) + 1] for i in range(dy)])
        Y = add(Y, matmul(coeff, Nrow))
    lam = [norm(Fraction(s) ** 2) for s in sv]
    return Data(X, Y, U, lam)


# ------------------------------------------------------------------------------ critical points


def _embed(M, rows, cols):
    """M placed in the top-left corner of a rows x cols zero matrix."""
    return Matrix.from_rows([[M.rows[i][j] if i < M.nrows and j < M.ncols else 0 for j in range(cols)]
                             for i in range(rows)], ncols=cols)


def index_set_point(data, dims, idx, sign=1, mid_rank=None):
    """A critical point from an index set I of eigenvectors (Baldi-Hornik for H = 1, any depth here):
    W_{H+1} = sign*[U_I 0], hidden layers the partial identity of rank |I| (or `mid_rank` <= |I| in
    the layer W_2 to make rank(W_H...W_2) deficient only when mid_rank >= |I|), W_1 = [U_I^T P_ols; 0].
    The product is sign * U_I U_I^T P_ols.  Needs |I| <= min hidden width."""
    H = len(dims) - 2
    s = len(idx)
    UI = data.U_cols(idx)
    Ws = [_embed(matmul(UI.T, data.P_ols), dims[1], dims[0])]
    for k in range(2, H + 1):
        r = s if (mid_rank is None or k != 2) else mid_rank
        Ws.append(_embed(identity(r), dims[k], dims[k - 1]))
    Ws.append(_embed(scale(sign, UI), dims[H + 1], dims[H]))
    return Ws


def zero_layers_point(dims, zero, fill=None, seed=0):
    """Weights with W_k = 0 for k in `zero` and deterministic small integer entries elsewhere (or the
    matrices in `fill`, a dict k -> Matrix).  Two or more zero layers always give a critical point."""
    rng = random.Random(seed)
    Ws = []
    for k in range(1, len(dims)):
        if k in zero:
            Ws.append(zeros(dims[k], dims[k - 1]))
        elif fill and k in fill:
            Ws.append(fill[k])
        else:
            Ws.append(Matrix.from_rows([[rng.choice([-2, -1, 1, 2, 3]) for _ in range(dims[k - 1])]
                                        for _ in range(dims[k])]))
    return Ws


def scaled_path_loss(Ws_from, Ws_dir, X, Y, var="t"):
    """The loss along W_k(t) = W_k + t V_k, a Poly in `var` (or a scalar)."""
    t = Poly.var(var)
    path = [Matrix(W.nrows, W.ncols, [[norm(a + t * b) for a, b in zip(ra, rb)] for ra, rb in zip(W.rows, V.rows)])
            for W, V in zip(Ws_from, Ws_dir)]
    return loss(path, X, Y)


def univariate_coeffs(p, var="t"):
    """Coefficient row [c_0, c_1, ..., c_deg] of a univariate Poly (or scalar) in `var`."""
    if not isinstance(p, Poly):
        return [norm(p)]
    deg = p.degree(var)
    cs = [0] * (deg + 1)
    for mono, c in p.terms.items():
        if any(v != var for v, _ in mono):
            raise ValueError("not univariate")
        e = mono[0][1] if mono else 0
        cs[e] = norm(cs[e] + c)
    return cs


def parse_weights(spec):
    """[[...], ...] per layer -> list of Matrix (exact numbers: int or 'p/q')."""
    return [Matrix.from_rows([[Fraction(x) if isinstance(x, str) else x for x in r] for r in W]) for W in spec]


__all__ = [
    "Data", "make_data", "cayley_orthogonal", "widths", "chain", "A_of", "B_of", "product", "output",
    "residual", "loss", "gradient_blocks", "gradient", "hessian_blocks", "hessian", "assemble",
    "second_order_block", "layer_order", "vec_rows", "vec_cols", "poly_diff", "poly_gradient", "poly_hessian",
    "symbolic_weights", "symbolic_matrix", "param_names", "point_of", "rref", "rank", "inverse", "pinv",
    "g_inverse", "projector", "rank_factorization", "det", "minors_square_sum", "index_set_point", "zero_layers_point",
    "scaled_path_loss", "univariate_coeffs", "trace", "frob2", "one_by_one", "sub", "parse_weights",
]
