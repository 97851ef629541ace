"""Fraction-free elimination over a polynomial ring, generic in the arithmetic.

The functions take lists of ring elements together with `div(a, b)` (exact division, raising when
it is not exact) and run identically on python-flint `fmpq_mpoly` and on the kernel's `Poly`.
They rely on Sylvester's identity: in Bareiss elimination every intermediate entry is a minor of
the input, so each division by the previous pivot is exact.
"""

from fractions import Fraction

from ..errors import EngineError
from ..kernel.exact import norm
from ..kernel.poly import Poly


def exponent_terms(p, index, coefficient):
    """{exponent vector: coefficient(c)} of a Poly, with variable positions from `index` (name -> i);
    the dense form that flint's and sympy's polynomial constructors take."""
    terms = {}
    for mono, c in p.terms.items():
        e = [0] * len(index)
        for v, k in mono:
            e[index[v]] = k
        terms[tuple(e)] = coefficient(c)
    return terms


def bareiss_det(A, div, zero, one):
    """Determinant of the square matrix A (list of lists of ring elements), Bareiss with row swaps."""
    n = len(A)
    if n == 0:
        return one
    A = [list(r) for r in A]
    sign, prev = 1, one
    for k in range(n - 1):
        if A[k][k] == 0:
            i = next((i for i in range(k + 1, n) if A[i][k] != 0), None)
            if i is None:
                return zero
            A[k], A[i] = A[i], A[k]
            sign = -sign
        akk, Ak = A[k][k], A[k]
        for i in range(k + 1, n):
            Ai, aik = A[i], A[i][k]
            for j in range(k + 1, n):
                Ai[j] = div(akk * Ai[j] - aik * Ak[j], prev)
            Ai[k] = zero
        prev = akk
    return A[n - 1][n - 1] if sign > 0 else -A[n - 1][n - 1]


def laplace_det(A, zero, one):
    """Determinant by cofactor expansion along columns, memoised on row subsets (bitmasks).

    minor(S) = det A[S, 0..|S|-1] = sum_{i in S} ±A[i][|S|-1] minor(S - {i}); zero entries are
    skipped, so sparse and structured matrices cost far less than the n 2^n worst case.
    """
    n = len(A)
    minors = {0: one}
    for k in range(n):
        nxt = {}
        for S, d in minors.items():
            if d == 0:
                continue
            # add a row i not in S as the entry of column k; sign from rows of S above i
            for i in range(n):
                if S >> i & 1 or A[i][k] == 0:
                    continue
                above = bin(S >> (i + 1)).count("1")
                term = A[i][k] * d
                T = S | (1 << i)
                nxt[T] = (nxt[T] + term if T in nxt else term) if above % 2 == 0 else \
                    (nxt[T] - term if T in nxt else -term)
        minors = nxt
    return minors.get((1 << n) - 1, zero)


def block_kernel(A, J, ncols, div, zero, gcd=None):
    """Right kernel of the r x n polynomial matrix A whose columns J form a nonsingular block.

    Fraction-free: Bareiss on A with pivot columns J (row swaps as needed), then fraction-free back
    substitution.  For each free column f the vector has x_f = D = ±det(A[:, J]), zeros at the
    other free columns and x_J = -D * A_J^{-1} A_f, a polynomial vector by Cramer's rule, so every
    division is exact.  The free rows of the basis form a diagonal block with nonzero entries.
    Returns the list of kernel vectors (length n each), divided by their content when `gcd` given.
    """
    if gcd is not None:
        return _block_kernel_primitive(A, J, ncols, div, zero, gcd)
    r = len(A)
    A = [list(row) for row in A]
    prev = None
    for t, c in enumerate(J):
        i = next((i for i in range(t, r) if A[i][c] != 0), None)
        if i is None:
            raise EngineError("block_kernel: the pivot block is singular")
        A[t], A[i] = A[i], A[t]
        At, atc = A[t], A[t][c]
        for i in range(t + 1, r):
            Ai, aic = A[i], A[i][c]
            for j in range(ncols):
                v = atc * Ai[j] - aic * At[j]
                Ai[j] = v if prev is None else div(v, prev)
        prev = atc
    D = A[r - 1][J[r - 1]] if r else None
    pivots = set(J)
    basis = []
    for f in range(ncols):
        if f in pivots:
            continue
        x = [zero] * ncols
        if r == 0:
            x[f] = zero + 1
            basis.append(x)
            continue
        x[f] = D
        for t in range(r - 1, -1, -1):
            s = D * A[t][f]
            for u in range(t + 1, r):
                s = s + A[t][J[u]] * x[J[u]]
            x[J[t]] = div(-s, A[t][J[t]])
        if gcd is not None:
            g = zero
            for e in x:
                if e != 0:
                    g = e if g == 0 else gcd(g, e)
            if g != 0:
                x = [div(e, g) for e in x]
        basis.append(x)
    return basis


def _content_free(v, div, zero, gcd):
    """v divided by the gcd of its entries (stops early once the gcd is a constant)."""
    g = zero
    for e in v:
        if e != 0:
            g = e if g == 0 else gcd(g, e)
            if g.is_constant():
                return v
    return [div(e, g) for e in v] if g != 0 else v


def _block_kernel_primitive(A, J, ncols, div, zero, gcd):
    """Gauss–Jordan on the pivot block with every row divided by its content after each update.

    Each row stays a polynomial multiple of a row combination, so the row space over Q(x) never
    changes; at the end row t reads a_t x_{J[t]} + sum_f R[t][f] x_f = 0, and with L = lcm(a_t) the
    vector x_f = L, x_{J[t]} = -R[t][f] L / a_t solves it exactly.  Keeping rows primitive limits the
    growth that plain Bareiss shows on products of symbolic matrices.
    """
    r = len(A)
    A = [_content_free(list(row), div, zero, gcd) for row in A]
    for t, c in enumerate(J):
        i = next((i for i in range(t, r) if A[i][c] != 0), None)
        if i is None:
            raise EngineError("block_kernel: the pivot block is singular")
        A[t], A[i] = A[i], A[t]
        At, atc = A[t], A[t][c]
        for i in range(r):
            if i != t and A[i][c] != 0:
                aic = A[i][c]
                A[i] = _content_free([atc * a - aic * b for a, b in zip(A[i], At)], div, zero, gcd)
    piv = [A[t][J[t]] for t in range(r)]
    L = zero + 1
    for a in piv:
        L = div(L * a, gcd(L, a))
    pivots = set(J)
    basis = []
    for f in range(ncols):
        if f in pivots:
            continue
        x = [zero] * ncols
        x[f] = L
        for t in range(r):
            x[J[t]] = -A[t][f] * div(L, piv[t])
        basis.append(_content_free(x, div, zero, gcd))
    return basis


# ---------------------------------------------------------------------- exact division of Poly
def _key(mono, names):
    d = dict(mono)
    return tuple(d.get(v, 0) for v in names)


def poly_exact_div(a, b):
    """a / b for kernel polynomials or scalars when b divides a exactly (lex-order division)."""
    if not isinstance(b, Poly):
        if b == 0:
            raise EngineError("division by zero polynomial")
        return norm(a * (Fraction(1) / Fraction(b)))
    if not isinstance(a, Poly):
        if a == 0:
            return 0
        raise EngineError("polynomial division is not exact")
    names = sorted(set(a.variables()) | set(b.variables()))
    lb = max(b.terms, key=lambda m: _key(m, names))
    cb, db = b.terms[lb], dict(lb)
    q, rem = {}, a
    while not rem.is_zero():
        lr = max(rem.terms, key=lambda m: _key(m, names))
        dr = dict(lr)
        if any(e > dr.get(v, 0) for v, e in db.items()):
            raise EngineError("polynomial division is not exact")
        t = tuple(sorted((v, e - db.get(v, 0)) for v, e in dr.items() if e - db.get(v, 0) > 0))
        c = rem.terms[lr] / cb
        q[t] = q.get(t, 0) + c
        rem = rem - Poly({t: c}) * b
    return norm(Poly(q))
