"""Exact kernel values -> float64, the way a practitioner's code would see them.

Nothing here feeds a verdict.  Conversion is correctly rounded (`float(int)` and
`float(Fraction)` round to nearest), never crashes on huge numbers, and reports what was lost:
entries that overflow float64 become +-inf and are counted, nonzero entries that underflow to
0.0 are counted too.
"""

import math
from fractions import Fraction

import numpy as np

from ..kernel.poly import Poly


def scalar_to_float(x):
    """Correctly rounded float64 of an exact scalar; +-inf where it overflows (no exception)."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def to_float64(M):
    """Float64 copy of a rational kernel Matrix.

    Returns `(A, info)` where `A` is a C-contiguous `numpy.ndarray` of shape `M.shape` and
    `info = {"overflow": k, "underflow": j}` counts the entries that became +-inf and the nonzero
    entries that became 0.0.  Raises `TypeError` on a polynomial entry (callers skip those).
    """
    A = np.empty(M.shape, dtype=np.float64)
    overflow = underflow = 0
    for i, row in enumerate(M.rows):
        out = A[i]
        for j, x in enumerate(row):
            if isinstance(x, Poly):
                raise TypeError("a polynomial entry has no float value")
            f = scalar_to_float(x)
            if math.isinf(f):
                overflow += 1
            elif f == 0.0 and x != 0:
                underflow += 1
            out[j] = f
    return A, {"overflow": overflow, "underflow": underflow}


def parse_exact_scalar(v):
    """An exact scalar from its JSON form (`int`, `"p/q"`, `"-84"`) or a `Fraction`."""
    if isinstance(v, bool) or isinstance(v, float):
        raise TypeError(f"not an exact number: {v!r}")
    if isinstance(v, (int, Fraction)):
        return Fraction(v)
    if isinstance(v, str):
        return Fraction(v.strip())
    raise TypeError(f"not an exact number: {v!r}")


def log10_abs(q):
    """log10 |q| of a nonzero exact rational, without converting q to a float (no overflow)."""
    q = Fraction(q)
    if q == 0:
        raise ValueError("log of zero")
    return math.log10(abs(q.numerator)) - math.log10(q.denominator)
