"""Check `generic_rank`: the rank of a polynomial matrix over the field of rational functions Q(x)."""

from . import _matrix
from .rank import rank_statement, validate  # noqa: F401 - the same expect forms as rank

NAME = "generic_rank"
SUMMARY = "rank over Q(x) of a matrix with polynomial or rational-function entries"
KEYS = ("matrix",)
REQUIRED = ("matrix",)
EXPECT = {"rank": _matrix.RANK_FORMS}


def params(case):
    return {}


def build(case, ev, witness=None):
    """M, or for rational-function entries N = D M (rows cleared; same rank over Q(x)) and D."""
    N, D, _ = _matrix.build_rational(case, ev)
    return {"M": N} if D is None else {"M": N, "D": D}


def statement(case, objects):
    return rank_statement(case, objects)


def prove(case, objects, ctx):
    return _matrix.prove_rank(case, objects, ctx)
