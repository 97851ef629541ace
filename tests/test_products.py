"""Khatri-Rao / Tracy-Singh products and Shen's selection matrices (verify.builders.products)."""

import random
from fractions import Fraction

import pytest

from verify.builders import khatri_rao_blocks, khatri_rao_columns, selection_matrices, tracy_singh
from verify.kernel.exact import Matrix, matmul
from verify.builders.matrices import identity
from verify.builders.matrices import kron
from verify.kernel.poly import Poly


def rand_matrix(rng, m, n, lo=-4, hi=4):
    return Matrix.from_rows([[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)])


def rand_partition(rng, total):
    cuts = sorted(rng.sample(range(1, total), rng.randint(0, total - 1))) if total > 1 else []
    bounds = [0] + cuts + [total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def rand_partition_k(rng, total, k):
    cuts = sorted(rng.sample(range(1, total), k - 1))
    bounds = [0] + cuts + [total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def test_khatri_rao_columns_hand_checked():
    A = Matrix.from_rows([[1, 2], [3, 4]])
    B = Matrix.from_rows([[5, 6], [7, 8], [0, 1]])
    # column 0: (1,3) (x) (5,7,0) = (5,7,0,15,21,0); column 1: (2,4) (x) (6,8,1) = (12,16,2,24,32,4)
    expected = Matrix.from_rows([[5, 12], [7, 16], [0, 2], [15, 24], [21, 32], [0, 4]])
    assert khatri_rao_columns(A, B) == expected


def test_khatri_rao_columns_polynomial_and_rational():
    x = Poly.var("x")
    A = Matrix.from_rows([[x, Fraction(1, 2)]])
    B = Matrix.from_rows([[x, 4], [1, 0]])
    assert khatri_rao_columns(A, B) == Matrix.from_rows([[x * x, 2], [x, 0]])


def test_khatri_rao_columns_needs_same_column_count():
    with pytest.raises(ValueError, match="same number of columns"):
        khatri_rao_columns(Matrix.from_rows([[1, 2]]), Matrix.from_rows([[1, 2, 3]]))


@pytest.mark.parametrize("seed", range(12))
def test_columnwise_is_blockwise_with_trivial_rows_and_singleton_columns(seed):
    rng = random.Random(seed)
    m, p, n = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 6)
    A, B = rand_matrix(rng, m, n), rand_matrix(rng, p, n)
    got = khatri_rao_blocks(A, B, [m], [1] * n, [p], [1] * n)
    assert got == khatri_rao_columns(A, B)
    # and, entry by entry, column j is the Kronecker product of the columns
    for j in range(n):
        col = kron(A.submatrix(range(m), [j]), B.submatrix(range(p), [j]))
        assert [r[j] for r in got.rows] == [r[0] for r in col.rows]


def test_khatri_rao_blocks_hand_checked():
    # A = [[1, 2 | 3]], rows [1], cols [2, 1];  B = [[1 | 0], [0 | 1]] rows [2], cols [1, 1]
    A = Matrix.from_rows([[1, 2, 3]])
    B = Matrix.from_rows([[1, 0], [0, 1]])
    # block 0: [1 2] (x) [[1],[0]] = [[1, 2], [0, 0]];  block 1: [3] (x) [[0],[1]] = [[0],[3]]
    got = khatri_rao_blocks(A, B, [1], [2, 1], [2], [1, 1])
    assert got == Matrix.from_rows([[1, 2, 0], [0, 0, 3]])


@pytest.mark.parametrize("seed", range(15))
def test_selection_matrices_reproduce_khatri_rao(seed):
    rng = random.Random(100 + seed)
    r, c = rng.randint(1, 3), rng.randint(1, 3)
    m, n = rng.randint(r, r + 3), rng.randint(c, c + 3)
    p, q = rng.randint(r, r + 3), rng.randint(c, c + 3)
    rows_a, cols_a = rand_partition_k(rng, m, r), rand_partition_k(rng, n, c)
    rows_b, cols_b = rand_partition_k(rng, p, r), rand_partition_k(rng, q, c)
    A, B = rand_matrix(rng, m, n), rand_matrix(rng, p, q)
    Z1, Z2 = selection_matrices(rows_a, cols_a, rows_b, cols_b)
    kr_rows = sum(a * b for a, b in zip(rows_a, rows_b))
    kr_cols = sum(a * b for a, b in zip(cols_a, cols_b))
    # shapes as in the paper: Z1 is (mp) x sum m_i p_i, Z2 is (nq) x sum n_i q_i
    assert Z1.shape == (m * p, kr_rows) and Z2.shape == (n * q, kr_cols)
    TS = tracy_singh(A, B, rows_a, cols_a, rows_b, cols_b)
    assert TS.shape == (m * p, n * q)
    KR = khatri_rao_blocks(A, B, rows_a, cols_a, rows_b, cols_b)
    assert KR.shape == (kr_rows, kr_cols)
    assert matmul(matmul(Z1.T, TS), Z2) == KR
    assert matmul(Z1.T, Z1) == identity(kr_rows)
    assert matmul(Z2.T, Z2) == identity(kr_cols)


def test_tracy_singh_hand_checked():
    # A = [[a11 | a12]] with cols [1, 1]; B = [[b11 | b12]] cols [1, 1]; single row blocks.
    # Block (0, j) of the result is (A_0j (x) B_0l)_l = [a_j b1, a_j b2]: [a1 b1, a1 b2, a2 b1, a2 b2]
    # which is also kron here; with B's columns partitioned [2] it is the same.
    A = Matrix.from_rows([[1, 2], [3, 4]])
    B = Matrix.from_rows([[5, 6], [7, 8]])
    # rows_a [1, 1], cols_a [1, 1], rows_b [1, 1], cols_b [1, 1]: block (i, j) = (a_ij * B_kl)_kl = a_ij B
    assert tracy_singh(A, B, [1, 1], [1, 1], [1, 1], [1, 1]) == kron(A, B)
    # A unpartitioned, B split into columns [1, 1]: ((A (x) B_kl)_kl): columns interleave differently
    got = tracy_singh(A, B, [2], [2], [2], [1, 1])
    # (A (x) b_col0 | A (x) b_col1)
    left = kron(A, Matrix.from_rows([[5], [7]]))
    right = kron(A, Matrix.from_rows([[6], [8]]))
    expected = Matrix.from_rows([list(l) + list(r) for l, r in zip(left.rows, right.rows)])
    assert got == expected
    assert got != kron(A, B)


@pytest.mark.parametrize("seed", range(8))
def test_tracy_singh_trivial_partitions_is_kron(seed):
    rng = random.Random(200 + seed)
    A = rand_matrix(rng, rng.randint(1, 4), rng.randint(1, 4))
    B = rand_matrix(rng, rng.randint(1, 4), rng.randint(1, 4))
    assert tracy_singh(A, B) == kron(A, B)
    assert tracy_singh(A, B, [A.nrows], [A.ncols], [B.nrows], [B.ncols]) == kron(A, B)


@pytest.mark.parametrize("seed", range(8))
def test_tracy_singh_is_a_permutation_of_kron(seed):
    # (A (*) B) has the same multiset of entries as A (x) B and the same shape, for any partitions.
    rng = random.Random(300 + seed)
    A = rand_matrix(rng, rng.randint(1, 4), rng.randint(1, 4))
    B = rand_matrix(rng, rng.randint(1, 4), rng.randint(1, 4))
    parts = [rand_partition(rng, d) for d in (A.nrows, A.ncols, B.nrows, B.ncols)]
    TS = tracy_singh(A, B, *parts)
    K = kron(A, B)
    assert TS.shape == K.shape
    assert sorted(TS.entries()) == sorted(K.entries())
    # row sums of TS are a permutation of row sums of K
    assert sorted(sum(r) for r in TS.rows) == sorted(sum(r) for r in K.rows)


@pytest.mark.parametrize("args, message", [
    (([3], [3], [1, 1], [2]), "row blocks"),          # 1 row block vs 2
    (([1, 2], [3], [1, 1], [1, 1]), "column blocks"),  # 1 column block vs 2
    (([1, 2], [1, 2], [1, 1], [2]), "column blocks"),  # 2 column blocks vs 1
])
def test_khatri_rao_blocks_inconsistent_partitions(args, message):
    A = Matrix.from_rows([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    B = Matrix.from_rows([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match=message):
        khatri_rao_blocks(A, B, *args)
    with pytest.raises(ValueError, match=message.split()[0]):
        selection_matrices(*args)
    tracy_singh(A, B, *args)  # Tracy-Singh takes independent partitions


@pytest.mark.parametrize("bad, message", [
    ([1, 1], "add up to 2, not to the dimension 3"),
    ([0, 3], "positive integers"),
    ([], "non-empty list"),
    ("3", "non-empty list"),
    ([1.5, 1.5], "positive integers"),
    ([True, 2], "positive integers"),
])
def test_bad_partitions(bad, message):
    A = Matrix.from_rows([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    with pytest.raises(ValueError, match=message):
        tracy_singh(A, A, bad, None, None, None)
    if isinstance(bad, list) and sum(bad) == 2:
        return  # selection_matrices has no dimension to compare against
    with pytest.raises(ValueError, match=message):
        selection_matrices(bad, [1], [1, 1], [1])


@pytest.mark.parametrize("scale_bits", [3, 40])
def test_khatri_rao_columns_numpy_path_is_exact(scale_bits):
    # 8 * 30 * 300 = 72000 entries: large enough for the int64 fast path; with 40-bit entries the
    # products overflow int64 and the exact Python path must be taken instead.
    from verify.builders.products import ARRAY_THRESHOLD
    from verify.kernel.arrays import IntArrayMatrix

    rng = random.Random(scale_bits)
    lo, hi = -(1 << scale_bits), 1 << scale_bits
    A = rand_matrix(rng, 8, 300, lo, hi)
    B = rand_matrix(rng, 30, 300, lo, hi)
    assert 8 * 30 * 300 >= ARRAY_THRESHOLD
    got = khatri_rao_columns(A, B)
    assert isinstance(got, IntArrayMatrix) == (scale_bits == 3)
    expected = [[A.rows[i][j] * B.rows[k][j] for j in range(300)] for i in range(8) for k in range(30)]
    assert [list(r) for r in got.rows] == expected
    assert got.content_hash() == Matrix.from_rows(expected).content_hash()


def _plain_product(A, B):
    """A B by the definition, entry by entry in Python integers (independent of both product paths)."""
    return [[sum(A.rows[i][t] * B.rows[t][j] for t in range(A.ncols)) for j in range(B.ncols)]
            for i in range(A.nrows)]


@pytest.mark.parametrize("bits,fast", [(3, True), (28, True), (29, False), (62, False)])
def test_matrix_product_numpy_path_is_exact_up_to_the_overflow_bound(bits, fast):
    """k max|A| max|B| < 2^63 takes numpy int64 (exact), and from the bound on the exact path.  With
    k = 32 and entries at +-2^28 the bound is 2^61; at +-2^29 it is 2^63 (not below), at 2^62 products
    alone overflow.  The extremes are planted so that the bound is attained."""
    from verify.builders.products import ARRAY_THRESHOLD, matrix_product
    from verify.kernel.arrays import IntArrayMatrix

    rng = random.Random(bits)
    top = 1 << bits
    A = rand_matrix(rng, 300, 32, -top, top)
    B = rand_matrix(rng, 32, 300, -top, top)
    rows_a = [list(r) for r in A.rows]
    rows_b = [list(r) for r in B.rows]
    rows_a[0] = [top] * 32                      # row 0 of A times column 0 of B is k * top^2 exactly
    for t in range(32):
        rows_b[t][0] = top
    A, B = Matrix.from_rows(rows_a), Matrix.from_rows(rows_b)
    assert 300 * 300 >= ARRAY_THRESHOLD
    got = matrix_product(A, B)
    assert isinstance(got, IntArrayMatrix) is fast
    want = _plain_product(A, B)
    assert [list(r) for r in got.rows] == want and want[0][0] == 32 * top * top
    assert got.content_hash() == Matrix.from_rows(want).content_hash()


def test_matrix_product_small_rational_and_polynomial_stay_exact():
    from verify.builders.products import matrix_product

    x = Poly.var("x")
    A = Matrix.from_rows([[Fraction(1, 2), x], [3, 0]])
    B = Matrix.from_rows([[x, 1], [Fraction(-1, 3), 2]])
    assert matrix_product(A, B) == matmul(A, B) == Matrix.from_rows(
        [[x * Fraction(1, 2) - x * Fraction(1, 3), Fraction(1, 2) + 2 * x], [3 * x, 3]])
    with pytest.raises(ValueError, match="cannot multiply"):
        matrix_product(A, Matrix.from_rows([[1, 2, 3]]))
