"""Multivariate polynomials over Q for the checker (standard library only).

A polynomial is a map from monomials to nonzero `Fraction` coefficients.  A monomial is a tuple of
`(variable, exponent)` pairs sorted by variable name, exponents >= 1; `()` is the constant
monomial.  The representation is canonical: two polynomials are equal iff their maps are equal.
"""

from fractions import Fraction


def _scalar(x):
    if isinstance(x, bool) or not isinstance(x, (int, Fraction)):
        raise TypeError(f"not an exact scalar: {x!r}")
    return Fraction(x)


def _mono_mul(a, b):
    if not a:
        return b
    if not b:
        return a
    d = dict(a)
    for v, e in b:
        d[v] = d.get(v, 0) + e
    return tuple(sorted(d.items()))


class Poly:
    """An immutable polynomial with rational coefficients."""

    __slots__ = ("terms", "_hash")

    def __init__(self, terms=None):
        clean = {}
        for mono, c in (terms or {}).items():
            c = _scalar(c)
            if c:
                mono = tuple(mono)
                for i, (v, e) in enumerate(mono):
                    if not isinstance(v, str) or not isinstance(e, int) or e < 1:
                        raise ValueError(f"bad monomial {mono!r}")
                    if i and mono[i - 1][0] >= v:
                        raise ValueError(f"monomial not sorted or repeated variable: {mono!r}")
                clean[mono] = clean.get(mono, Fraction(0)) + c
        self.terms = {m: c for m, c in clean.items() if c}
        self._hash = None

    # construction -----------------------------------------------------------------------------
    @classmethod
    def var(cls, name):
        return cls({((name, 1),): 1})

    @classmethod
    def const(cls, c):
        return cls({(): c})

    @classmethod
    def _raw(cls, terms):
        p = cls.__new__(cls)
        p.terms = terms
        p._hash = None
        return p

    # queries ----------------------------------------------------------------------------------
    def variables(self):
        return sorted({v for m in self.terms for v, _ in m})

    def is_zero(self):
        return not self.terms

    def is_constant(self):
        return all(m == () for m in self.terms)

    def constant(self):
        """The constant term (the value when `is_constant()`)."""
        return self.terms.get((), Fraction(0))

    def degree(self, var):
        return max((e for m in self.terms for v, e in m if v == var), default=0)

    # arithmetic -------------------------------------------------------------------------------
    @staticmethod
    def _coerce(x):
        if isinstance(x, Poly):
            return x
        return Poly.const(_scalar(x))

    def __add__(self, other):
        other = self._coerce(other)
        t = dict(self.terms)
        for m, c in other.terms.items():
            s = t.get(m, 0) + c
            if s:
                t[m] = s
            else:
                t.pop(m, None)
        return Poly._raw(t)

    __radd__ = __add__

    def __neg__(self):
        return Poly._raw({m: -c for m, c in self.terms.items()})

    def __sub__(self, other):
        return self + (-self._coerce(other))

    def __rsub__(self, other):
        return self._coerce(other) - self

    def __mul__(self, other):
        other = self._coerce(other)
        if len(self.terms) == 1 or len(other.terms) == 1:  # times one term: injective on monomials
            (m1, c1), = (self if len(self.terms) == 1 else other).terms.items()
            rest = other if len(self.terms) == 1 else self
            return Poly._raw({_mono_mul(m2, m1): c1 * c2 for m2, c2 in rest.terms.items()})
        t = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = _mono_mul(m1, m2)
                t[m] = t.get(m, 0) + c1 * c2
        return Poly._raw({m: c for m, c in t.items() if c})

    __rmul__ = __mul__

    @staticmethod
    def dot(pairs):
        """sum(a * b for a, b in pairs) for polynomials and exact scalars, accumulated in one map."""
        pairs = [(Poly._coerce(a), Poly._coerce(b)) for a, b in pairs]
        whole = all(c.denominator == 1 for ab in pairs for p in ab for c in p.terms.values())
        t = {}
        for a, b in pairs:
            if len(a.terms) > len(b.terms):
                a, b = b, a
            bt = [(m, c.numerator if whole else c) for m, c in b.terms.items()]
            for m1, c1 in a.terms.items():
                c1 = c1.numerator if whole else c1            # integer coefficients: int arithmetic
                for m2, c2 in bt:
                    m = _mono_mul(m2, m1)
                    t[m] = t.get(m, 0) + c1 * c2
        return Poly._raw({m: Fraction(c) for m, c in t.items() if c})

    def __pow__(self, k):
        if not isinstance(k, int) or isinstance(k, bool) or k < 0:
            raise ValueError("powers of polynomials take non-negative integer exponents")
        result, base = Poly.const(1), self
        while k:
            if k & 1:
                result = result * base
            base = base * base
            k >>= 1
        return result

    def __eq__(self, other):
        if isinstance(other, Poly):
            return self.terms == other.terms
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return self.terms == Poly.const(other).terms
        return NotImplemented

    def __hash__(self):
        if self._hash is None:
            self._hash = hash(frozenset(self.terms.items()))
        return self._hash

    # evaluation -------------------------------------------------------------------------------
    def evaluate(self, point):
        """The value at `point` (a dict variable -> exact scalar covering every variable).  Powers are
        computed once per (variable, exponent); integers stay Python ints until the end."""
        powers = {}
        total = 0
        for mono, c in self.terms.items():
            v = c.numerator if c.denominator == 1 else c
            for name, e in mono:
                x = powers.get((name, e))
                if x is None:
                    if name not in point:
                        raise KeyError(name)
                    x = _scalar(point[name]) ** e
                    x = powers[(name, e)] = x.numerator if x.denominator == 1 else x
                v *= x
            total += v
        return Fraction(total)

    # text -------------------------------------------------------------------------------------
    def sorted_terms(self):
        return sorted(self.terms.items(), key=lambda mc: mc[0])

    def __repr__(self):
        return f"Poly({self.to_text()})"

    def to_text(self):
        """Human-readable text that the case grammar parses back to the same polynomial."""
        if not self.terms:
            return "0"
        parts = []
        for mono, c in sorted(self.terms.items(), key=lambda mc: (-sum(e for _, e in mc[0]), mc[0])):
            factors = [f"{v}^{e}" if e > 1 else v for v, e in mono]
            if not factors:
                parts.append(str(c))
            elif c == 1:
                parts.append("*".join(factors))
            elif c == -1:
                parts.append("-" + "*".join(factors))
            else:
                parts.append(f"{c}*" + "*".join(factors))
        return " + ".join(parts).replace("+ -", "- ")
