"""A small grammar for polynomial entries of case files (recursive descent; never eval/sympify).

Grammar (whitespace between tokens is ignored)::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*          # "/" only by a nonzero constant
    unary  := ("+" | "-") unary | power
    power  := atom [("^" | "**") INTEGER]         # exponent: a non-negative integer literal
    atom   := NUMBER | IDENT | "(" expr ")"
    NUMBER := ([0-9]+ ["." [0-9]*] | "." [0-9]+) [("e"|"E") ["+"|"-"] [0-9]+]   # exact: "0.125" is 1/8, "1e-3" 1/1000
    IDENT  := [A-Za-z_][A-Za-z0-9_]*

So `-x^2` is `-(x^2)`, `1/2*x` is `(1/2)*x`, `2^3^2` needs parentheses, `x^(2)` and `x^-1` are
errors, and there are no function calls, attribute accesses, strings or implicit multiplication:
nothing in a case file can run code.  The value is a `verify.kernel.poly.Poly`, normalised by
`kernel.exact.norm` (a constant comes back as an int or Fraction).

Limits against blow-up (each violation is a `PolySyntaxError` naming the column):
`MAX_LENGTH` characters of input, `MAX_DEPTH` nested parentheses / signs, `MAX_EXPONENT` per power,
`MAX_DIGITS` per literal, `MAX_TERMS` terms in any intermediate result, `MAX_WORK` term products
per multiplication and `MAX_COEFF_BITS` bits per coefficient (numerator plus denominator).
"""

import re
from dataclasses import dataclass
from fractions import Fraction

from ..kernel.exact import norm
from ..kernel.poly import Poly
from .numbers import InputError, normalize_text, parse_number_text

MAX_LENGTH = 10_000
MAX_DEPTH = 64
MAX_EXPONENT = 1_000
MAX_DIGITS = 4_000
MAX_TERMS = 10_000
MAX_WORK = 2_000_000
MAX_COEFF_BITS = 100_000

_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^()])
""", re.VERBOSE | re.ASCII)


class PolySyntaxError(InputError):
    """The documented (and only) error of `parse_poly`; `pos` is the 0-based character offset."""

    def __init__(self, message, pos, text=""):
        self.pos = pos
        snippet = text if len(text) <= 60 else (text[max(0, pos - 25):pos + 25])
        where = f"column {pos + 1}"
        super().__init__(f"{message} at {where} of \"{snippet}\"" if snippet else f"{message} at {where}")


@dataclass(frozen=True)
class _Tok:
    kind: str  # number, ident, op, end
    text: str
    pos: int


def _tokenize(text):
    toks, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            ch = text[pos]
            shown = ch if ch.isprintable() and ch.isascii() else f"U+{ord(ch):04X}"
            hint = "" if ch.isascii() else " (a character pasted from a PDF or a word processor? write it in ASCII)"
            raise PolySyntaxError(f"unexpected character '{shown}'{hint}", pos, text)
        kind = m.lastgroup
        if kind != "ws":
            if kind == "number" and len(m.group()) > MAX_DIGITS:
                raise PolySyntaxError(f"number literal longer than {MAX_DIGITS} digits", pos, text)
            toks.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    toks.append(_Tok("end", "", len(text)))
    return toks


def _literal(text):
    return Fraction(parse_number_text(text))


def _bits(p):
    return max((c.numerator.bit_length() + c.denominator.bit_length() for c in p.terms.values()), default=0)


class _Parser:
    def __init__(self, text):
        self.text = text
        self.toks = _tokenize(text)
        self.i = 0
        self.depth = 0

    # helpers ------------------------------------------------------------------------------------
    def peek(self):
        return self.toks[self.i]

    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def fail(self, message, pos):
        raise PolySyntaxError(message, pos, self.text)

    def check(self, p, pos):
        if len(p.terms) > MAX_TERMS:
            self.fail(f"the polynomial grows beyond {MAX_TERMS} terms", pos)
        if _bits(p) > MAX_COEFF_BITS:
            self.fail(f"a coefficient grows beyond {MAX_COEFF_BITS} bits", pos)
        return p

    def mul(self, a, b, pos):
        if len(a.terms) * len(b.terms) > MAX_WORK:
            self.fail(f"product of {len(a.terms)} by {len(b.terms)} terms is too large (limit {MAX_WORK})", pos)
        return self.check(a * b, pos)

    def enter(self, pos):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"nesting deeper than {MAX_DEPTH} levels", pos)

    # grammar ------------------------------------------------------------------------------------
    def parse(self):
        if self.peek().kind == "end":
            self.fail("empty expression", 0)
        p = self.expr()
        t = self.peek()
        if t.kind != "end":
            self.unexpected(t)
        return p

    def unexpected(self, t):
        if t.kind == "end":
            self.fail("unexpected end of input", t.pos)
        if t.text == "(":
            self.fail("unexpected '(' (function calls and implicit multiplication are not allowed; write '*')", t.pos)
        if t.text in ("^", "**"):
            self.fail(f"unexpected '{t.text}' (chained powers need parentheses)", t.pos)
        if t.kind in ("number", "ident"):
            self.fail(f"unexpected {t.kind} '{t.text}' (missing operator? implicit multiplication is not allowed)", t.pos)
        self.fail(f"unexpected '{t.text}'", t.pos)

    def expr(self):
        p = self.term()
        while self.peek().text in ("+", "-") and self.peek().kind == "op":
            op = self.take()
            q = self.term()
            p = self.check(p + q if op.text == "+" else p - q, op.pos)
        return p

    def term(self):
        p = self.unary()
        while self.peek().kind == "op" and self.peek().text in ("*", "/"):
            op = self.take()
            start = self.peek().pos
            q = self.unary()
            if op.text == "*":
                p = self.mul(p, q, op.pos)
            else:
                if not q.is_constant():
                    self.fail("division by a non-constant (only division by numbers is allowed; rational-function entries "
                              "are allowed in checks determinant, generic_rank and rank_at)", start)
                c = q.constant()
                if c == 0:
                    self.fail("division by zero", start)
                p = self.check(p * (1 / c), op.pos)
        return p

    def unary(self):
        t = self.peek()
        if t.kind == "op" and t.text in ("+", "-"):
            self.take()
            self.enter(t.pos)
            p = self.unary()
            self.depth -= 1
            return -p if t.text == "-" else p
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
            if _bits(base) * k > MAX_COEFF_BITS:
                self.fail(f"a coefficient grows beyond {MAX_COEFF_BITS} bits", e.pos)
            return self.pow(base, k, e.pos)
        return base

    def pow(self, base, k, pos):
        result = Poly.const(1)
        while k:
            if k & 1:
                result = self.mul(result, base, pos)
            k >>= 1
            if k:
                base = self.mul(base, base, pos)
        return result

    def atom(self):
        t = self.take()
        if t.kind == "number":
            return Poly.const(_literal(t.text))
        if t.kind == "ident":
            if self.peek().text == "(":
                self.fail(f"'{t.text}(' : function calls are not allowed", t.pos)
            return Poly.var(t.text)
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


def parse_poly_raw(text):
    """Parse `text` to a `Poly` (not normalised); raises only `PolySyntaxError`."""
    if not isinstance(text, str):
        raise PolySyntaxError(f"expected a string, got {type(text).__name__}", 0)
    if len(text) > MAX_LENGTH:
        raise PolySyntaxError(f"expression longer than {MAX_LENGTH} characters", MAX_LENGTH)
    return _Parser(normalize_text(text)[0]).parse()


def parse_poly(text):
    """Parse `text` to an exact entry: an int, a Fraction, or a non-constant `Poly`.

    Raises only `PolySyntaxError` (a subclass of `InputError` / `ValueError`), whose message names
    the column.
    """
    return norm(parse_poly_raw(text))
