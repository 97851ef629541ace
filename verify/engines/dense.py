"""Plain-Python exact linear algebra over Q and modulo a prime (the reference backend).

Matrices here are lists of lists of `int`/`Fraction`.  These functions are simple rather than
fast: Gauss–Jordan elimination over `Fraction`, fraction-free Bareiss for determinants, and
Gaussian elimination modulo p for pivot search.  Every other backend must agree with them.
"""

from fractions import Fraction
from math import gcd


def rref(rows, ncols):
    """Reduced row echelon form over Q: returns (R, pivot_columns)."""
    R = [[Fraction(x) for x in r] for r in rows]
    pivots, i = [], 0
    m = len(R)
    for j in range(ncols):
        if i == m:
            break
        k = next((k for k in range(i, m) if R[k][j]), None)
        if k is None:
            continue
        R[i], R[k] = R[k], R[i]
        piv = R[i][j]
        if piv != 1:
            R[i] = [x / piv for x in R[i]]
        pr = R[i]
        for k in range(m):
            if k != i and R[k][j]:
                f = R[k][j]
                R[k] = [a - f * b if b else a for a, b in zip(R[k], pr)]
        pivots.append(j)
        i += 1
    return R, pivots


def nullspace(rows, ncols):
    """A basis of the right kernel {x : A x = 0} over Q, one vector per free column.

    Vector for free column f has 1 at f, 0 at the other free columns, and -R[i][f] at pivot i:
    the free-column rows of the basis form an identity block, so the basis has full rank.
    """
    R, pivots = rref(rows, ncols)
    free = [j for j in range(ncols) if j not in set(pivots)]
    basis = []
    for f in free:
        v = [Fraction(0)] * ncols
        v[f] = Fraction(1)
        for i, j in enumerate(pivots):
            v[j] = -R[i][f]
        basis.append(v)
    return basis


def rank(rows, ncols):
    return len(rref(rows, ncols)[1])


def det_bareiss(rows):
    """Exact determinant of a square rational matrix by fraction-free Bareiss elimination.

    Each row is first scaled to integers by the lcm of its denominators; the result is divided
    back by the product of the scales.
    """
    n = len(rows)
    if n == 0:
        return 1
    A, scale = [], 1
    for r in rows:
        s = 1
        for x in r:
            d = Fraction(x).denominator
            s = s * d // gcd(s, d)
        A.append([int(Fraction(x) * s) for x in r])
        scale *= s
    sign, prev = 1, 1
    for k in range(n - 1):
        if A[k][k] == 0:
            i = next((i for i in range(k + 1, n) if A[i][k]), None)
            if i is None:
                return 0
            A[k], A[i] = A[i], A[k]
            sign = -sign
        akk = A[k][k]
        for i in range(k + 1, n):
            aik = A[i][k]
            Ai, Ak = A[i], A[k]
            for j in range(k + 1, n):
                Ai[j] = (akk * Ai[j] - aik * Ak[j]) // prev
            Ai[k] = 0
        prev = akk
    d = Fraction(sign * A[n - 1][n - 1], scale)
    return d.numerator if d.denominator == 1 else d


def reduce_mod(rows, p):
    """Rows of a rational matrix reduced mod p, or None when p divides some denominator."""
    out = []
    for r in rows:
        row = []
        for x in r:
            if isinstance(x, int):
                row.append(x % p)
            else:
                if x.denominator % p == 0:
                    return None
                row.append(x.numerator * pow(x.denominator, -1, p) % p)
        out.append(row)
    return out


def pivots_mod(rows, ncols, p):
    """Gaussian elimination mod p on integer rows (entries in [0, p)).

    Returns (rank, pivot_rows, pivot_cols) with det(A[pivot_rows, pivot_cols]) != 0 mod p: the
    pivot rows are combined only with earlier pivot rows, so on the pivot columns they reduce to
    a triangular matrix with nonzero diagonal.
    """
    A = [list(r) for r in rows]
    order = list(range(len(A)))  # original row index at each position
    m = len(A)
    i = 0
    prow, pcol = [], []
    for j in range(ncols):
        if i == m:
            break
        k = next((k for k in range(i, m) if A[k][j]), None)
        if k is None:
            continue
        A[i], A[k] = A[k], A[i]
        order[i], order[k] = order[k], order[i]
        inv = pow(A[i][j], -1, p)
        pr = A[i]
        for k in range(i + 1, m):
            if A[k][j]:
                f = A[k][j] * inv % p
                A[k] = [(a - f * b) % p for a, b in zip(A[k], pr)]
        prow.append(order[i])
        pcol.append(j)
        i += 1
    return len(pcol), prow, pcol


def det_mod(rows, p):
    """Determinant mod p of a square matrix of integers mod p."""
    n = len(rows)
    A = [list(r) for r in rows]
    det = 1
    for j in range(n):
        k = next((k for k in range(j, n) if A[k][j] % p), None)
        if k is None:
            return 0
        if k != j:
            A[j], A[k] = A[k], A[j]
            det = -det
        det = det * A[j][j] % p
        inv = pow(A[j][j], -1, p)
        for k in range(j + 1, n):
            if A[k][j]:
                f = A[k][j] * inv % p
                A[k] = [(a - f * b) % p for a, b in zip(A[k], A[j])]
    return det % p


def primitive(vec):
    """The integer vector on the same line as the rational vector `vec`, with content 1."""
    den = 1
    for x in vec:
        d = Fraction(x).denominator
        den = den * d // gcd(den, d)
    ints = [int(Fraction(x) * den) for x in vec]
    g = 0
    for x in ints:
        g = gcd(g, x)
    if g > 1:
        ints = [x // g for x in ints]
    # a canonical sign: first nonzero entry positive
    lead = next((x for x in ints if x), 0)
    if lead < 0:
        ints = [-x for x in ints]
    return ints
