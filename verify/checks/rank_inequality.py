"""Check `rank_inequality`: both sides of Sylvester's, Frobenius's or the combined rank inequality,
exactly, for given matrices.

sylvester:  rank(AC) >= rank A + rank C - n        (objects A, C, AC; the second matrix may be
            written B, as in CASES.md, or C)
frobenius:  rank(ABC) + rank B >= rank AB + rank BC  (objects A, B, C, AB, BC, ABC)
combined:   rank(ABC) >= rank A + rank B + rank C - n1 - n2
"""

from ..cases.numbers import describe
from ..kernel.exact import matmul
from . import _matrix
from .base import AND, NOT, R, add, eq, ge, make_statement, sub

NAME = "rank_inequality"
SUMMARY = "both sides of the Sylvester, Frobenius or combined rank inequality"
KEYS = ("inequality", "A", "B", "C")
REQUIRED = ("inequality",)
INEQUALITIES = ("sylvester", "frobenius", "combined")
EXPECT = {"holds": "true | false", "tight": "true | false"}


def validate(item, case, err):
    ineq = item.get("inequality")
    if not isinstance(ineq, str) or ineq not in INEQUALITIES:
        raise err("inequality", f"required: one of {', '.join(INEQUALITIES)}, got {describe(ineq)}")
    case.inequality = ineq
    given = {k: item[k] for k in ("A", "B", "C") if k in item}
    for k in given:
        if k in case.let:
            raise err(k, f"{k} is defined both as a top-level key and under let")
    have = {k for k in ("A", "B", "C") if k in given or k in case.let}
    if ineq == "sylvester":
        if "A" not in have or not ({"B", "C"} & have):
            raise err("inequality", "sylvester needs two matrices: A and B (or A and C)")
        if {"B", "C"} <= have:
            raise err("C", "sylvester takes two matrices, A and B (or C); both B and C are given")
    else:
        missing = [k for k in ("A", "B", "C") if k not in have]
        if missing:
            raise err(missing[0], f"{ineq} needs matrices A, B and C (at top level or under let)")
    case.operands = given
    if case.expect is not None:
        _matrix.only(case.expect, ("holds", "tight"), err)
        for k, v in case.expect.items():
            if not isinstance(v, bool):
                raise err(f"expect.{k}", f"expected true or false, got {describe(v)}")


def params(case):
    return {"inequality": case.inequality}


def build(case, ev, witness=None):
    ev.build_all_lets()

    def operand(name):
        if name in case.operands:
            return ev.build(case.operands[name], name)
        return ev.name(name, f"let.{name}")

    def product(X, Y, kx, ky, what):
        if X.ncols != Y.nrows:
            raise case.error(ky, f"{what}: {kx} is {X.nrows} x {X.ncols} but {ky} is {Y.nrows} x {Y.ncols}")
        ev.check(X.nrows, Y.ncols, what, f"the product {what}", (X, Y))
        return matmul(X, Y)

    A = operand("A")
    if case.inequality == "sylvester":
        second = "C" if ("C" in case.operands or "C" in case.let) else "B"
        C = operand(second)
        return {"A": A, "C": C, "AC": product(A, C, "A", second, "AC")}
    B, C = operand("B"), operand("C")
    AB = product(A, B, "A", "B", "AB")
    BC = product(B, C, "B", "C", "BC")
    return {"A": A, "B": B, "C": C, "AB": AB, "BC": BC, "ABC": product(AB, C, "A", "C", "ABC")}


def sides(kind, objects):
    """(lhs, rhs, the objects whose ranks enter) of an inequality lhs >= rhs."""
    if kind == "sylvester":
        return R("AC"), sub(add(R("A"), R("C")), objects["A"].ncols), ["A", "C", "AC"]
    if kind == "frobenius":
        return add(R("ABC"), R("B")), add(R("AB"), R("BC")), ["A", "B", "C", "AB", "BC", "ABC"]
    n1, n2 = objects["A"].ncols, objects["B"].ncols
    return R("ABC"), sub(add(R("A"), R("B"), R("C")), n1 + n2), ["A", "B", "C", "AB", "BC", "ABC"]


def statement(case, objects):
    lhs, rhs, names = sides(case.inequality, objects)
    holds, tight = ge(lhs, rhs), eq(lhs, rhs)
    report = {"lhs": lhs, "rhs": rhs, "holds": holds, "tight": tight,
              "ranks": {"record": {n: R(n) for n in names}}}
    parts = []
    for key, expr in (("holds", holds), ("tight", tight)):
        if key in (case.expect or {}):
            parts.append(expr if case.expect[key] else NOT(expr))
    pred = None if not parts else parts[0] if len(parts) == 1 else AND(*parts)
    return make_statement(pred, polarity="confirmed", report=report)


def prove(case, objects, ctx):
    from ..engines.auto import rank_proof
    from .base import Proof

    obs = []
    for name in sorted(objects):
        obs += rank_proof(objects[name], name, ctx).obligations
    return Proof(obs)
