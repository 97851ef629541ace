"""Check `rank_at`: the rank of a polynomial matrix after substituting exact values (`point`)."""

from ..cases.numbers import InputError, describe, parse_number
from ..cases.sources import IDENT
from ..kernel.exact import encode_entry
from . import _matrix
from .rank import rank_statement, validate as validate_rank

NAME = "rank_at"
SUMMARY = "rank of a polynomial (or rational-function) matrix at an exact point"
KEYS = ("matrix", "point")
REQUIRED = ("matrix", "point")
EXPECT = {"rank": _matrix.RANK_FORMS}


def validate(item, case, err):
    point = item.get("point")
    if not isinstance(point, dict):
        raise err("point", f"expected a mapping variable -> exact value, got {describe(point)}")
    case.point = {}
    for name, v in point.items():
        if not isinstance(name, str) or not IDENT.fullmatch(name):
            raise err(f"point.{name}", "a variable name must be an identifier")
        try:
            case.point[name] = parse_number(v)
        except InputError as e:
            raise err(f"point.{name}", e.message) from None
    validate_rank(item, case, err)


def params(case):
    return {"point": {k: encode_entry(v) for k, v in sorted(case.point.items())}}


def _few(names, k=8):
    return names if len(names) <= k else names[:k] + [f"... ({len(names)} in all)"]


def build(case, ev, witness=None):
    """M and M_at = M(point); for rational-function entries M is N = D M' (rows of the written
    matrix M' cleared of denominators, D the m x 1 column of multipliers): rank N(point) =
    rank M'(point) when no written denominator vanishes there (D(point) is then invertible), and a
    point where one vanishes is an error naming the entry."""
    M, D, written = _matrix.build_rational(case, ev)
    have, given = set((written or M).variables()), set(case.point)
    missing, extra = sorted(have - given), sorted(given - have)
    if missing:
        raise case.error("point", f"no value for the variable(s) {', '.join(_few(missing))}")
    if extra:
        raise case.error("point", f"variable(s) {', '.join(_few(extra))} do not occur in the matrix")
    if written is None:
        return {"M": M, "M_at": M.evaluate(case.point)}
    bad = written.undefined_at(case.point)
    if bad is not None:
        i, j = bad
        x = written.rows[i][j]
        raise case.error("point", f"entry ({i + 1}, {j + 1}) of the matrix, {x.to_text()}, is undefined at the "
                                  f"point: its denominator {x.vanishing_at(case.point).to_text()} vanishes there")
    return {"M": M, "M_at": M.evaluate(case.point), "D": D}


def statement(case, objects):
    return rank_statement(case, objects, "M_at")


def prove(case, objects, ctx):
    return _matrix.prove_rank(case, objects, ctx, "M_at")
