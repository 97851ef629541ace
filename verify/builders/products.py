"""Exact Khatri-Rao and Tracy-Singh products, and Shen's selection matrices.

All functions take and return kernel `Matrix` objects and use the kernel's `kron`, `hstack`,
`vstack` and `zeros`; nothing here computes in floating point.  Partitions are lists of positive
block sizes that add up to the dimension they partition.

Notation (Shen, supplementary of "Towards a mathematical understanding...", paper 000, eqs (1)-(7);
S. Liu, Lin. Alg. Appl. 289 (1999)): A is m x n partitioned into blocks A_ij of size m_i x n_j, and
B is p x q partitioned into blocks B_kl of size p_k x q_l.

- Tracy-Singh (1):  A (*) B = ((A_ij (x) B_kl)_kl)_ij, of size (m p) x (n q).
- Khatri-Rao, block-wise (3), for A and B with the same number of row blocks and of column blocks:
  A (.) B = (A_ij (x) B_ij)_ij, of size (sum_i m_i p_i) x (sum_j n_j q_j).
- Khatri-Rao, column-wise (Giannou et al., paper 004): A is m x n and B is p x n; column j of the
  result is A_j (x) B_j.  It is the block-wise product with one row block and singleton columns.
- Selection matrices (4): A (.) B = Z1^T (A (*) B) Z2 with 0/1 matrices Z1, Z2 satisfying
  Z1^T Z1 = I and Z2^T Z2 = I (their ranks are (6) and (7)).
"""

from ..kernel.arrays import IntArrayMatrix
from ..kernel.exact import Matrix, norm
from .matrices import hstack, kron, vstack

__all__ = ["matrix_product", "khatri_rao_columns", "khatri_rao_blocks", "tracy_singh", "selection_matrices", "check_partition"]


def check_partition(sizes, total, what):
    """Validate a partition (list of positive ints adding up to `total`, unless `total` is None);
    returns it as a tuple, or raises ValueError naming `what`."""
    if not isinstance(sizes, (list, tuple)) or not sizes:
        raise ValueError(f"{what}: a partition is a non-empty list of block sizes, got {sizes!r}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, int) or s < 1:
            raise ValueError(f"{what}: block sizes must be positive integers, got {s!r}")
    if total is not None and sum(sizes) != total:
        raise ValueError(f"{what}: block sizes {list(sizes)} add up to {sum(sizes)}, not to the dimension {total}")
    return tuple(sizes)


def _offsets(sizes):
    out, acc = [], 0
    for s in sizes:
        out.append(acc)
        acc += s
    return out


def _blocks(M, rows, cols):
    """The blocks M_ij as a list of lists of Matrix (row block i, column block j)."""
    ro, co = _offsets(rows), _offsets(cols)
    return [[M.submatrix(range(ro[i], ro[i] + rows[i]), range(co[j], co[j] + cols[j]))
             for j in range(len(cols))] for i in range(len(rows))]


def _assemble(grid):
    """A block matrix from a grid (list of rows of Matrix blocks with consistent sizes)."""
    return vstack([hstack(row) for row in grid])


def khatri_rao_columns(A, B):
    """Column-wise Khatri-Rao product: column j is A[:, j] (x) B[:, j]; shape (m p) x n.

    Row (i p + k) of the result holds A[i][j] * B[k][j] in column j.
    """
    if A.ncols != B.ncols:
        raise ValueError(f"khatri_rao: the factors need the same number of columns, got "
                         f"{A.nrows}x{A.ncols} and {B.nrows}x{B.ncols}")
    if A.nrows * B.nrows * A.ncols >= ARRAY_THRESHOLD and A.is_integer() and B.is_integer():
        fast = _khatri_rao_int64(_int64_array(A), _int64_array(B))
        if fast is not None:
            return IntArrayMatrix(fast)
    rows = [[norm(a * b) if a and b else 0 for a, b in zip(ra, rb)] for ra in A.rows for rb in B.rows]
    return Matrix(A.nrows * B.nrows, A.ncols, rows)


ARRAY_THRESHOLD = 65_536  # integer results with at least this many entries are built in numpy


def _int64_array(M):
    """M's entries as a numpy int64 array, or None if one does not fit."""
    import numpy as np

    if isinstance(M, IntArrayMatrix):
        return M.array
    try:
        return np.array(M.rows, dtype=np.int64).reshape(M.nrows, M.ncols)
    except OverflowError:
        return None


def _khatri_rao_int64(a, b):
    """Column-wise Khatri-Rao of two int64 arrays in numpy, or None if a product might overflow."""
    if a is None or b is None or a.size == 0 or b.size == 0:
        return None
    bound_a = max(abs(int(a.max())), abs(int(a.min())))
    bound_b = max(abs(int(b.max())), abs(int(b.min())))
    if bound_a * bound_b >= 1 << 63:
        return None
    m, n = a.shape
    p = b.shape[0]
    return (a[:, None, :] * b[None, :, :]).reshape(m * p, n)


def matrix_product(A, B):
    """A B exactly.  Large integer factors (at least ARRAY_THRESHOLD entries in the result or a factor)
    are multiplied as numpy int64 arrays when no sum can overflow: every entry of A B is a sum of k
    products, so |entry| and every partial sum are at most k max|A| max|B|, and numpy's integer matmul
    (no BLAS, no float) is exact when that bound is below 2^63.  Otherwise the kernel's `matmul`."""
    from ..kernel.exact import matmul

    if A.ncols != B.nrows:
        raise ValueError(f"cannot multiply {A.nrows}x{A.ncols} by {B.nrows}x{B.ncols}")
    big = max(A.nrows * B.ncols, A.nrows * A.ncols, B.nrows * B.ncols) >= ARRAY_THRESHOLD
    if big and A.ncols and A.is_integer() and B.is_integer():
        a, b = _int64_array(A), _int64_array(B)
        if a is not None and b is not None and a.size and b.size:
            bound = max(abs(int(a.max())), abs(int(a.min()))) * max(abs(int(b.max())), abs(int(b.min())))
            if bound * A.ncols < 1 << 63:
                return IntArrayMatrix(a @ b)
    return matmul(A, B)


def _partitions(A, B, rows_a, cols_a, rows_b, cols_b, same_count):
    rows_a = check_partition(rows_a if rows_a is not None else [A.nrows], A.nrows, "rows_a")
    cols_a = check_partition(cols_a if cols_a is not None else [A.ncols], A.ncols, "cols_a")
    rows_b = check_partition(rows_b if rows_b is not None else [B.nrows], B.nrows, "rows_b")
    cols_b = check_partition(cols_b if cols_b is not None else [B.ncols], B.ncols, "cols_b")
    if same_count:
        if len(rows_a) != len(rows_b):
            raise ValueError(f"khatri_rao_blocks: A has {len(rows_a)} row blocks {list(rows_a)} but B has "
                             f"{len(rows_b)} {list(rows_b)}; they must be partitioned alike")
        if len(cols_a) != len(cols_b):
            raise ValueError(f"khatri_rao_blocks: A has {len(cols_a)} column blocks {list(cols_a)} but B has "
                             f"{len(cols_b)} {list(cols_b)}; they must be partitioned alike")
    return rows_a, cols_a, rows_b, cols_b


def khatri_rao_blocks(A, B, rows_a=None, cols_a=None, rows_b=None, cols_b=None):
    """Block-wise Khatri-Rao product (A_ij (x) B_ij)_ij (Liu 1999; Shen eq. (3)).

    A and B must have the same number of row blocks and of column blocks; an omitted partition is
    the trivial one (a single block).  Shape (sum_i m_i p_i) x (sum_j n_j q_j).
    """
    rows_a, cols_a, rows_b, cols_b = _partitions(A, B, rows_a, cols_a, rows_b, cols_b, True)
    ga, gb = _blocks(A, rows_a, cols_a), _blocks(B, rows_b, cols_b)
    return _assemble([[kron(ga[i][j], gb[i][j]) for j in range(len(cols_a))] for i in range(len(rows_a))])


def tracy_singh(A, B, rows_a=None, cols_a=None, rows_b=None, cols_b=None):
    """Tracy-Singh product ((A_ij (x) B_kl)_kl)_ij (Shen eq. (1)); shape (m p) x (n q).

    The partitions of A and B are independent; an omitted partition is the trivial one, and with
    all four trivial the product is the Kronecker product.
    """
    rows_a, cols_a, rows_b, cols_b = _partitions(A, B, rows_a, cols_a, rows_b, cols_b, False)
    ga, gb = _blocks(A, rows_a, cols_a), _blocks(B, rows_b, cols_b)
    grid = []
    for i in range(len(rows_a)):
        row = []
        for j in range(len(cols_a)):
            row.append(_assemble([[kron(ga[i][j], gb[k][l]) for l in range(len(cols_b))]
                                  for k in range(len(rows_b))]))
        grid.append(row)
    return _assemble(grid)


def _selection(sizes_a, sizes_b):
    """0/1 matrix Z (|a| |b| x sum_i a_i b_i) picking the diagonal blocks i = k of a Tracy-Singh
    row (or column) index space.

    Tracy-Singh index of (block i of A, block k of B, a < a_i, b < b_k):
        off_a[i] * |b| + a_i * off_b[k] + a * b_k + b
    Khatri-Rao index of (block i, a, b):  sum_{i' < i} a_i' b_i' + a * b_i + b.
    """
    total_a, total_b = sum(sizes_a), sum(sizes_b)
    off_a, off_b = _offsets(sizes_a), _offsets(sizes_b)
    ncols = sum(x * y for x, y in zip(sizes_a, sizes_b))
    rows = [[0] * ncols for _ in range(total_a * total_b)]
    c = 0
    for i, (ai, bi) in enumerate(zip(sizes_a, sizes_b)):
        for a in range(ai):
            for b in range(bi):
                r = off_a[i] * total_b + ai * off_b[i] + a * bi + b
                rows[r][c] = 1
                c += 1
    return Matrix(total_a * total_b, ncols, rows)


def selection_matrices(rows_a, cols_a, rows_b, cols_b):
    """Shen's Z1 ((m p) x sum_i m_i p_i) and Z2 ((n q) x sum_j n_j q_j) with
    A (.) B = Z1^T (A (*) B) Z2 (eq. (4)) for A, B partitioned by these block sizes.

    Z1 and Z2 are 0/1 matrices with exactly one 1 in every column and at most one in every row,
    hence Z^T Z = I and rank Z1 = sum_i m_i p_i, rank Z2 = sum_j n_j q_j (eqs. (6), (7)).
    """
    rows_a, cols_a = check_partition(rows_a, None, "rows_a"), check_partition(cols_a, None, "cols_a")
    rows_b, cols_b = check_partition(rows_b, None, "rows_b"), check_partition(cols_b, None, "cols_b")
    if len(rows_a) != len(rows_b) or len(cols_a) != len(cols_b):
        raise ValueError("selection_matrices: A and B need the same number of row blocks and of column blocks, "
                         f"got rows {list(rows_a)} / {list(rows_b)} and cols {list(cols_a)} / {list(cols_b)}")
    return _selection(rows_a, rows_b), _selection(cols_a, cols_b)
