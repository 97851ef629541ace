"""The sign of a univariate rational polynomial on a rational interval, decided by Sturm's theorem.

Used by the statement atoms `positive_on`, `negative_on` and `nonzero_on` (`statement.py`): the
polynomial is the entry of a 1 x 1 problem object in at most one variable; the interval has exact
rational ends lo < hi, each closed or open.  The answer is exact (true or false), never a guess.

Lemma (Sturm 1829).  Let q be a nonzero real polynomial, a < b with q(a) q(b) != 0, and
q_0 = q, q_1 = q', q_{k+1} = -rem(q_{k-1}, q_k) until the remainder vanishes.  Then the number of
distinct roots of q in (a, b) is V(a) - V(b), V(x) being the number of sign changes (zeros skipped)
in q_0(x), q_1(x), ...
The decision: a closed end where p vanishes, or a root strictly inside, makes every sign claim
false; an open end e that is a root is divided out of q ((x - e) repeatedly), which keeps exactly
the roots inside; with no root in the interval p keeps one sign there (intermediate value theorem),
read off at the midpoint.  The zero polynomial has no sign.  Standard library only; exact
`Fraction` arithmetic throughout.
"""

from fractions import Fraction

from .errors import CertificateError
from .exact import decode_entry, is_scalar, norm
from .poly import Poly

RULE = "sign_on"


def _coefficients(entry, var):
    """Dense coefficients (constant first) of a univariate polynomial or scalar."""
    entry = norm(entry)
    if is_scalar(entry):
        return [Fraction(entry)]
    if not isinstance(entry, Poly):
        raise CertificateError(RULE, "the object's entry is not a polynomial")
    coeffs = [Fraction(0)] * (entry.degree(var) + 1)
    for mono, c in entry.terms.items():
        if any(v != var for v, _ in mono):
            raise CertificateError(RULE, f"polynomial has a variable other than {var!r}")
        coeffs[mono[0][1] if mono else 0] += c
    return coeffs


def _trim(c):
    while c and c[-1] == 0:
        c = c[:-1]
    return c


def _value(c, x):
    out = Fraction(0)
    for a in reversed(c):
        out = out * x + a
    return out


def _rem(a, b):
    """Remainder of a divided by b (b nonzero, trimmed)."""
    a = list(a)
    while len(a) >= len(b) and a:
        f, shift = a[-1] / b[-1], len(a) - len(b)
        for i, bc in enumerate(b):
            a[i + shift] -= f * bc
        a = _trim(a[:-1])
    return _trim(a)


def _deflate(c, e):
    """c / (x - e) for a root e of c (synthetic division, exact)."""
    out, acc = [Fraction(0)] * (len(c) - 1), Fraction(0)
    for i in range(len(c) - 1, 0, -1):
        acc = acc * e + c[i]
        out[i - 1] = acc
    return out


def _variations(seq, x):
    signs = [v > 0 for v in (_value(c, x) for c in seq) if v != 0]
    return sum(1 for s, t in zip(signs, signs[1:]) if s != t)


def roots_in_open_interval(c, a, b):
    """Number of distinct roots of c in (a, b); requires c(a) c(b) != 0 (Sturm's theorem)."""
    seq = [c, _trim([i * x for i, x in enumerate(c)][1:])]
    while seq[-1]:
        seq.append([-x for x in _rem(seq[-2], seq[-1])])
    seq = [s for s in seq if s]
    return _variations(seq, a) - _variations(seq, b)


def sign_on_interval(entry, var, lo, hi, lo_closed, hi_closed, sign):
    """True iff the polynomial `entry` (in at most the variable `var`) is `sign` ("positive",
    "negative" or "nonzero") at every point of the interval from lo to hi; false otherwise."""
    if not isinstance(var, str) or sign not in ("positive", "negative", "nonzero"):
        raise CertificateError(RULE, "needs a variable name and a sign (positive|negative|nonzero)")
    if not (is_scalar(lo) and is_scalar(hi) and lo < hi) or not isinstance(lo_closed, bool) \
            or not isinstance(hi_closed, bool):
        raise CertificateError(RULE, "needs rational ends lo < hi and boolean lo_closed, hi_closed")
    lo, hi = Fraction(lo), Fraction(hi)
    p = _trim(_coefficients(entry, var))
    if not p:
        return False
    q = p
    for end, closed in ((lo, lo_closed), (hi, hi_closed)):
        if closed and _value(p, end) == 0:
            return False
        while _value(q, end) == 0:
            q = _deflate(q, end)
    if roots_in_open_interval(q, lo, hi) != 0:
        return False
    mid = _value(p, (lo + hi) / 2)
    return mid > 0 if sign == "positive" else mid < 0 if sign == "negative" else mid != 0


__all__ = ["sign_on_interval", "roots_in_open_interval"]


def _sign_on(sign):
    """The statement atoms {"<sign>_on": [M (1 x 1), variable, lo, hi, lo_closed, hi_closed]}."""
    def atom(f, arg):
        if not (isinstance(arg, list) and len(arg) == 6) or f.matrix(arg[0]).shape != (1, 1):
            raise CertificateError("statement", f"{sign}_on takes [M (1 x 1), variable, lo, hi, lo_closed, hi_closed]")
        name, var, lo, hi, lc, hc = arg
        return sign_on_interval(f.matrix(name).rows[0][0], var, decode_entry(lo, "lo"), decode_entry(hi, "hi"), lc, hc,
                                sign)
    return atom


ATOMS = {f"{s}_on": _sign_on(s) for s in ("positive", "negative", "nonzero")}
