"""Inertia from an integer congruence to a diagonally dominant matrix (the fast `inertia` certificate).

The certificate gives a permutation `perm`, an integer n x n matrix U and the sizes `blocks` (1 or 2)
of U's diagonal blocks.  With A = q * M[perm][:, perm] (q > 0 the lcm of M's denominators, so A is
an integer matrix) the kernel computes G = U^T A U exactly and accepts when

  (a) U is block upper triangular for `blocks` (zero below the diagonal blocks) and every diagonal
      block has a nonzero determinant, so det U = product of the block determinants != 0;
  (b) every row i of G with G[i][i] == 0 is zero, and every other row is strictly diagonally
      dominant: |G[i][i]| > sum_{j != i} |G[i][j]|.

Lemma.  By (a), U is invertible, so G is congruent to A, and A to M (a permutation congruence and a
positive scaling): Sylvester's law of inertia gives inertia(M) = inertia(G).  By (b) the zero rows
of G (hence, by symmetry, its zero columns) split off: G is, after a permutation, H (+) 0 where H
= G without those rows and columns is strictly diagonally dominant (dropping columns only shrinks the
off-diagonal sums).  For t in [0, 1] the matrix H_t = diag(H) + t * (H - diag(H)) is symmetric and
strictly diagonally dominant, hence nonsingular (Levy-Desplanques / Gershgorin), so no eigenvalue of
H_t crosses 0 as t goes from 0 to 1 (eigenvalues are continuous in t): inertia(H) = inertia(diag(H)),
the signs of its diagonal.  So inertia(M) = (#{G[i][i] > 0}, #{G[i][i] < 0}, #{G[i][i] == 0}).

The product U^T A U is computed in exact integer arithmetic with rows packed into single Python
integers (`_pack`): a row (x_0, ..., x_{n-1}) becomes X = sum_j x_j 2^(w j).  Packing is additive
and commutes with multiplication by an integer, so sum_k c_k X_k is the packing of sum_k c_k x_k.
When every entry of the result lies in (-2^(w-1), 2^(w-1)), its base-2^w digits after adding
2^(w-1) to each slot are exactly the entries plus 2^(w-1) (`_unpack`; a digit outside [0, 2^w)
would make `to_bytes` fail rather than give a wrong value).  `_width` bounds every entry of A U and
U^T A U by n^2 * max|U|^2 * max|A| (at least n * max|A| * max|U| when U != 0).
"""

from fractions import Fraction
from math import lcm

from ..errors import CertificateError

RULE = "inertia"


def _width(bound):
    """Bits per slot (a multiple of 8) holding every integer of absolute value <= bound."""
    return (bound.bit_length() + 1 + 7) // 8 * 8


def _pack(row, w):
    """sum_j row[j] * 2^(w j), for |row[j]| < 2^(w-1)."""
    h, k = 1 << (w - 1), w // 8
    data = b"".join((x + h).to_bytes(k, "little") for x in row)
    return int.from_bytes(data, "little") - _offset(len(row), w)


_OFFSETS = {}


def _offset(n, w):
    """sum_{j < n} 2^(w-1) * 2^(w j): the packing of the constant row 2^(w-1)."""
    if (n, w) not in _OFFSETS:
        _OFFSETS[(n, w)] = int.from_bytes(((1 << (w - 1)).to_bytes(w // 8, "little")) * n, "little")
    return _OFFSETS[(n, w)]


def _unpack(v, n, w):
    """The n entries of a packed row whose entries all lie in (-2^(w-1), 2^(w-1))."""
    h, k = 1 << (w - 1), w // 8
    try:
        data = (v + _offset(n, w)).to_bytes(n * k, "little")
    except OverflowError:
        raise CertificateError(RULE, "an entry of U^T A U exceeds its proven bound") from None
    return [int.from_bytes(data[i:i + k], "little") - h for i in range(0, n * k, k)]


def congruent_form(U, A):
    """G = U^T A U exactly, for integer n x n lists of rows U and A (A symmetric)."""
    n = len(A)
    if n == 0:
        return []
    amax = max(abs(x) for r in A for x in r)
    umax = max(abs(x) for r in U for x in r)
    w = _width(n * n * umax * umax * max(amax, 1))
    packed_u = [_pack(r, w) for r in U]                   # rows of U
    T = []                                                # rows of A U
    for arow in A:
        s = 0
        for a, pu in zip(arow, packed_u):
            if a:
                s += a * pu
        T.append(s)
    G = []
    for i in range(n):                                    # row i of U^T (A U) = sum_k U[k][i] (A U)[k]
        s = 0
        for k in range(n):
            u = U[k][i]
            if u:
                s += u * T[k]
        G.append(_unpack(s, n, w))
    return G


def _integer_rows(M, perm):
    """q * M[perm][:, perm] as integer rows, q > 0 the lcm of M's denominators."""
    q = lcm(*(x.denominator for r in M.rows for x in r if isinstance(x, Fraction)))
    return [[int(M.rows[i][j] * q) for j in perm] for i in perm]


def _check_triangular(U, blocks):
    """U block upper triangular for the sizes `blocks`, every diagonal block nonsingular."""
    n, start = len(U), 0
    for b in blocks:
        for j in range(start, start + b):
            if any(U[i][j] != 0 for i in range(start + b, n)):
                raise CertificateError(RULE, f"U is not zero below its diagonal block in column {j}")
        if b == 1:
            det = U[start][start]
        else:
            det = U[start][start] * U[start + 1][start + 1] - U[start][start + 1] * U[start + 1][start]
        if det == 0:
            raise CertificateError(RULE, f"U's diagonal block at {start} is singular")
        start += b


def dominant_inertia(G):
    """(p, n, z) from the diagonal of G, after checking (b) of the module docstring."""
    counts = [0, 0, 0]
    for i, row in enumerate(G):
        d = row[i]
        off = sum(abs(x) for x in row) - abs(d)
        if d == 0:
            if off:
                raise CertificateError(RULE, f"row {i} of U^T A U has a zero diagonal but is not zero")
            counts[2] += 1
        elif abs(d) <= off:
            raise CertificateError(RULE, f"row {i} of U^T A U is not strictly diagonally dominant")
        else:
            counts[0 if d > 0 else 1] += 1
    return counts


def congruence_inertia(M, perm, U, blocks):
    """inertia(M) from a checked congruence (module docstring); M symmetric rational, perm a
    permutation, U a kernel Matrix, blocks a list of 1s and 2s (the caller checks the formats)."""
    n = M.nrows
    if U.shape != (n, n) or not U.is_integer():
        raise CertificateError(RULE, "U must be an n x n integer matrix")
    if not isinstance(blocks, list) or any(type(b) is not int or b not in (1, 2) for b in blocks) \
            or sum(blocks) != n:
        raise CertificateError(RULE, "blocks must be sizes 1 or 2 summing to n")
    rows = [list(r) for r in U.rows]
    _check_triangular(rows, blocks)
    return dominant_inertia(congruent_form(rows, _integer_rows(M, perm)))
