"""Check `boolean_determinant`: Giannou's DetBool of a 0/1 matrix, i.e. whether its support has a
perfect matching (some permutation term of the determinant is nonzero)."""

from ..cases.numbers import describe
from . import _matrix
from .base import eq, make_statement

NAME = "boolean_determinant"
SUMMARY = "DetBool of a 0/1 matrix: whether its support has a perfect matching"
KEYS = ("matrix",)
REQUIRED = ("matrix",)
EXPECT = {"detbool": "0 | 1"}


def validate(item, case, err):
    if case.expect is None:
        return
    _matrix.only(case.expect, ("detbool",), err)
    v = case.expect["detbool"]
    if isinstance(v, bool) or not isinstance(v, int) or v not in (0, 1):
        raise err("expect.detbool", f"expected 0 or 1, got {describe(v)}")
    case.expect = {"detbool": v}


def params(case):
    return {}


def build(case, ev, witness=None):
    M = _matrix.build_matrix(case, ev)
    _matrix.require_square(case, M)
    bad = next(((i, j) for i, r in enumerate(M.rows) for j, x in enumerate(r)
                if not isinstance(x, int) or x not in (0, 1)), None)
    if bad:
        raise case.error("matrix", f"check boolean_determinant needs a 0/1 matrix: entry ({bad[0] + 1}, {bad[1] + 1}) "
                                   f"is {M.rows[bad[0]][bad[1]]!r}")
    return {"M": M}


def statement(case, objects):
    want = (case.expect or {}).get("detbool")
    pred = None if want is None else eq({"detbool": "M"}, want)
    return make_statement(pred, polarity="confirmed", report={"detbool": {"detbool": "M"}})


def prove(case, objects, ctx):
    from ..engines import detbool_certificate

    v, obs = detbool_certificate(objects["M"], "M")
    from .base import Proof

    return Proof(obs, engine_value={"detbool": v})
