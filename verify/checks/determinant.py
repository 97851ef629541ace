"""Check `determinant`: the exact determinant of a square matrix (rational, polynomial or with
rational-function entries).

With rational-function entries the object `M` is N = diag(D) M' (the written matrix M' with its
rows cleared of denominators, `cases/ratfunc.py`) and `D` the column of row multipliers, so that
det M' = det N / S, S = D_1 ... D_m.  "det M' = p/q" is then stated as det(N) * q = p * S, an exact
identity of polynomials, and the value shown is the fraction det(N) / S (`kernel/ratfunc.py`).
"""

from ..cases.numbers import InputError
from ..cases.ratfunc import RatFunc, parse_rational_entry
from ..kernel.exact import decode_entry, encode_entry
from ..kernel.poly import Poly
from . import _matrix
from .base import lit, make_statement, mul

NAME = "determinant"
SUMMARY = "exact determinant of a square matrix (rational or polynomial entries)"
KEYS = ("matrix",)
REQUIRED = ("matrix",)
EXPECT = {"det": "an exact value (number or polynomial) or nonzero"}


def validate(item, case, err):
    if case.expect is None:
        return
    _matrix.only(case.expect, ("det",), err)
    v = case.expect["det"]
    if isinstance(v, str) and v.strip() == "nonzero":
        case.expect = {"det": "nonzero"}
        return
    try:
        d = parse_rational_entry(v)
    except InputError as e:
        raise err("expect.det", e.message + " (or write nonzero)") from None
    if isinstance(d, RatFunc):
        case.expect = {"det": {"fraction": [encode_entry(d.num), encode_entry(d.den)]}}
    else:
        case.expect = {"det": encode_entry(d)}


def _want(want):
    """(p, q) of an expected value (q = 1 for a number or a polynomial)."""
    if isinstance(want, dict) and "fraction" in want:
        return decode_entry(want["fraction"][0]), decode_entry(want["fraction"][1])
    return decode_entry(want), 1


def _scale(objects):
    """S = D_1 ... D_m, the product of the row multipliers (1 without rational-function entries)."""
    S = 1
    for row in objects["D"].rows if "D" in objects else ():
        S = S * row[0]
    return S


def params(case):
    return {}


def build(case, ev, witness=None):
    M, D, written = _matrix.build_rational(case, ev)
    _matrix.require_square(case, M)
    want = (case.expect or {}).get("det")
    if isinstance(want, dict):
        p, q = _want(want)
        used = set().union(*(x.variables() for x in (p, q) if isinstance(x, Poly)))
        extra = sorted(used - set((written or M).variables()))
        if extra:
            raise case.error("expect.det", f"variable(s) {', '.join(extra[:8])} do not occur in the matrix "
                                           "(expect {det: nonzero}, or the exact value)")
    return {"M": M} if D is None else {"M": M, "D": D}


def statement(case, objects):
    want = (case.expect or {}).get("det")
    S = _scale(objects)
    report = {"det": {"text": {"det": "M"}}} if "D" not in objects else {"det": {"det_fraction": ["M", lit(S)]}}
    if want is None:
        return make_statement(None, report=report)
    if want == "nonzero":  # det N != 0 iff det M' != 0, since S != 0
        return make_statement({"det_nonzero": "M"}, polarity="confirmed",
                              report={**report, "nonzero": {"det_nonzero": "M"}})
    p, q = _want(want)
    if q == 1 and S == 1:
        return make_statement({"eq": [{"det": "M"}, want]}, polarity="confirmed", report=report)
    return make_statement({"eq": [mul({"det": "M"}, lit(q)), mul(lit(p), lit(S))]}, polarity="confirmed",
                          report=report)


def prove(case, objects, ctx):
    from ..engines.auto import det_proof

    nonzero_only = (case.expect or {}).get("det") == "nonzero"
    if "D" in objects:
        from ..engines.ratfunc import det_fraction_proof

        return det_fraction_proof(objects["M"], _scale(objects), "M", ctx, nonzero_only=nonzero_only)
    return det_proof(objects["M"], "M", ctx, nonzero_only=nonzero_only)
