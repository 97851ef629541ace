"""Check `generic_rank`: the rank of a polynomial matrix over the field of rational functions Q(x)."""

from . import _matrix
from .rank import rank_statement, validate  # noqa: F401 - the same expect forms as rank

NAME = "generic_rank"
SUMMARY = "rank over Q(x) of a matrix with polynomial entries"
KEYS = ("matrix",)
REQUIRED = ("matrix",)
EXPECT = {"rank": _matrix.RANK_FORMS}


def params(case):
    return {}


def build(case, ev, witness=None):
    return {"M": _matrix.build_matrix(case, ev)}


def statement(case, objects):
    return rank_statement(case, objects)


def prove(case, objects, ctx):
    return _matrix.prove_rank(case, objects, ctx)
