"""Kernel rule `sturm`: a univariate rational polynomial has a fixed sign on a rational interval.

Obligation fields:
    matrix     name of a 1 x 1 problem object whose entry is a polynomial in at most one variable
               (or a scalar);
    variable   that variable's name;
    lo, hi     the interval's ends, exact rationals (JSON int or "p/q"), lo < hi;
    lo_closed, hi_closed   booleans: whether each end belongs to the interval;
    sign       "positive", "negative" or "nonzero".
Fact: ("sturm", name, sign, lo, hi, lo_closed, hi_closed).

Lemma (Sturm 1829).  Let q be a nonzero real polynomial, a < b with q(a) q(b) != 0, and
q_0 = q, q_1 = q', q_{k+1} = -rem(q_{k-1}, q_k) until the remainder vanishes.  Then the number of
distinct roots of q in (a, b) is V(a) - V(b), V(x) being the number of sign changes (zeros skipped)
in q_0(x), q_1(x), ...
The check: closed ends are evaluated directly (they must be nonzero); at an open end e that is a
root, q is divided by (x - e) until it is not (this keeps the roots in the open interval); Sturm's
count on the result must be 0.  A polynomial continuous on an interval without roots there keeps
one sign (intermediate value theorem), which is read off at the midpoint.
Standard library only; exact `Fraction` arithmetic throughout.
"""

from fractions import Fraction

from ..errors import CertificateError
from .exact import decode_entry, is_scalar, norm
from .poly import Poly

RULE = "sturm"


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


def check_sturm(ob, objects):
    name = ob.get("matrix")
    if not isinstance(name, str) or name not in objects:
        raise CertificateError(RULE, f"no problem object named {name!r}")
    M = objects[name]
    if M.shape != (1, 1):
        raise CertificateError(RULE, f"{name} must be 1 x 1, it is {M.nrows} x {M.ncols}")
    var, sign = ob.get("variable"), ob.get("sign")
    if not isinstance(var, str) or sign not in ("positive", "negative", "nonzero"):
        raise CertificateError(RULE, "needs a 'variable' name and a 'sign' (positive|negative|nonzero)")
    lo, hi = decode_entry(ob.get("lo"), "lo"), decode_entry(ob.get("hi"), "hi")
    lc, hc = ob.get("lo_closed"), ob.get("hi_closed")
    if not (is_scalar(lo) and is_scalar(hi) and lo < hi) or not isinstance(lc, bool) or not isinstance(hc, bool):
        raise CertificateError(RULE, "needs rational ends lo < hi and boolean lo_closed, hi_closed")
    lo, hi = Fraction(lo), Fraction(hi)
    p = _trim(_coefficients(M.rows[0][0], var))
    if not p:
        raise CertificateError(RULE, f"{name} is the zero polynomial: it has no sign")
    q = p
    for end, closed in ((lo, lc), (hi, hc)):
        if closed and _value(p, end) == 0:
            raise CertificateError(RULE, f"{name} vanishes at the closed end {end}")
        while _value(q, end) == 0:
            q = _deflate(q, end)
    if roots_in_open_interval(q, lo, hi) != 0:
        raise CertificateError(RULE, f"{name} has a root between {lo} and {hi}")
    mid = _value(p, (lo + hi) / 2)
    if (sign == "positive" and mid <= 0) or (sign == "negative" and mid >= 0):
        raise CertificateError(RULE, f"{name} is not {sign} at the midpoint")
    return ("sturm", name, sign, lo, hi, lc, hc)


__all__ = ["check_sturm", "roots_in_open_interval"]
