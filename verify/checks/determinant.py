"""Check `determinant`: the exact determinant of a square matrix (rational or polynomial)."""

from ..cases.numbers import InputError
from ..cases.sources import parse_entry
from ..kernel.exact import decode_entry, encode_entry
from . import _matrix
from .base import make_statement

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
        case.expect = {"det": encode_entry(parse_entry(v))}
    except InputError as e:
        raise err("expect.det", e.message + " (or write nonzero)") from None


def params(case):
    return {}


def build(case, ev, witness=None):
    M = _matrix.build_matrix(case, ev)
    _matrix.require_square(case, M)
    want = (case.expect or {}).get("det")
    if isinstance(want, dict):
        extra = sorted(set(decode_entry(want).variables()) - set(M.variables()))
        if extra:
            raise case.error("expect.det", f"variable(s) {', '.join(extra[:8])} do not occur in the matrix "
                                           "(expect {det: nonzero}, or the exact value)")
    return {"M": M}


def statement(case, objects):
    want = (case.expect or {}).get("det")
    report = {"det": {"text": {"det": "M"}}}
    if want is None:
        return make_statement(None, report=report)
    if want == "nonzero":
        return make_statement({"det_nonzero": "M"}, polarity="confirmed",
                              report={**report, "nonzero": {"det_nonzero": "M"}})
    return make_statement({"eq": [{"det": "M"}, want]}, polarity="confirmed", report=report)


def prove(case, objects, ctx):
    from ..engines.auto import det_proof

    return det_proof(objects["M"], "M", ctx, nonzero_only=(case.expect or {}).get("det") == "nonzero")
