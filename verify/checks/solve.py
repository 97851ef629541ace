"""Check `solve`: a solution X of A X = b, or a certificate that none exists (y with y^T A = 0 and
y^T b != 0, the Fredholm alternative)."""

from ..cases.numbers import describe
from . import _matrix
from .base import NOT, make_statement

NAME = "solve"
SUMMARY = "a solution of A X = b, or a certificate that there is none"
KEYS = ("matrix", "rhs")
REQUIRED = ("matrix", "rhs")
EXPECT = {"solvable": "true | false"}


def validate(item, case, err):
    case.operands = {"rhs": item["rhs"]}
    if case.expect is None:
        return
    _matrix.only(case.expect, ("solvable",), err)
    if not isinstance(case.expect["solvable"], bool):
        raise err("expect.solvable", f"expected true or false, got {describe(case.expect['solvable'])}")


def params(case):
    return {}


def build(case, ev, witness=None):
    A = _matrix.build_matrix(case, ev)
    b = ev.build(case.operands["rhs"], "rhs")
    _matrix.require_rational(case, A)
    if b.is_polynomial():
        raise case.error("rhs", "check solve needs a rational right-hand side")
    if b.nrows != A.nrows:
        raise case.error("rhs", f"has {b.nrows} rows, the matrix has {A.nrows}")
    return {"A": A, "b": b}


def statement(case, objects):
    solvable = {"solvable": ["A", "b"]}
    want = (case.expect or {}).get("solvable")
    pred = None if want is None else solvable if want else NOT(solvable)
    return make_statement(pred, polarity="confirmed",
                          report={"solvable": solvable, "solution": {"solution": ["A", "b"]}})


def prove(case, objects, ctx):
    from .base import Proof

    x, obs = ctx.engines.solve_certificate(objects["A"], objects["b"], "A", "b", method=ctx.method, seed=ctx.seed)
    return Proof(obs, engine_value={"solvable": x is not None})
