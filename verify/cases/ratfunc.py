"""Rational-function entries (`"x/(1 + x)"`, `"1 - 1/x"`) and the clearing of denominators
(trusted: problem construction).

Grammar: that of `polyparse` (same tokens, precedence and limits), except that `/` may divide by
any expression whose value is not the zero polynomial (`"1/(x - x)"` is "division by zero").  The
value of an entry is a fraction `num / den` of polynomials with rational coefficients, the
denominator kept as a table {f: e} of distinct monic factors, den = prod f^e: dividing by a
polynomial b (or by b^k as written) adds the factor b / c (c its first coefficient, moved to the
numerator) with exponent 1 (or k); sums go over the least common multiple of the two tables (the
larger exponent of each factor).  No gcd is taken (none is needed for correctness: factors are
compared only for equality).  An entry also keeps its *written denominators*: every divisor's
numerator that is not a constant, so that `1/(1/x)`, whose fraction is x/1, still records that it
is undefined at x = 0 (every factor of a table is one of them).  An entry with no non-constant
divisor is an ordinary exact entry (int, Fraction or `Poly`).

Such entries are allowed only where a check asks for them (`determinant`, `generic_rank`,
`rank_at`), only in a matrix written as a list of rows (directly, under `let`, or transposed);
`expressions.Evaluator` refuses them as operands of products, sums, stacks and the like.

**Clearing denominators** (`RationalMatrix.cleared`).  Row i of M is multiplied by d_i = prod f^e
over the least common multiple of the factor tables of the row's entries (a common multiple of
their denominators, a nonzero polynomial; 1 for a row of polynomials), giving the polynomial
matrix N = D M, D = diag(d_1, ...).
Lemmas, with D invertible over Q(x) since every d_i is a nonzero polynomial:
- rank over Q(x): rank(N) = rank(M), so the generic rank of M is that of N;
- at a point x0 where every written denominator is nonzero (so every d_i(x0) != 0, and each entry
  of M(x0) is its fraction evaluated there): N(x0) = D(x0) M(x0) with D(x0) invertible, so
  rank M(x0) = rank N(x0).  A point where a written denominator vanishes is an input error naming
  the entry (1-based);
- det(M) = det(N) / (d_1 ... d_m), so "det M = p/q" holds iff det(N) * q = p * d_1 ... d_m, an
  identity of polynomials.
"""

from ..errors import Unknown
from ..kernel.exact import Matrix, norm
from ..kernel.poly import Poly
from . import polyparse, sources
from .numbers import InputError
from .polyparse import MAX_EXPONENT, PolySyntaxError, _literal, _tokenize

NONCONSTANT = "division by a non-constant"
MAX_CLEARED_TERMS = 100_000  # terms of one entry of the cleared matrix (else the case is UNKNOWN)
ALLOWED = "rational-function entries are allowed in checks determinant, generic_rank and rank_at"
_ONE = Poly.const(1)


def _poly(x):
    return x if isinstance(x, Poly) else Poly.const(x)


def monic(f):
    """(f / c, c): c the coefficient of f's first term as `Poly.to_text` writes it (f non-constant)."""
    c = min(f.terms.items(), key=lambda mc: (-sum(e for _, e in mc[0]), mc[0]))[1]
    return f * (1 / c), c


def expand(factors):
    """The product of f^e over a factor table {f: e}."""
    out = _ONE
    for f, e in factors.items():
        out = out * f ** e
    return out


class RatFunc:
    """An entry num / den: `factors` is the denominator as a table {f: e} of distinct monic
    non-constant polynomials f (so den = prod f^e, never the zero polynomial), `written` the
    written denominators (nonzero polynomials)."""

    __slots__ = ("num", "factors", "written")

    def __init__(self, num, factors, written):
        self.num, self.factors, self.written = _poly(num), dict(factors), tuple(written)

    @property
    def den(self):
        return expand(self.factors)

    def variables(self):
        return set(self.num.variables()) | {v for w in (*self.factors, *self.written) for v in w.variables()}

    def vanishing_at(self, point):
        """The first written denominator that vanishes at `point`, or None."""
        return next((w for w in self.written if w.evaluate(point) == 0), None)

    def defined_at(self, point):
        """Whether no written denominator vanishes at `point`."""
        return self.vanishing_at(point) is None

    def to_text(self):
        return "/".join(t if all(c.isalnum() or c in "_^*" for c in t) else f"({t})"
                        for t in (self.num.to_text(), self.den.to_text()))

    def __repr__(self):
        return f"RatFunc({self.to_text()})"


def _union(*ws):
    out = []
    for w in ws:
        for p in w:
            if p not in out:
                out.append(p)
    return tuple(out)


class _Frac:
    """A parse value: n / prod f^e over d = {f: e} (monic non-constant f), written denominators w;
    `power` = (base, k) when the value is exactly the polynomial base^k, as written."""

    __slots__ = ("n", "d", "w", "power")

    def __init__(self, n, d=None, w=(), power=None):
        self.n, self.d, self.w, self.power = n, d or {}, w, power


class _RatParser(polyparse._Parser):
    """`polyparse._Parser` on fractions: the same grammar, with division by non-constants."""

    def __init__(self, text):
        self.text = text
        self.toks = _tokenize(text)
        self.i = 0
        self.depth = 0

    def times(self, n, factors, pos):
        """n * prod f^e, checked against the parser's limits."""
        for f, e in factors.items():
            for _ in range(e):
                n = self.mul(n, f, pos)
        return n

    def fmul(self, a, b, pos):
        d = dict(a.d)
        for f, e in b.d.items():
            d[f] = d.get(f, 0) + e
        return _Frac(self.mul(a.n, b.n, pos), d, _union(a.w, b.w))

    def fadd(self, a, b, pos, sign=1):
        """Over the least common multiple of the factor tables (largest exponent of each factor)."""
        d = dict(a.d)
        for f, e in b.d.items():
            d[f] = max(d.get(f, 0), e)
        n1 = self.times(a.n, {f: e - a.d.get(f, 0) for f, e in d.items()}, pos)
        n2 = self.times(b.n, {f: e - b.d.get(f, 0) for f, e in d.items()}, pos)
        return _Frac(self.check(n1 + n2 if sign > 0 else n1 - n2, pos), d, _union(a.w, b.w))

    def fdiv(self, a, b, pos):
        """a * (1 / b), 1 / b = prod(b's factors) / b.n, b.n made a factor (b.n = base^k: base, k)."""
        if b.n.is_zero():
            self.fail("division by zero", pos)
        num = self.times(_ONE, b.d, pos)
        if b.n.is_constant():
            return self.fmul(a, _Frac(num * (1 / b.n.constant()), {}, b.w), pos)
        base, k = b.power if b.power is not None and not b.d else (b.n, 1)
        f, c = monic(base)
        return self.fmul(a, _Frac(num * (1 / c ** k), {f: k}, _union(b.w, (f,))), pos)

    def expr(self):
        p = self.term()
        while self.peek().text in ("+", "-") and self.peek().kind == "op":
            op = self.take()
            p = self.fadd(p, self.term(), op.pos, 1 if op.text == "+" else -1)
        return p

    def term(self):
        p = self.unary()
        while self.peek().kind == "op" and self.peek().text in ("*", "/"):
            op = self.take()
            start = self.peek().pos
            q = self.unary()
            p = self.fmul(p, q, op.pos) if op.text == "*" else self.fdiv(p, q, start)
        return p

    def unary(self):
        t = self.peek()
        if t.kind == "op" and t.text in ("+", "-"):
            self.take()
            self.enter(t.pos)
            p = self.unary()
            self.depth -= 1
            return _Frac(-p.n, p.d, p.w) if t.text == "-" else p
        return self.power()

    def power(self):
        base = self.atom()
        t = self.peek()
        if t.kind == "op" and t.text in ("^", "**"):
            self.take()
            e = self.peek()
            if e.kind != "number" or not e.text.isdigit():
                self.fail("the exponent must be a non-negative integer literal", e.pos)
            self.take()
            k = int(e.text)
            if k > MAX_EXPONENT:
                self.fail(f"exponent {k} exceeds the limit {MAX_EXPONENT}", e.pos)
            power = (base.n, k) if not base.d and not base.n.is_constant() and k else None
            result = _Frac(_ONE, {}, base.w)
            while k:  # square and multiply, as polyparse does
                if k & 1:
                    result = self.fmul(result, base, e.pos)
                k >>= 1
                if k:
                    base = self.fmul(base, base, e.pos)
            result.power = power
            return result
        return base

    def atom(self):
        t = self.take()
        if t.kind == "number":
            return _Frac(Poly.const(_literal(t.text)))
        if t.kind == "ident":
            if self.peek().text == "(":
                self.fail(f"'{t.text}(' : function calls are not allowed", t.pos)
            return _Frac(Poly.var(t.text))
        if t.text == "(":
            self.enter(t.pos)
            p = self.expr()
            close = self.peek()
            if close.text != ")" or close.kind != "op":
                if close.kind == "end":
                    self.fail("missing ')' for the '(' opened", t.pos)
                self.unexpected(close)
            self.take()
            self.depth -= 1
            return p
        self.i -= 1
        if t.kind == "end":
            self.fail("unexpected end of input (an operand is missing)", t.pos)
        self.fail(f"unexpected '{t.text}' (an operand is missing)", t.pos)


def parse_ratfunc(text):
    """An exact entry (int, Fraction, Poly) or a `RatFunc` when a non-constant divides.

    Raises only `PolySyntaxError` (an `InputError`) naming the column."""
    if not isinstance(text, str):
        raise PolySyntaxError(f"expected a string, got {type(text).__name__}", 0)
    if len(text) > polyparse.MAX_LENGTH:
        raise PolySyntaxError(f"expression longer than {polyparse.MAX_LENGTH} characters", polyparse.MAX_LENGTH)
    f = _RatParser(text).parse()
    if not f.w:
        return norm(f.n)
    return RatFunc(f.n, f.d, f.w)


def parse_rational_entry(value):
    """`sources.parse_entry`, except that a polynomial string may divide by non-constants."""
    try:
        return sources.parse_entry(value)
    except InputError as e:
        if not (isinstance(value, str) and e.message.startswith(NONCONSTANT)):
            raise
    return parse_ratfunc(value)


class RationalMatrix:
    """A matrix with at least one `RatFunc` entry (the others exact entries); not a kernel object."""

    def __init__(self, nrows, ncols, rows):
        self.nrows, self.ncols = nrows, ncols
        self.rows = tuple(tuple(r) for r in rows)

    @property
    def shape(self):
        return (self.nrows, self.ncols)

    @property
    def T(self):
        return RationalMatrix(self.ncols, self.nrows, [[r[j] for r in self.rows] for j in range(self.ncols)])

    def is_polynomial(self):
        return True

    def is_integer(self):
        return False

    def variables(self):
        out = set()
        for row in self.rows:
            for x in row:
                if isinstance(x, (RatFunc, Poly)):
                    out |= set(x.variables())
        return sorted(out)

    def undefined_at(self, point):
        """(i, j), 0-based, of the first entry with a written denominator vanishing at `point`, or None."""
        for i, row in enumerate(self.rows):
            for j, x in enumerate(row):
                if isinstance(x, RatFunc) and not x.defined_at(point):
                    return i, j
        return None

    def cleared(self):
        """(N, D): N = diag(d) M, a polynomial kernel `Matrix`, and D the m x 1 column of the d_i,
        d_i = prod f^e over the least common multiple of the row's factor tables (for each factor
        f, the largest exponent in the row): a common multiple of the row's denominators."""
        N, D = [], []
        for row in self.rows:
            lcm = {}
            for x in row:
                for f, e in (x.factors.items() if isinstance(x, RatFunc) else ()):
                    lcm[f] = max(lcm.get(f, 0), e)
            d = self.limited(expand(lcm))
            out = []
            for x in row:
                if isinstance(x, RatFunc):
                    out.append(norm(self.limited(x.num * expand({f: e - x.factors.get(f, 0) for f, e in lcm.items()}))))
                else:
                    out.append(norm(_poly(x) * d))
            N.append(out)
            D.append([norm(d)])
        return Matrix(self.nrows, self.ncols, N), Matrix(self.nrows, 1, D)

    @staticmethod
    def limited(p):
        if len(p.terms) > MAX_CLEARED_TERMS:
            raise Unknown(f"clearing the denominators of a row gives a polynomial of {len(p.terms)} terms, beyond "
                          f"the limit of {MAX_CLEARED_TERMS}")
        return p


def inline_rows(value, max_entries):
    """`sources.inline_rows`, with rational-function entries: a `RationalMatrix` when there is one."""
    try:
        return sources.inline_rows(value, max_entries)
    except InputError as e:
        if not e.message.startswith(NONCONSTANT):
            raise
    rows = []  # the shape was validated by sources.inline_rows before any entry was read
    for i, row in enumerate(value, 1):  # keys 1-based, as sources.inline_rows writes them
        out = []
        for j, x in enumerate(row, 1):
            try:
                out.append(x if type(x) is int else parse_rational_entry(x))
            except InputError as e:
                raise InputError(e.message, f"[{i}][{j}]") from None
        rows.append(out)
    return RationalMatrix(len(rows), len(rows[0]), rows)
