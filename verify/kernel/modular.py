"""The checker's side for large integer matrices: minors mod p and exact products, with numpy.

Written independently of `verify.engines` (it must not import it).  Three facts are checked:

* `check_prime(p)`: p is prime, by Miller-Rabin with the first 13 prime bases, which is a
  deterministic test for p < 3.3e24 (Sorenson-Webster); larger p are rejected.
* `check_minor_nonzero(A, rows, cols, p)`: det(A[rows, cols]) != 0 mod p.  Lemma: the determinant
  of an integer matrix is an integer; if it is nonzero mod p it is nonzero, so rank(A) >= r.
* `check_product_zero(A, N)`: A @ N == 0 exactly (int64 when the bound max|A|*max|N|*n < 2^63
  rules out overflow, Python integers otherwise).  With rank(N) = k this gives rank(A) <= n - k.

How the minor is tested.  For p < 2^25 the residues are held in float64 and the elimination's
products are float64 matrix products (BLAS).  Every entry is kept reduced, |x| <= h = p//2 + 1
(see `_reduce`), so a product with inner dimension K accumulates at most h + K*h^2 in absolute
value; `_chunk(p)` picks K so that this is <= 2^52, where every partial sum is an integer that
float64 represents exactly, in any summation order, and `_reduce` is exact.  The other steps stay
below 2^52 too for p < 2^25: a multiplier times an entry (< p*h), a rank-1 update (h + h^2), and
the triangular-solve blocks (inner dimension <= 8: h + 8h^2).  Products with a longer inner dimension
are cut into chunks of K, reduced after each.  The elimination is Gaussian elimination with row
pivoting, organised recursively by columns (left half, triangular solve and one product for the
right half, right half): it succeeds only if every column finds a pivot that is nonzero mod p,
i.e. the minor is nonsingular mod p.  For larger p a plain Python-integer elimination is used.
"""

import numpy as np

from .errors import CertificateError
from .modp import is_prime, square_nonsingular_mod_p

_FLOAT_PRIME_LIMIT = 1 << 25      # keeps every intermediate below 2^52 (module docstring)


class _Singular(Exception):
    pass


# ----------------------------------------------------------------------------------- primes
def check_prime(p, rule="rank_ge"):
    """Raise CertificateError unless p is a Python int that is prime (`rules.is_prime`)."""
    if not isinstance(p, int) or isinstance(p, bool):
        raise CertificateError(rule, f"prime {p!r} is not an integer")
    if not is_prime(p):
        raise CertificateError(rule, f"{p} is not a prime")


# ----------------------------------------------------------------------- float64 elimination
def _chunk(p):
    """Largest K with h + K*h^2 <= 2^52, h = p//2 + 1 (see the module docstring)."""
    h = p // 2 + 1
    return (2 ** 52 - h) // (h * h)


def _reduce(X, p):
    """X - p*rint(X/p), in place.

    For |X| <= 2^52, X/p is computed within 1/p of its true value, so q = rint(X/p) satisfies
    |X/p - q| <= 1/2 + 1/p; q*p (at most 2^52 + p < 2^53) and X - q*p are exact, so the result is
    congruent to X, |result| <= p/2 + 1, and it is 0 exactly when p divides X (X/p is then an
    exact integer).
    """
    T = np.divide(X, p)
    np.rint(T, out=T)
    T *= p
    X -= T
    return X


def _sub_product(C, L, U, p):
    """C <- C - L @ U, reduced, with exact float64 products (inner dimension in chunks)."""
    K = _chunk(p)
    for s in range(0, L.shape[1], K):
        C -= L[:, s:s + K] @ U[s:s + K]
        _reduce(C, p)


def _solve_unit_lower(L, B, p):
    """B <- L^{-1} B mod p, L unit lower triangular (only its strict lower part is read)."""
    s = L.shape[0]
    if s <= 8:                                   # X = L^{-1} by forward substitution on I
        X = np.eye(s)
        for i in range(1, s):
            X[i] -= L[i, :i] @ X[:i]
            _reduce(X[i], p)
        B[...] = _reduce(X @ B, p)               # inner dimension s <= 8 <= _chunk(p)
        return
    h = s // 2
    _solve_unit_lower(L[:h, :h], B[:h], p)
    _sub_product(B[h:], L[h:, :h], B[:h], p)
    _solve_unit_lower(L[h:, h:], B[h:], p)


def _lu_columns(A, c0, c1, p):
    """Eliminate columns c0..c1-1 of the square float64 A below row c0, in place.

    Invariant on return: rows were swapped (whole rows) and A[c0:, c0:c1] holds L and U of the
    LU factorisation of those columns mod p, with every pivot A[c, c] nonzero mod p.  Raises
    _Singular(c) when column c has no pivot: then the matrix is singular mod p.
    """
    if c1 - c0 <= 8:
        P = A[c0:, c0:c1].T.copy()                     # the panel, transposed: P[j, i] = A[c0+i, c0+j]
        for j in range(c1 - c0):
            nz = np.flatnonzero(P[j, j:])
            if nz.size == 0:
                raise _Singular(c0 + j)
            i = j + int(nz[0])
            if i != j:                                 # swap whole rows; the panel part is in P
                A[[c0 + j, c0 + i]] = A[[c0 + i, c0 + j]]
                P[:, [j, i]] = P[:, [i, j]]
            inv = pow(int(P[j, j]) % p, -1, p)
            P[j, j + 1:] *= inv                        # the multipliers (column of L)
            _reduce(P[j, j + 1:], p)
            P[j + 1:, j + 1:] -= np.outer(P[j + 1:, j], P[j, j + 1:])
            _reduce(P[j + 1:, j + 1:], p)
        A[c0:, c0:c1] = P.T
        return
    cm = (c0 + c1) // 2
    _lu_columns(A, c0, cm, p)
    _solve_unit_lower(A[c0:cm, c0:cm], A[c0:cm, cm:c1], p)
    _sub_product(A[cm:, cm:c1], A[cm:, c0:cm], A[c0:cm, cm:c1], p)
    _lu_columns(A, cm, c1, p)


def _nonsingular_float(R, p):
    """R: square float64 array of residues in [0, p), p < 2^25 prime (so |R| <= 2^52)."""
    A = _reduce(R, p)
    if A.shape[0] == 0:
        return True
    try:
        _lu_columns(A, 0, A.shape[0], p)
    except _Singular:
        return False
    return True


# ------------------------------------------------------------------------------------ checks
def _index_list(idx, bound, what, rule):
    if not isinstance(idx, (list, tuple)) or any(not isinstance(i, int) or isinstance(i, bool) for i in idx):
        raise CertificateError(rule, f"{what} must be a list of integers")
    if len(set(idx)) != len(idx):
        raise CertificateError(rule, f"{what} are not distinct")
    if any(not 0 <= i < bound for i in idx):
        raise CertificateError(rule, f"{what} out of range 0..{bound - 1}")
    return list(idx)


def _residues(A, rows, cols, p, rule):
    """A[rows, cols] reduced exactly mod p, as a 2-d int64 array with entries in [0, p) when p < 2^62,
    else as a list of lists of Python ints (A: any numpy integer dtype, or an object array of
    Python ints).  The reduction is integer arithmetic (`np.mod` on int64, `%` on Python ints):
    no entry reaches a float before it is reduced, whatever its size."""
    if not rows or not cols:
        S = np.zeros((len(rows), len(cols)), dtype=np.int64)
    else:
        S = A if rows == list(range(A.shape[0])) else A[rows]
        S = S if cols == list(range(A.shape[1])) else S[:, cols]
    if S.dtype != object and not np.issubdtype(S.dtype, np.integer):
        raise CertificateError(rule, "matrix entries must be integers")
    if S.dtype == object or p >= 1 << 62 or (S.dtype.kind == "u" and S.size and int(S.max()) >= 1 << 63):
        if any(not isinstance(x, (int, np.integer)) or isinstance(x, (bool, np.bool_)) for x in S.flat):
            raise CertificateError(rule, "matrix entries must be integers")
        res = [[int(x) % p for x in row] for row in S.tolist()]
        return np.array(res, dtype=np.int64).reshape(S.shape) if p < 1 << 62 else res
    return np.mod(S.astype(np.int64), p)            # exact: int64 entries, 0 < p < 2^63


def check_minor_nonzero(A, rows, cols, p, rule="rank_ge"):
    """Accept iff det(A[rows, cols]) != 0 mod p, with rows, cols distinct, in range, same length."""
    A = np.asarray(A)
    if A.ndim != 2:
        raise CertificateError(rule, "matrix must be 2-d")
    rows = _index_list(rows, A.shape[0], "rows", rule)
    cols = _index_list(cols, A.shape[1], "cols", rule)
    if len(rows) != len(cols):
        raise CertificateError(rule, f"{len(rows)} rows but {len(cols)} cols")
    check_prime(p, rule)
    # permuting rows and columns changes det only by a sign: test the minor in sorted order,
    # which for a full-size minor is A itself (no copy of an index-gathered matrix)
    rows, cols = sorted(rows), sorted(cols)
    R = _residues(A, rows, cols, p, rule)
    if p < _FLOAT_PRIME_LIMIT:                      # residues in [0, p), p < 2^25: exact in float64
        ok = _nonsingular_float(R.astype(np.float64, order="C"), p)
    else:
        ok = square_nonsingular_mod_p(R if isinstance(R, list) else R.tolist(), p)
    if not ok:
        raise CertificateError(rule, f"the {len(rows)} x {len(rows)} minor is singular mod {p}")


def check_rank_ge(A, r, rows, cols, prime):
    """The `rank_ge` rule on an integer numpy matrix: establishes rank(A) >= r."""
    if not isinstance(r, int) or isinstance(r, bool) or r < 0:
        raise CertificateError("rank_ge", f"bad rank {r!r}")
    if len(rows) != r or len(cols) != r:
        raise CertificateError("rank_ge", f"needs {r} rows and cols, got {len(rows)} and {len(cols)}")
    check_minor_nonzero(A, rows, cols, prime, "rank_ge")


def _as_integer_array(X):
    """int64 array if the values fit, else an object array of Python ints."""
    X = np.asarray(X)
    if X.dtype == object:
        vals = X.tolist()
        flat = [v for row in vals for v in row] if X.ndim == 2 else vals
        if any(not isinstance(v, int) or isinstance(v, bool) for v in flat):
            raise TypeError("integer entries expected")
        big = max((abs(v) for v in flat), default=0) >= 1 << 62
        return X if big else X.astype(np.int64)
    if not np.issubdtype(X.dtype, np.integer):
        raise TypeError("integer entries expected")
    return X.astype(np.int64)


def check_product_zero(A, N, rule="rank_le", where="A*N"):
    """Accept iff A @ N == 0 exactly, for integer A (m x n) and N (n x k)."""
    try:
        A, N = _as_integer_array(A), _as_integer_array(N)
    except TypeError as e:
        raise CertificateError(rule, f"{where}: {e}") from None
    if A.ndim != 2 or N.ndim != 2 or A.shape[1] != N.shape[0]:
        raise CertificateError(rule, f"{where}: shapes {A.shape} and {N.shape} do not match")
    if A.size == 0 or N.size == 0:
        return
    amax = max(abs(int(A.max())), abs(int(A.min())))
    nmax = max(abs(int(N.max())), abs(int(N.min())))
    if A.dtype != object and N.dtype != object and amax * nmax * A.shape[1] < 1 << 63:
        P = A @ N                                    # no int64 overflow: |sum| < 2^63
    else:
        P = A.astype(object) @ N.astype(object)
    bad = np.flatnonzero(np.any(P != 0, axis=1))
    if bad.size:
        raise CertificateError(rule, f"{where} != 0 at row {int(bad[0])}")


def check_rank_le_right(A, r, N, basis_rows, basis_cols, prime):
    """The `rank_le` rule (side right) for integer A and an integer basis N (n x k).

    A N = 0 and rank(N) >= k (a nonzero k-minor of N mod prime) give rank(A) <= n - k <= r.
    A basis with rational entries is made integral first by scaling each column by the lcm of
    its denominators (scaling a column by a nonzero number changes neither fact).
    """
    A = np.asarray(A)
    N = np.asarray(N)
    if N.ndim != 2 or N.shape[0] != A.shape[1]:
        raise CertificateError("rank_le", f"basis shape {N.shape} does not fit {A.shape}")
    k = N.shape[1]
    if k < A.shape[1] - r:
        raise CertificateError("rank_le", f"basis has {k} columns, needs {A.shape[1] - r}")
    check_product_zero(A, N, "rank_le", "M*N")
    if len(basis_rows) != k or len(basis_cols) != k:
        raise CertificateError("rank_le", f"basis minor needs {k} rows and cols")
    check_minor_nonzero(N, basis_rows, basis_cols, prime, "rank_le")


def integer_columns(rows):
    """A list of rows of int/Fraction -> object array of ints, each column times the lcm of its
    denominators (a nonzero scaling: A N = 0 and the rank of N are unchanged)."""
    from fractions import Fraction
    from math import lcm
    n = len(rows)
    k = len(rows[0]) if n else 0
    out = np.empty((n, k), dtype=object)
    for j in range(k):
        col = [rows[i][j] for i in range(n)]
        if any(isinstance(x, bool) or not isinstance(x, (int, Fraction)) for x in col):
            raise CertificateError("rank_le", "basis entries must be exact rationals")
        m = lcm(*[Fraction(x).denominator for x in col]) if col else 1
        for i, x in enumerate(col):
            out[i, j] = int(x * m)
    return out
