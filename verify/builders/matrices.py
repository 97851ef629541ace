"""Matrix constructions for trusted builders: sums, scalings, Kronecker products, stacking, and
the named matrices papers use (Hilbert, Vandermonde, Cauchy, circulant, graph Laplacian,
Sylvester-Hadamard).  Indices in their definitions and messages are 1-based.

These build problem objects (the case loader, the paper claims' `build`); the checker never needs
them, so they live here and not in the kernel.
"""

from fractions import Fraction

from ..kernel.exact import Matrix, matmul, norm


def identity(n):
    return Matrix(n, n, [[1 if i == j else 0 for j in range(n)] for i in range(n)])


def is_symmetric(A):
    return A.nrows == A.ncols and all(A.rows[i][j] == A.rows[j][i] for i in range(A.nrows) for j in range(i))


def add(A, B):
    if A.shape != B.shape:
        raise ValueError(f"cannot add {A.nrows}x{A.ncols} and {B.nrows}x{B.ncols}")
    return Matrix(A.nrows, A.ncols, [[norm(a + b) for a, b in zip(r, s)] for r, s in zip(A.rows, B.rows)])


def scale(c, A):
    return Matrix(A.nrows, A.ncols, [[norm(c * x) for x in r] for r in A.rows])


def kron(A, B):
    rows = []
    for ra in A.rows:
        for rb in B.rows:
            rows.append([norm(a * b) for a in ra for b in rb])
    return Matrix(A.nrows * B.nrows, A.ncols * B.ncols, rows)


def hstack(mats):
    if len({M.nrows for M in mats}) > 1:
        raise ValueError("hstack needs equal row counts")
    m = mats[0].nrows
    return Matrix(m, sum(M.ncols for M in mats), [sum((M.rows[i] for M in mats), ()) for i in range(m)])


def vstack(mats):
    if len({M.ncols for M in mats}) > 1:
        raise ValueError("vstack needs equal column counts")
    return Matrix(sum(M.nrows for M in mats), mats[0].ncols, [r for M in mats for r in M.rows])


def block_diag(mats):
    n = sum(M.ncols for M in mats)
    rows, off = [], 0
    for M in mats:
        for r in M.rows:
            rows.append((0,) * off + tuple(r) + (0,) * (n - off - M.ncols))
        off += M.ncols
    return Matrix(len(rows), n, rows)


def zeros(m, n):
    return Matrix(m, n, [[0] * n for _ in range(m)])


def hilbert(n):
    """H_ij = 1 / (i + j - 1), i, j = 1..n."""
    return Matrix(n, n, [[norm(Fraction(1, i + j - 1)) for j in range(1, n + 1)] for i in range(1, n + 1)])


def vandermonde(points, ncols=None):
    """V_ij = x_i^(j - 1), i = 1..m (the points), j = 1..ncols (default m)."""
    m = len(points)
    k = m if ncols is None else ncols
    rows = []
    for x in points:
        row, p = [], 1
        for _ in range(k):
            row.append(norm(p))
            p = p * x
        rows.append(row)
    return Matrix(m, k, rows)


def cauchy(xs, ys):
    """C_ij = 1 / (x_i - y_j); ValueError naming (i, j) (1-based) where x_i = y_j."""
    rows = []
    for i, x in enumerate(xs, 1):
        row = []
        for j, y in enumerate(ys, 1):
            d = x - y
            if d == 0:
                raise ValueError(f"x_{i} = y_{j} = {y}: the entry ({i}, {j}) would divide by zero")
            row.append(norm(Fraction(1) / d))
        rows.append(row)
    return Matrix(len(xs), len(ys), rows)


def circulant(c):
    """C_ij = c_((j - i) mod n): the first row is c, each row the previous one shifted right."""
    n = len(c)
    return Matrix(n, n, [[norm(c[(j - i) % n]) for j in range(n)] for i in range(n)])


def laplacian(n, edges):
    """L = D - A of the weighted undirected graph on vertices 1..n; `edges` are (u, v, w)."""
    rows = [[0] * n for _ in range(n)]
    for u, v, w in edges:
        rows[u - 1][v - 1] -= w
        rows[v - 1][u - 1] -= w
        rows[u - 1][u - 1] += w
        rows[v - 1][v - 1] += w
    return Matrix(n, n, [[norm(x) for x in r] for r in rows])


def hadamard(n):
    """The Sylvester-Hadamard matrix of order n (a power of 2): H_1 = [1], H_2k = [[H, H], [H, -H]]."""
    if n < 1 or n & (n - 1):
        raise ValueError(f"the Sylvester construction needs an order that is a power of 2, got {n}")
    rows = [[1]]
    while len(rows) < n:
        rows = [r + r for r in rows] + [r + [-x for x in r] for r in rows]
    return Matrix(n, n, rows)


__all__ = ["add", "scale", "kron", "hstack", "vstack", "block_diag", "zeros", "identity", "matmul",
           "hilbert", "vandermonde", "cauchy", "circulant", "laplacian", "hadamard"]
