"""The python-flint backend: `fmpz_mat` built once, `nmod_mat` reductions, `fmpq_mpoly` elimination."""

from fractions import Fraction
from math import gcd, prod

import flint

from ..kernel.exact import norm
from ..kernel.poly import Poly
from . import dense, polyalg


def _lcm_den(row):
    s = 1
    for x in row:
        if not isinstance(x, int):
            d = x.denominator
            s = s * d // gcd(s, d)
    return s


def _pivot_cols(R, r):
    """Pivot columns of a reduced echelon matrix R of rank r (flint matrix)."""
    cols, j = [], 0
    for i in range(r):
        while int(R[i, j]) == 0:
            j += 1
        cols.append(j)
        j += 1
    return cols


def _nmod_pivots(A, m, n):
    """(rank, pivot rows, pivot cols) of an nmod_mat: one rref when the rank is full on the short side.

    rref(A) gives independent columns J, rref(Aᵀ) independent rows I; then A[I, J] is nonsingular
    (the columns J span the column space, so rows I of A[:, J] have rank r).
    """
    if m == 0 or n == 0:
        return 0, [], []
    if m <= n:
        R, r = A.rref()
        J = _pivot_cols(R, r)
        if r == m:
            return r, list(range(m)), J
        Rt, _ = A.transpose().rref()
        return r, _pivot_cols(Rt, r), J
    Rt, r = A.transpose().rref()
    I = _pivot_cols(Rt, r)
    if r == n:
        return r, I, list(range(n))
    R, _ = A.rref()
    return r, I, _pivot_cols(R, r)


def _fmpz_mat(rows, m, n):
    return flint.fmpz_mat(m, n, [x for r in rows for x in r]) if m and n else flint.fmpz_mat(m, n)


class Rational:
    """Rows scaled to integers by the lcm of their denominators, held as one `fmpz_mat`."""

    name = "flint"

    def __init__(self, M):
        self.m, self.n = M.shape
        self.scales = [_lcm_den(r) for r in M.rows]
        ints = [[int(x * s) if not isinstance(x, int) else x * s for x in r] for r, s in zip(M.rows, self.scales)]
        self.Z = _fmpz_mat(ints, self.m, self.n)

    def pivots_mod(self, p):
        if any(s % p == 0 for s in self.scales):
            return None
        return _nmod_pivots(flint.nmod_mat(self.Z, p), self.m, self.n)

    @staticmethod
    def _columns(X, k, n):
        return [[int(X[i, j]) for i in range(n)] for j in range(k)]

    def right_kernel(self):
        X, k = self.Z.nullspace()
        return [dense.primitive(v) for v in self._columns(X, k, self.n)]

    def left_kernel(self):
        # y^T M = 0  <=>  (S y)^T ... : with Z = S M, w^T Z = 0 gives y = S w.
        X, k = self.Z.transpose().nullspace()
        vecs = self._columns(X, k, self.m)
        return [dense.primitive([w * s for w, s in zip(v, self.scales)]) for v in vecs]

    def exact_pivots(self):
        R, _, r = self.Z.rref()
        J = _pivot_cols(R, r)
        sub = flint.fmpz_mat(self.m, len(J), [self.Z[i, j] for i in range(self.m) for j in J]) if J else None
        if sub is None:
            return [], []
        Rt, _, _ = sub.transpose().rref()
        return _pivot_cols(Rt, r), J

    def det(self):
        d = Fraction(int(self.Z.det()), prod(self.scales))
        return d.numerator if d.denominator == 1 else d


def pivots_mod(rows, ncols, p):
    """Pivot search mod p for a list of rational rows (None when p divides a denominator)."""
    A = dense.reduce_mod(rows, p)
    if A is None:
        return None
    m = len(A)
    if m == 0 or ncols == 0:
        return 0, [], []
    return _nmod_pivots(flint.nmod_mat(m, ncols, [x for r in A for x in r], p), m, ncols)


class PolyRing:
    """Entries as `fmpq_mpoly` in a lex context over the matrix's variables."""

    name = "flint"

    def __init__(self, variables):
        self.variables = list(variables)
        self.ctx = flint.fmpq_mpoly_ctx.get(tuple(self.variables), "lex")
        self.zero = self.ctx.from_dict({})
        self.one = self.zero + 1
        self._index = {v: i for i, v in enumerate(self.variables)}

    def element(self, x):
        if isinstance(x, Poly):
            return self.ctx.from_dict(polyalg.exponent_terms(x, self._index, lambda c: flint.fmpq(c.numerator, c.denominator)))
        x = Fraction(x)
        return self.zero + flint.fmpq(x.numerator, x.denominator)

    def convert(self, M):
        return [[self.element(x) for x in r] for r in M.rows]

    def to_entry(self, q):
        terms = {}
        for e, c in q.to_dict().items():
            mono = tuple((v, int(k)) for v, k in zip(self.variables, e) if k)
            terms[mono] = Fraction(int(c.p), int(c.q))
        return norm(Poly(terms))

    @staticmethod
    def div(a, b):
        return a / b

    @staticmethod
    def gcd(a, b):
        return a.gcd(b)

    LAPLACE_MAX = 10

    def det(self, M):
        """Memoised cofactor expansion up to 10 x 10 (fast on sparse/symbolic), Bareiss beyond."""
        A = self.convert(M)
        if M.nrows <= self.LAPLACE_MAX:
            return self.to_entry(polyalg.laplace_det(A, self.zero, self.one))
        return self.to_entry(polyalg.bareiss_det(A, self.div, self.zero, self.one))

    def right_kernel(self, M, I, J):
        A = self.convert(M)
        vecs = polyalg.block_kernel([A[i] for i in I], list(J), M.ncols, self.div, self.zero, self.gcd)
        return [[self.to_entry(x) for x in v] for v in vecs]

    def times_is_zero(self, M, vecs):
        A = self.convert(M)
        V = [[self.element(x) for x in v] for v in vecs]
        for row in A:
            for v in V:
                s = self.zero
                for a, b in zip(row, v):
                    if a != 0 and b != 0:
                        s += a * b
                if s != 0:
                    return False
        return True
