"""The sympy backend: `DomainMatrix` over QQ, QQ[x, ...] and its fraction field (the reference)."""

from fractions import Fraction

from sympy import QQ, symbols
from sympy.polys.matrices import DomainMatrix

from ..kernel.exact import norm
from ..kernel.poly import Poly
from . import dense, polyalg


def _qq(x):
    x = Fraction(x)
    return QQ(x.numerator, x.denominator)


def _frac(c):
    d = Fraction(int(c.numerator), int(c.denominator))
    return d.numerator if d.denominator == 1 else d


def _domain_matrix(rows, m, n, K, conv):
    return DomainMatrix([[conv(x) for x in r] for r in rows], (m, n), K)


class Rational:
    name = "sympy"

    def __init__(self, M):
        self.m, self.n = M.shape
        self.rows = [list(r) for r in M.rows]
        self.D = _domain_matrix(self.rows, self.m, self.n, QQ, _qq)

    def pivots_mod(self, p):
        A = dense.reduce_mod(self.rows, p)
        return None if A is None else dense.pivots_mod(A, self.n, p)

    @staticmethod
    def _vectors(N):
        return [dense.primitive([_frac(c) for c in row]) for row in N.to_list()]

    def right_kernel(self):
        return self._vectors(self.D.nullspace()) if self.n else []

    def left_kernel(self):
        return self._vectors(self.D.transpose().nullspace()) if self.m else []

    def exact_pivots(self):
        _, J = self.D.rref()
        J = list(J)
        if not J:
            return [], []
        _, I = self.D.extract(list(range(self.m)), J).transpose().rref()
        return list(I), J

    def det(self):
        return _frac(self.D.det()) if self.m else 1


class PolyRing:
    """Polynomials in `QQ[x, ...]`; kernels over the fraction field `QQ(x, ...)`."""

    name = "sympy"

    def __init__(self, variables):
        self.variables = list(variables)
        self.syms = symbols(self.variables) if len(self.variables) != 1 else (symbols(self.variables[0]),)
        self.R = QQ[tuple(self.syms)]
        self.ring = self.R.ring
        self._index = {v: i for i, v in enumerate(self.variables)}

    def element(self, x):
        if isinstance(x, Poly):
            return self.ring.from_dict(polyalg.exponent_terms(x, self._index, _qq))
        return self.ring.ground_new(_qq(x))

    def matrix(self, M):
        return _domain_matrix(M.rows, M.nrows, M.ncols, self.R, self.element)

    def to_entry(self, q):
        terms = {}
        for e, c in q.to_dict().items():
            mono = tuple((v, int(k)) for v, k in zip(self.variables, e) if k)
            terms[mono] = Fraction(_frac(c))
        return norm(Poly(terms))

    def det(self, M):
        return self.to_entry(self.matrix(M).det()) if M.nrows else 1

    def rank(self, M):
        return self.matrix(M).to_field().rank()

    def right_kernel(self, M, I=None, J=None):
        """The whole right kernel over Q(x...), denominators cleared and content removed per vector.

        The hint (I, J) is ignored: this path is the independent reference.
        """
        if M.ncols == 0:
            return []
        N = self.matrix(M).to_field().nullspace()
        out = []
        for row in N.to_list():
            l = self.ring.one
            for f in row:
                l = l.lcm(f.denom)
            nums = [f.numer * l.exquo(f.denom) for f in row]
            g = self.ring.zero
            for a in nums:
                g = g.gcd(a) if g else a
            if g:
                nums = [a.exquo(g) for a in nums]
            out.append([self.to_entry(a) for a in nums])
        return out

    def times_is_zero(self, M, vecs):
        A = self.matrix(M)
        for v in vecs:
            col = DomainMatrix([[self.element(x)] for x in v], (len(v), 1), self.R)
            if not (A * col).is_zero_matrix:
                return False
        return True
