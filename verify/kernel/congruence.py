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
integers (`_pack`): a row (x_0, ..., x_{m-1}) becomes X = sum_s x_s 2^(w s).  Packing is additive
and commutes with multiplication by an integer, so sum_k c_k X_k is the packing of sum_k c_k x_k;
and reduction mod 2^(m w) (a ring map) keeps exactly the packing of the first m slots, up to a
multiple of 2^(m w).  When every entry of the result lies in (-2^(w-1), 2^(w-1)), the base-2^w
digits of (packing + 2^(w-1) in every slot) mod 2^(m w) are exactly the entries plus 2^(w-1)
(`_unpack`).  `_width` makes w large enough for every entry of U^T A U: |G[i][j]| <= n^2 max|U|^2
max|A|.  Rows of U are packed in reverse column order, so that slot s holds column n-1-s and the
columns j >= i0 are the low n - i0 slots: G is computed on and above the diagonal only, and the rest
filled in by symmetry (G^T = U^T A^T U = G for a symmetric A).
"""

from fractions import Fraction
from math import lcm

from .errors import CertificateError

RULE = "inertia"


def _width(bound):
    """Bits per slot (a multiple of 8) holding every integer of absolute value <= bound."""
    return (bound.bit_length() + 1 + 7) // 8 * 8


def _pack(row, w):
    """sum_s row[s] * 2^(w s), for |row[s]| < 2^(w-1)."""
    h, k = 1 << (w - 1), w // 8
    data = b"".join((x + h).to_bytes(k, "little") for x in row)
    return int.from_bytes(data, "little") - _offset(len(row), w)


_OFFSETS = {}


def _offset(m, w):
    """sum_{s < m} 2^(w-1) * 2^(w s): the packing of the constant row 2^(w-1)."""
    if (m, w) not in _OFFSETS:
        _OFFSETS[(m, w)] = int.from_bytes(((1 << (w - 1)).to_bytes(w // 8, "little")) * m, "little")
    return _OFFSETS[(m, w)]


def _unpack(v, m, w):
    """The first m slots of a packed row v whose entries there lie in (-2^(w-1), 2^(w-1)), from v
    mod 2^(m w) (module docstring)."""
    h, k = 1 << (w - 1), w // 8
    data = ((v + _offset(m, w)) & ((1 << (m * w)) - 1)).to_bytes(m * k, "little")
    return [int.from_bytes(data[i:i + k], "little") - h for i in range(0, m * k, k)]


_STEP = 32      # rows of G per truncation of the packed rows of A U


def congruent_form(U, A):
    """G = U^T A U exactly, for integer n x n lists of rows U and A (A symmetric)."""
    n = len(A)
    if n == 0:
        return []
    amax = max(abs(x) for r in A for x in r)
    umax = max(abs(x) for r in U for x in r)
    w = _width(n * n * umax * umax * max(amax, 1))
    packed_u = [_pack(r[::-1], w) for r in U]             # rows of U, reversed
    T = []                                                # rows of A U, reversed
    for arow in A:
        s = 0
        for a, pu in zip(arow, packed_u):
            if a:
                s += a * pu
        T.append(s)
    G = [[0] * n for _ in range(n)]
    for i0 in range(0, n, _STEP):                         # rows i0 .. i0+_STEP-1, columns >= i0
        m = n - i0
        mask = (1 << (m * w)) - 1
        low = [t & mask for t in T]                       # the columns >= i0 of A U, mod 2^(m w)
        for i in range(i0, min(n, i0 + _STEP)):           # G[i] = sum_k U[k][i] (A U)[k]
            s = 0
            for k in range(n):
                u = U[k][i]
                if u:
                    s += u * low[k]
            row = _unpack(s, m, w)                        # row[s] = G[i][n-1-s]
            Gi = G[i]
            for j in range(i, n):
                Gi[j] = G[j][i] = row[n - 1 - j]
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
