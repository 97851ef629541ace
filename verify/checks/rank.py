"""Check `rank`: the exact rank of a rational matrix over Q."""

from . import _matrix
from .base import R, make_statement

NAME = "rank"
SUMMARY = "exact rank over Q of a rational matrix"
KEYS = ("matrix",)
REQUIRED = ("matrix",)
EXPECT = {"rank": _matrix.RANK_FORMS}


def validate(item, case, err):
    if case.expect is not None:
        _matrix.only(case.expect, ("rank",), err)
        case.expect = {"rank": _matrix.rank_form(case.expect["rank"], err)}


def params(case):
    return {}


def build(case, ev, witness=None):
    M = _matrix.build_matrix(case, ev)
    if M.is_polynomial():
        raise case.error("matrix", "has polynomial entries: use check generic_rank (rank over Q(x)) or rank_at "
                                   "(rank at a point)")
    return {"M": M}


def rank_statement(case, objects, name="M"):
    expect = (case.expect or {}).get("rank")
    pred = None if expect is None else _matrix.rank_predicate(expect, name, objects[name])
    return make_statement(pred, polarity="confirmed", report={"rank": R(name)})


def statement(case, objects):
    return rank_statement(case, objects)


def prove(case, objects, ctx):
    return _matrix.prove_rank(case, objects, ctx)
