"""Check `nullspace`: an exact basis of the right kernel of a matrix, over Q (or over Q(x) for
polynomial entries).  The basis N is certified by the rank rules: M N = 0 exactly, N has full
column rank k (a nonzero k-minor), and rank M = ncols - k (a nonzero minor of that size), so the
columns of N span the kernel."""

from ..cases.numbers import InputError, parse_int
from . import _matrix
from .base import R, eq, make_statement, sub

NAME = "nullspace"
SUMMARY = "an exact basis of the right kernel over Q (or Q(x))"
KEYS = ("matrix",)
REQUIRED = ("matrix",)
EXPECT = {"dimension": "k, the dimension of the kernel"}


def validate(item, case, err):
    if case.expect is None:
        return
    _matrix.only(case.expect, ("dimension",), err)
    try:
        case.expect = {"dimension": parse_int(case.expect["dimension"], minimum=0, what="a dimension")}
    except InputError as e:
        raise err("expect.dimension", e.message) from None


def params(case):
    return {}


def build(case, ev, witness=None):
    return {"M": _matrix.build_matrix(case, ev)}


def statement(case, objects):
    dim = sub({"ncols": "M"}, R("M"))
    want = (case.expect or {}).get("dimension")
    return make_statement(None if want is None else eq(dim, want), polarity="confirmed",
                          report={"dimension": dim, "basis": {"kernel_basis": "M"}})


def prove(case, objects, ctx):
    from ..engines.auto import nullspace_proof

    return nullspace_proof(objects["M"], "M", ctx)
