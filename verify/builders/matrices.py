"""Matrix constructions for trusted builders: sums, scalings, Kronecker products, stacking.

These build problem objects (the case loader, the paper claims' `build`); the checker never needs
them, so they live here and not in the kernel.
"""

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


__all__ = ["add", "scale", "kron", "hstack", "vstack", "block_diag", "zeros", "identity", "matmul"]
