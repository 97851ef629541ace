"""Kernel rule `log_minor_nonzero`: a minor of the matrix log(E) is nonzero, E positive rational.

Networks with logistic or tanh units are made exact through odds: the weights are W = log(E) with
E rational and positive (DESIGN.md).  Conditions on W itself, such as "W has full rank", then need
real logarithms; this rule encloses each log(E_ij) in a rational interval and the minor's
determinant in an interval computed by exact interval arithmetic on Fractions; the fact holds
when that interval excludes 0.

Obligation fields:
    matrix   name of a problem object with positive rational entries E
    rows, cols   the minor (distinct indices, equal length, at most 6)
    terms    number of series terms (optional, default 30, at most 200)
Fact: ("log_rank_ge", name, len(rows)): the entrywise logarithm of E has rank >= len(rows)
(a nonzero minor of that size), read by the statement atom `{"log_rank": E}`.

Lemma.  For x > 0 let y = (x - 1)/(x + 1), so |y| < 1 and
    log x = 2 * sum_{k >= 0} y^(2k+1) / (2k+1).
The tail after K terms is bounded in absolute value by 2 |y|^(2K+1) / ((2K+1) (1 - y^2)).
Interval arithmetic on exact rational intervals (sums and products of intervals enclose sums and
products of their members) then encloses det(log E[rows, cols]) via the permutation expansion.
"""

from fractions import Fraction
from itertools import permutations

from .errors import CertificateError
from .exact import between

RULE = "log_minor_nonzero"
RULE_FACT = "log_rank_ge"


def log_interval(x, terms):
    """A rational interval [lo, hi] containing log(x), for a positive rational x.

    Range reduction: x = 2^k x' with 1/2 < x' < 2, so log x = k log 2 + log x', where both series
    have |y| <= 1/3 (each term gains a factor of at least 9)."""
    x = Fraction(x)
    if x <= 0:
        raise CertificateError(RULE, f"log of a non-positive number {x}")
    k = x.numerator.bit_length() - x.denominator.bit_length()
    reduced = x / Fraction(2) ** k
    if k == 0:
        return _series(x, terms)
    l2, lr = _series(Fraction(2), terms), _series(reduced, terms)
    scaled = (k * l2[0], k * l2[1]) if k > 0 else (k * l2[1], k * l2[0])
    return (scaled[0] + lr[0], scaled[1] + lr[1])


def _series(x, terms):
    """Enclosure of log(x) by the atanh series of the lemma (any x > 0)."""
    if x == 1:
        return (Fraction(0), Fraction(0))
    y = (x - 1) / (x + 1)
    s, p, y2 = Fraction(0), y, y * y
    for k in range(terms):
        s += p / (2 * k + 1)
        p *= y2
    s *= 2
    tail = 2 * abs(p) / ((2 * terms + 1) * (1 - y2))  # p = y^(2*terms+1) now
    return (s - tail, s + tail)


def _decimal(q, digits=6):
    """Decimal text of a rational, truncated, by integer arithmetic (for messages only)."""
    sign, q = ("-" if q < 0 else ""), abs(q)
    whole, frac = divmod(q.numerator, q.denominator)
    return f"{sign}{whole}.{frac * 10**digits // q.denominator:0{digits}d}"


def _mul(a, b):
    products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
    return (min(products), max(products))


def check_log_minor_nonzero(ob, objects):
    name = ob.get("matrix")
    if not isinstance(name, str) or name not in objects:
        raise CertificateError(RULE, f"field 'matrix' names no problem object: {name!r}")
    E = objects[name]
    rows, cols = ob.get("rows"), ob.get("cols")
    for key, idx, bound in (("rows", rows, E.nrows), ("cols", cols, E.ncols)):
        if (not isinstance(idx, list) or any(not isinstance(i, int) or isinstance(i, bool) for i in idx)
                or len(set(idx)) != len(idx) or any(not 0 <= i < bound for i in idx)):
            raise CertificateError(RULE, f"field '{key}' must hold distinct indices in 0..{bound - 1}")
    if len(rows) != len(cols) or not 1 <= len(rows) <= 6:
        raise CertificateError(RULE, "rows and cols must have the same length, 1 to 6")
    terms = ob.get("terms", 30)
    if not isinstance(terms, int) or isinstance(terms, bool) or not 1 <= terms <= 200:
        raise CertificateError(RULE, "terms must be an integer in 1..200")
    logs = []
    for i in rows:
        row = []
        for j in cols:
            e = E.rows[i][j]
            if isinstance(e, bool) or not isinstance(e, (int, Fraction)):
                raise CertificateError(RULE, f"entry ({i}, {j}) is not a rational number")
            row.append(log_interval(e, terms))
        logs.append(row)
    n = len(rows)
    lo = hi = Fraction(0)
    for perm in permutations(range(n)):
        sign = 1
        for a in range(n):
            for b in range(a + 1, n):
                if perm[a] > perm[b]:
                    sign = -sign
        term = (Fraction(1), Fraction(1))
        for a in range(n):
            term = _mul(term, logs[a][perm[a]])
        if sign < 0:
            term = (-term[1], -term[0])
        lo, hi = lo + term[0], hi + term[1]
    if lo <= 0 <= hi:
        raise CertificateError(RULE, f"the determinant's enclosure [{_decimal(lo)}, {_decimal(hi)}] contains 0")
    return (RULE_FACT, name, len(rows))


def _log_rank(f, name):
    """The statement atom {"log_rank": E}: the rank of log(E) within the certified bounds."""
    E = f.matrix(name)
    lb, ub = f.values.get((RULE_FACT, name), 0), min(E.nrows, E.ncols)
    if lb != ub:
        f.unknown(f"rank of log({name}) certified only within {lb}..{ub}")
    return between(lb, ub)


ATOMS = {"log_rank": _log_rank}
