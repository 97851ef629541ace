"""Tests written to kill the surviving mutants of `bench/mutation.py` (mutmut over the checker):
each asserts a behaviour of the kernel that a mutant broke and no other test saw.  Expected values
are computed independently: truth tables of Kleene's logic by min / max on {0, 1/2, 1}, interval
comparisons and arithmetic by brute force over the integer points of the intervals, the rest by
hand.  (The classes of mutants left alive, and why: verify/kernel/README.md, "Mutation testing".)"""

import itertools
from fractions import Fraction as F

import pytest

from verify.kernel.errors import CertificateError
from verify.kernel.exact import Matrix
from verify.kernel.poly import Poly
from verify.kernel.statement import UNKNOWN, Facts, Interval, evaluate, judge, to_json, validate_statement

t = Poly.var("t")
SQ = Matrix.from_rows([[1, 2, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])  # 4 x 4, rank bounds set by facts


def facts(*fs, **objects):
    f = Facts(objects or {"A": SQ, "B": SQ})
    for x in fs:
        f.add(x)
    return f


def statement(pred=None, polarity=None, quantifier=None, report=None, value_holds=False):
    return {"predicate": pred, "polarity": polarity, "quantifier": quantifier, "report": report or {},
            "value_holds": value_holds}


def rejected(expr, f, rule="statement", match=""):
    with pytest.raises(CertificateError, match=match) as e:
        evaluate(expr, f)
    assert e.value.rule == rule, e.value
    return e.value.message


# ------------------------------------------------------------------------ Kleene's logic
# a truth value as a number: false 0, unknown 1/2, true 1; and = min, or = max, not = 1 - x
NUM = {False: F(0), True: F(1)}
UNK = {"undecided": "open"}


def term(v):
    return UNK if v is UNKNOWN else v


def as_num(v):
    return F(1, 2) if v is UNKNOWN else NUM[v]


def from_num(x):
    return UNKNOWN if x == F(1, 2) else x == 1


VALUES = (True, False, UNKNOWN)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_and_or_truth_tables(n):
    for vals in itertools.product(VALUES, repeat=n):
        f = facts()
        nums = [as_num(v) for v in vals]
        assert evaluate({"and": [term(v) for v in vals]}, f) is from_num(min(nums)), vals
        assert evaluate({"or": [term(v) for v in vals]}, f) is from_num(max(nums)), vals


def test_not_and_implies_truth_tables():
    for a in VALUES:
        assert evaluate({"not": term(a)}, facts()) is from_num(1 - as_num(a))
        for b in VALUES:
            want = from_num(max(1 - as_num(a), as_num(b)))
            assert evaluate({"implies": [term(a), term(b)]}, facts()) is want, (a, b)


def test_empty_connectives():
    assert evaluate({"and": []}, facts()) is True
    assert evaluate({"or": []}, facts()) is False


# ------------------------------------------------------------- comparisons on intervals
def ranked(alo, ahi, blo, bhi):
    return facts(("rank_ge", "A", alo), ("rank_le", "A", ahi, None), ("rank_ge", "B", blo), ("rank_le", "B", bhi, None))


OPS = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
       "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}


def brute(op, arange, brange):
    got = {OPS[op](a, b) for a in arange for b in brange}
    return UNKNOWN if len(got) == 2 else got.pop()


@pytest.mark.parametrize("op", sorted(OPS))
def test_comparisons_agree_with_brute_force_over_the_intervals(op):
    bounds = [(lo, hi) for lo in range(5) for hi in range(lo, 5)]
    for (alo, ahi), (blo, bhi) in itertools.product(bounds, bounds):
        f = ranked(alo, ahi, blo, bhi)
        want = brute(op, range(alo, ahi + 1), range(blo, bhi + 1))
        assert evaluate({op: [{"rank": "A"}, {"rank": "B"}]}, f) is want, (op, alo, ahi, blo, bhi)
        # and against an exact number on either side
        assert evaluate({op: [{"rank": "A"}, 2]}, f) is brute(op, range(alo, ahi + 1), [2])
        assert evaluate({op: [2, {"rank": "B"}]}, f) is brute(op, [2], range(blo, bhi + 1))


def test_comparisons_of_exact_values():
    f = facts()
    assert evaluate({"lt": ["1/3", "1/2"]}, f) is True and evaluate({"gt": ["1/3", "1/2"]}, f) is False
    assert evaluate({"eq": [{"poly": [[1, {"t": 1}]]}, {"poly": [[1, {"t": 1}]]}]}, f) is True
    assert evaluate({"ne": [{"poly": [[1, {"t": 1}]]}, {"poly": [[2, {"t": 1}]]}]}, f) is True
    assert evaluate({"eq": [[1, 2], [1, 2]]}, f) is True
    assert evaluate({"eq": [[1, 2], [1, 3]]}, f) is False
    assert evaluate({"eq": [[1, 2], [1, 2, 3]]}, f) is False
    assert evaluate({"eq": [[1, UNK], [1, 2]]}, f) is UNKNOWN
    assert evaluate({"eq": [[0, UNK], [1, 2]]}, f) is False
    assert evaluate({"eq": [[1, 2], 3]}, f) is False and evaluate({"eq": [3, [3]]}, f) is False
    assert evaluate({"div": [2, UNK]}, f) is UNKNOWN and evaluate({"div": [UNK, UNK]}, f) is UNKNOWN
    assert rejected("one", f, rule="format", match="statement literal: not an exact rational 'one'")
    assert evaluate({"eq": [{"object": "A"}, {"object": "B"}]}, f) is True
    assert evaluate({"eq": [UNK, 1]}, f) is UNKNOWN and evaluate({"lt": [1, UNK]}, f) is UNKNOWN
    assert evaluate({"ne": [UNK, 1]}, f) is UNKNOWN
    # an interval against a non-number is undecided, never equal
    g = facts(("rank_ge", "A", 1))
    assert evaluate({"eq": [{"rank": "A"}, {"object": "A"}]}, g) is UNKNOWN
    assert evaluate({"eq": [{"object": "A"}, {"rank": "A"}]}, g) is UNKNOWN
    assert rejected({"lt": [{"object": "A"}, 1]}, f, match="compares numbers only")
    assert rejected({"ge": [1, {"object": "A"}]}, f, match="compares numbers only")


# -------------------------------------------------------------------- interval arithmetic
def interval_of(values):
    lo, hi = min(values), max(values)
    return lo if lo == hi else Interval(lo, hi)


@pytest.mark.parametrize("op, fn", [("add", lambda a, b: a + b), ("mul", lambda a, b: a * b), ("min", min),
                                    ("max", max), ("sub", lambda a, b: a - b)])
def test_interval_arithmetic_agrees_with_brute_force(op, fn):
    bounds = [(0, 1), (1, 3), (2, 2), (0, 4)]
    for (alo, ahi), (blo, bhi) in itertools.product(bounds, bounds):
        f = ranked(alo, ahi, blo, bhi)
        for sa, sb in itertools.product((1, -1), repeat=2):   # negated intervals too
            A = {"rank": "A"} if sa == 1 else {"neg": {"rank": "A"}}
            B = {"rank": "B"} if sb == 1 else {"neg": {"rank": "B"}}
            want = interval_of([fn(sa * a, sb * b) for a in range(alo, ahi + 1) for b in range(blo, bhi + 1)])
            assert evaluate({op: [A, B]}, f) == want, (op, alo, ahi, blo, bhi, sa, sb)
        want3 = interval_of([fn(fn(a, b), 1) for a in range(alo, ahi + 1) for b in range(blo, bhi + 1)])
        if op != "sub":
            assert evaluate({op: [{"rank": "A"}, {"rank": "B"}, 1]}, f) == want3


def test_exact_arithmetic():
    f = facts()
    assert evaluate({"min": [3, 1, 2]}, f) == 1 and evaluate({"max": [3, 1, 2]}, f) == 3
    assert evaluate({"min": ["1/2", "1/3"]}, f) == F(1, 3) and evaluate({"max": ["1/2", "1/3"]}, f) == F(1, 2)
    assert evaluate({"mul": [2, 3, 4]}, f) == 24 and evaluate({"add": [2, 3, 4]}, f) == 9
    assert evaluate({"sub": [2, 5]}, f) == -3 and evaluate({"neg": "1/2"}, f) == F(-1, 2)
    assert evaluate({"div": [3, 6]}, f) == F(1, 2) and evaluate({"div": [3, 1]}, f) == 3
    assert evaluate({"div": [UNK, 2]}, f) is UNKNOWN and evaluate({"neg": UNK}, f) is UNKNOWN
    assert evaluate({"add": [1, UNK]}, f) is UNKNOWN
    # results are canonical: an integral rational or a constant polynomial is an int
    for expr, want in [({"mul": ["1/2", 2]}, 1), ({"add": ["1/2", "1/2"]}, 1),
                       ({"sub": [{"poly": [[1, {"t": 1}]]}, {"poly": [[1, {"t": 1}]]}]}, 0),
                       ({"add": [{"poly": [[1, {"t": 1}]]}, {"poly": [[-1, {"t": 1}], ["3/3", {}]]}]}, 1),
                       ({"neg": {"poly": [[1, {"t": 1}]]}}, -t), ({"mul": [{"poly": [[1, {"t": 1}]]}, 2]}, 2 * t),
                       ({"neg": {"sub": [{"poly": [[2, {"t": 1}]]}, {"poly": [[2, {"t": 1}], [-4, {}]]}]}}, -4)]:
        got = evaluate(expr, f)
        assert got == want and type(got) is type(want), (expr, got)


@pytest.mark.parametrize("expr, match", [
    ({"div": [1, 0]}, "division by 0"), ({"div": [1, {"poly": [[1, {"t": 1}]]}]}, "only by a nonzero number"),
    ({"neg": {"object": "A"}}, "cannot negate"), ({"add": [{"object": "A"}, 1]}, "needs numbers"),
    ({"min": [{"poly": [[1, {"t": 1}]]}, 1]}, "needs numbers"), ({"max": [{"poly": [[1, {"t": 1}]]}, 1]}, "needs numbers"),
    ({"add": []}, "of nothing"), ({"text": {"object": "A"}}, "'text' of"),
    ({"record": [1]}, "record takes a mapping"), ({"and": 1}, "takes a list"), ({"eq": [1]}, "two arguments"),
    ({"index": [[1, 2], 2]}, "bad index"), ({"index": [[1, 2], -1]}, "bad index"), ({"index": [[1, 2], True]}, "bad index"),
    ({"index": [1, 0]}, "bad index"), ({"a": 1, "b": 2}, "malformed expression"), ({}, "malformed expression"),
    (1.5, "malformed expression"), ({"frobnicate": 1}, "unknown operator"), ({"not": 3}, "true or false"),
])
def test_malformed_expressions_are_rejected_by_name(expr, match):
    rejected(expr, facts(), match=match)


def test_text_and_records():
    f = facts()
    assert evaluate({"text": "2/4"}, f) == "1/2" and evaluate({"text": 3}, f) == "3"
    assert evaluate({"text": {"poly": [[2, {"t": 1}]]}}, f) == (2 * t).to_text()
    assert evaluate({"text": UNK}, f) is UNKNOWN
    assert evaluate({"record": {"a": 1, "b": [True, "1/2"]}}, f) == {"a": 1, "b": [True, F(1, 2)]}
    assert evaluate({"index": [UNK, 0]}, f) is UNKNOWN
    assert evaluate({"index": [[5, 6, 7], 2]}, f) == 7


# ------------------------------------------------------------------------------ atoms
def test_entry_bounds_are_exact():
    W = Matrix.from_rows([[1, 2, 3], [4, 5, 6]])
    f = facts(W=W)
    assert [evaluate({"entry": ["W", i, j]}, f) for i in range(2) for j in range(3)] == [1, 2, 3, 4, 5, 6]
    for bad in (["W", 2, 0], ["W", 0, 3], ["W", -1, 0], ["W", 0, -1], ["W", True, 0], ["W", 0, "1"]):
        rejected({"entry": bad}, f, match="entry index out of range")
    for bad in (["W", 0], ["W", 0, 0, 0], "W"):
        rejected({"entry": bad}, f, match=r"entry takes \[M, i, j\]")


def test_equal_compares_the_two_named_objects():
    f = facts(X=Matrix.from_rows([[1]]), Y=Matrix.from_rows([[2]]), Z=Matrix.from_rows([[1]]))
    assert evaluate({"equal": ["X", "Y"]}, f) is False and evaluate({"equal": ["Y", "X"]}, f) is False
    assert evaluate({"equal": ["X", "Z"]}, f) is True
    for bad in (["X"], ["X", "Y", "Z"], "X"):
        rejected({"equal": bad}, f, match=r"equal takes \[A, B\]")
    rejected({"equal": ["X", "nowhere"]}, f, match="no problem object named 'nowhere'")


def test_solvable_and_solution_read_the_fact_about_that_system():
    A, b, c = Matrix.from_rows([[1, 1]]), Matrix.from_rows([[2]]), Matrix.from_rows([[3]])
    x = Matrix.from_rows([[2], [0]])
    f = facts(("solvable", "A", "b", True, x), ("solvable", "A", "c", False, None), A=A, b=b, c=c)
    assert evaluate({"solvable": ["A", "b"]}, f) is True and evaluate({"solution": ["A", "b"]}, f) == x
    assert evaluate({"solvable": ["A", "c"]}, f) is False and evaluate({"solution": ["A", "c"]}, f) is None
    assert evaluate({"solvable": ["b", "A"]}, f) is UNKNOWN
    assert f.undecided == ["no checked solution or inconsistency certificate for b x = A"]
    for bad in (["A"], ["A", "b", "c"], "A"):
        rejected({"solvable": bad}, f, match=r"solvable / solution take \[A, b\]")
    rejected({"solution": ["A", "nowhere"]}, f, match="no problem object named 'nowhere'")
    rejected({"solution": ["nowhere", "b"]}, f, match="no problem object named 'nowhere'")


def test_solvable_facts_combine():
    A, b = Matrix.from_rows([[1, 1]]), Matrix.from_rows([[2]])
    x = Matrix.from_rows([[2], [0]])
    f = facts(("solvable", "A", "b", True, None), ("solvable", "A", "b", True, x), ("solvable", "A", "b", True, None),
              A=A, b=b)
    assert evaluate({"solution": ["A", "b"]}, f) == x           # a solution, once checked, is kept
    with pytest.raises(CertificateError, match="both solvable and inconsistent") as e:
        f.add(("solvable", "A", "b", False, None))
    assert e.value.rule == "solve"


def test_value_atoms_and_their_reasons():
    f = facts(("inertia", "A", (2, 1, 1)), ("detbool", "A", 0), ("det", "B", 5))
    got = evaluate({"inertia": "A"}, f)
    assert got == [2, 1, 1] and type(got) is list
    assert evaluate({"detbool": "A"}, f) == 0 and evaluate({"det": "B"}, f) == 5
    assert evaluate({"inertia": "B"}, f) is UNKNOWN and evaluate({"detbool": "B"}, f) is UNKNOWN
    assert evaluate({"det": "A"}, f) is UNKNOWN
    assert f.undecided == ["no checked inertia of B", "no checked Boolean determinant of B", "no checked determinant of A"]
    rejected({"inertia": "nowhere"}, f, match="no problem object named 'nowhere'")
    rejected({"det": 3}, f, match="no problem object named 3")


def test_det_from_rank_bounds_and_det_nonzero():
    W = Matrix.from_rows([[1, 2, 3], [4, 5, 6]])
    assert evaluate({"det": "A"}, facts(("rank_le", "A", 3, None))) == 0
    assert evaluate({"det": "A"}, facts(("rank_le", "A", 4, None))) is UNKNOWN
    assert evaluate({"det": "A"}, facts(("rank_le", "A", 3, None), ("det", "A", 0))) == 0
    f = facts(("rank_le", "W", 1, None), W=W)     # not square: no determinant from a rank bound
    assert evaluate({"det": "W"}, f) is UNKNOWN
    rejected({"det_nonzero": "W"}, f, match="W is not square: it has no determinant")
    assert evaluate({"det_nonzero": "A"}, facts(("rank_ge", "A", 4))) is True
    assert evaluate({"det_nonzero": "A"}, facts(("rank_le", "A", 3, None))) is False
    g = facts(("rank_ge", "A", 3))
    assert evaluate({"det_nonzero": "A"}, g) is UNKNOWN
    assert g.undecided == ["neither a nonzero minor of full size nor a kernel vector of A checked"]
    # a determinant fact settles the rank of a square matrix
    assert evaluate({"rank": "A"}, facts(("det", "A", 7))) == 4
    assert evaluate({"rank": "A"}, facts(("det", "A", 0))) == Interval(0, 3)
    with pytest.raises(CertificateError, match="contradictory rank bounds for A: 4 > 3") as e:
        evaluate({"rank": "A"}, facts(("det", "A", 7), ("rank_le", "A", 3, None)))
    assert e.value.rule == "rank"


def test_rank_facts_keep_the_best_bounds():
    f = facts(("rank_ge", "A", 2), ("rank_ge", "A", 1), ("rank_le", "A", 3, None), ("rank_le", "A", 4, None))
    assert evaluate({"rank": "A"}, f) == Interval(2, 3)
    assert f.undecided == ["rank of A certified only within 2..3"]
    assert evaluate({"rank": "A"}, facts(("rank_le", "A", 9, None))) == Interval(0, 4)   # never above min(m, n)
    E = Matrix.from_rows([[1, 2], [3, 4], [5, 6]])   # a log rank beyond min(m, n) contradicts the shape
    with pytest.raises(CertificateError, match="contradictory bounds 3 > 2") as e:
        evaluate({"log_rank": "E"}, facts(("log_rank_ge", "E", 3), E=E))
    assert e.value.rule == "facts"


def test_kernel_basis_is_the_largest_checked_one():
    W = Matrix.from_rows([[1, 1, 0], [0, 0, 0]])          # rank 1, kernel of dimension 2
    n1, n2 = Matrix.from_rows([[0], [0], [1]]), Matrix.from_rows([[1, 0], [-1, 0], [0, 1]])
    f = facts(("rank_ge", "W", 1), ("rank_le", "W", 2, n1), ("rank_le", "W", 1, n2), ("rank_le", "W", 2, n1), W=W)
    assert evaluate({"kernel_basis": "W"}, f) == n2
    g = facts(("rank_ge", "W", 1), ("rank_le", "W", 2, n1), W=W)
    assert evaluate({"kernel_basis": "W"}, g) is UNKNOWN          # n1 spans only part of the kernel
    assert g.undecided[-1] == "no checked basis of the whole kernel of W"
    h = facts(("rank_ge", "W", 2), W=Matrix.from_rows([[1, 0], [0, 1], [1, 1]]))
    assert evaluate({"kernel_basis": "W"}, h) == Matrix(2, 0, [(), ()])


def test_log_rank_and_unknown_facts():
    E = Matrix.from_rows([[1, 2], [3, 4], [5, 6]])
    f = facts(("log_rank_ge", "E", 1), ("log_rank_ge", "E", 2), ("log_rank_ge", "E", 1), E=E)
    assert evaluate({"log_rank": "E"}, f) == 2
    assert evaluate({"log_rank": "E"}, facts(E=E)) == Interval(0, 2)             # no fact: anything in 0..2
    assert evaluate({"log_rank": "E"}, facts(("log_rank_ge", "E", 0), E=E)) == Interval(0, 2)
    g = facts(("log_rank_ge", "E", 1), E=E)
    assert evaluate({"log_rank": "E"}, g) == Interval(1, 2)
    assert g.undecided == ["rank of log(E) certified only within 1..2"]
    with pytest.raises(CertificateError, match="unknown fact 'rank_eq'") as e:
        facts(("rank_eq", "A", 1))
    assert e.value.rule == "facts"
    with pytest.raises(CertificateError, match="contradictory facts for A") as e:
        facts(("inertia", "A", (1, 1, 2)), ("inertia", "A", (1, 2, 1)))
    assert e.value.rule == "inertia"
    facts(("det", "A", 3), ("det", "A", 3))                       # the same fact twice is fine


def test_sign_atoms_read_their_arguments_in_order():
    f = facts(p=Matrix.from_rows([[t - 1]]), w=Matrix.from_rows([[t, t]]))
    assert evaluate({"positive_on": ["p", "t", "3/2", 2, True, True]}, f) is True
    assert evaluate({"positive_on": ["p", "t", 1, 2, False, True]}, f) is True    # the root 1 is an open end
    assert evaluate({"positive_on": ["p", "t", 1, 2, True, False]}, f) is False   # ... or a closed one
    assert evaluate({"negative_on": ["p", "t", 0, 1, True, False]}, f) is True
    assert evaluate({"negative_on": ["p", "t", 0, 1, False, True]}, f) is False
    assert evaluate({"nonzero_on": ["p", "t", "1/2", "3/4", True, True]}, f) is True
    assert evaluate({"positive_on": ["p", "t", "1/2", "3/4", True, True]}, f) is False
    for bad in (["p", "t", 0, 1, True], ["p", "t", 0, 1, True, True, 0], "p"):
        rejected({"positive_on": bad}, f, match=r"positive_on takes \[M \(1 x 1\)")
    rejected({"negative_on": ["w", "t", 0, 1, True, True]}, f, match=r"negative_on takes \[M \(1 x 1\)")
    rejected({"nonzero_on": ["p", "t", 2, 1, True, True]}, f, rule="sign_on", match="lo < hi")
    with pytest.raises(CertificateError, match="hi: not an exact rational"):
        evaluate({"positive_on": ["p", "t", 0, "x", True, True]}, f)
    with pytest.raises(CertificateError, match="lo: not an exact rational"):
        evaluate({"positive_on": ["p", "t", "x", 1, True, True]}, f)


# ---------------------------------------------------------------------------- judge, to_json
def test_to_json_of_records_and_lists():
    assert to_json({"a": Interval(F(1, 2), 2), "b": [UNKNOWN, t], "c": None, "d": "s"}) == \
        {"a": {"at_least": "1/2", "at_most": 2}, "b": [None, {"poly": [[1, {"t": 1}]]}], "c": None, "d": "s"}
    assert to_json(F(3, 1)) == 3 and to_json(False) is False


def test_computed_only_when_every_reported_value_is_exact():
    f = facts(("rank_ge", "A", 4))
    g = facts(("rank_ge", "A", 1))
    exact = {"r": {"record": {"rank": {"rank": "A"}, "list": [1, {"rank": "A"}]}}}
    assert judge(statement(report=exact), f)[:2] == ({"r": {"rank": 4, "list": [1, 4]}}, "COMPUTED")
    value, verdict, holds, reasons = judge(statement(report=exact), g)
    assert verdict == "UNKNOWN" and value == {"r": {"rank": {"at_least": 1, "at_most": 4},
                                                    "list": [1, {"at_least": 1, "at_most": 4}]}}
    assert reasons == ["rank of A certified only within 1..4"]
    assert judge(statement(report={"l": [1, {"rank": "A"}]}), g)[1] == "UNKNOWN"
    assert judge(statement(report={"u": {"undecided": "why"}}), f)[:2] == ({}, "UNKNOWN")
    # a predicate without polarity: COMPUTED when decided, with holds in the value if asked
    assert judge(statement({"ge": [{"rank": "A"}, 4]}, value_holds=True), f)[:3] == ({"holds": True}, "COMPUTED", True)
    assert judge(statement({"ge": [{"rank": "A"}, 4]}), f)[:3] == ({}, "COMPUTED", True)
    assert judge(statement({"ge": [{"rank": "A"}, 4]}, value_holds=True), g)[:3] == ({}, "UNKNOWN", UNKNOWN)
    assert judge(statement(), g)[:3] == ({}, "COMPUTED", None)


def test_judge_quantifiers_keep_their_reasons():
    false, true = {"lt": [{"rank": "A"}, 4]}, {"ge": [{"rank": "A"}, 4]}
    out = judge(statement(false, "confirmed", "exists", value_holds=True), facts(("rank_ge", "A", 4)))
    assert out == ({}, "UNKNOWN", UNKNOWN, ["the witness does not satisfy the existential statement"])
    f = facts(("rank_ge", "A", 4))
    out = judge(statement(true, "refuted", "forall", value_holds=True), f)
    assert out == ({}, "UNKNOWN", UNKNOWN, ["no counterexample: a universal statement is not certified by one instance"])
    assert judge(statement(false, "confirmed", "forall", value_holds=True), f) == ({"holds": False}, "REFUTED", False, [])
    assert judge(statement(false, "refuted", "forall", value_holds=True), f) == ({"holds": False}, "CONFIRMED", False, [])
    assert judge(statement(true, "refuted", "exists", value_holds=True), f) == ({"holds": True}, "REFUTED", True, [])
    assert judge(statement(true, "refuted", None, value_holds=False), f) == ({}, "REFUTED", True, [])
    assert judge(statement(false, "refuted", None, value_holds=True), f) == ({"holds": False}, "CONFIRMED", False, [])
    # the same reason once, in order
    g = facts()
    out = judge(statement({"and": [UNK, {"undecided": "second"}, UNK]}, "confirmed"), g)
    assert out[1:] == ("UNKNOWN", UNKNOWN, ["open", "second"])
    with pytest.raises(CertificateError, match="a condition must be true or false, got 3"):
        judge(statement({"add": [1, 2]}, "confirmed"), g)


@pytest.mark.parametrize("change, match", [
    ({"predicate": None, "polarity": "confirmed"}, "a polarity or quantifier needs a predicate"),
    ({"predicate": None, "quantifier": "exists"}, "a polarity or quantifier needs a predicate"),
    ({"polarity": "maybe"}, "bad polarity or quantifier"), ({"quantifier": "most"}, "bad polarity or quantifier"),
    ({"report": []}, "report must be a mapping"), ({"value_holds": 1}, "value_holds a boolean"),
    ({"extra": 1}, "exactly the keys"),
])
def test_statement_validation_by_name(change, match):
    st = statement(True, "confirmed")
    st.update(change)
    with pytest.raises(CertificateError, match=match) as e:
        validate_statement(st)
    assert e.value.rule == "statement"
    with pytest.raises(CertificateError, match="exactly the keys"):
        validate_statement([])
    validate_statement(statement(True, "refuted", "forall"))
    validate_statement(statement())


# =============================================================================== rules.py
from verify.kernel.exact import encode_matrix  # noqa: E402
from verify.kernel.rules import check_obligation, det_exact  # noqa: E402

PR = 1_000_003
M3 = Matrix.from_rows([[1, 2, 3], [2, 4, 6], [1, 0, 1]])  # rank 2: row 1 = 2 * row 0; kernel (-1, -1, 1)
ENC = encode_matrix


def ob_rejected(ob, objects, rule, match):
    with pytest.raises(CertificateError, match=match) as e:
        check_obligation(ob, objects)
    assert e.value.rule == rule, e.value
    return e.value


GE = {"rule": "rank_ge", "matrix": "M", "r": 2, "rows": [0, 2], "cols": [0, 1], "prime": PR}


@pytest.mark.parametrize("change, match", [
    ({"r": True}, "field 'r' must be an integer >= 0, got True"), ({"r": -1}, "field 'r' must be an integer >= 0"),
    ({"r": "2"}, "field 'r' must be an integer"), ({"prime": 1}, "field 'prime' must be an integer >= 2, got 1"),
    ({"prime": True}, "field 'prime' must be an integer >= 2"), ({"prime": 2.0}, "field 'prime' must be an integer"),
    ({"prime": 1_000_001}, "1000001 is not a prime"), ({"rows": [0, 3]}, r"distinct indices in 0\.\.2"),
    ({"rows": [0, 0]}, "distinct indices"), ({"rows": [-1, 0]}, "distinct indices"),
    ({"rows": [0, True]}, "field 'rows' must be a list of integers"), ({"cols": "01"}, "field 'cols' must be a list"),
    ({"rows": [0]}, "need 2 rows and 2 cols, got 1 and 2"), ({"cols": [0, 1, 2], "rows": [0, 1, 2]}, "need 2 rows"),
    ({"rows": [0, 1]}, "the 2x2 minor is zero mod 1000003"), ({"matrix": "N"}, "field 'matrix' names no problem object: 'N'"),
    ({"matrix": None}, "names no problem object: None"),
])
def test_rank_ge_rejections(change, match):
    ob_rejected(dict(GE, **change), {"M": M3}, "rank_ge", match)


def test_rank_ge_accepts_and_states_its_fact():
    assert check_obligation(GE, {"M": M3}) == ("rank_ge", "M", 2)
    assert check_obligation(dict(GE, r=0, rows=None), {"M": M3}) == ("rank_ge", "M", 0)   # nothing to show
    assert check_obligation(dict(GE, rows=[2, 0], cols=[1, 0], prime=3), {"M": M3}) == ("rank_ge", "M", 2)
    # a minor that vanishes mod p but not over Q is refused with that p, accepted with another
    B = Matrix.from_rows([[7, 0], [0, 1]])
    ob = {"rule": "rank_ge", "matrix": "B", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": 7}
    ob_rejected(ob, {"B": B}, "rank_ge", "zero mod 7")
    assert check_obligation(dict(ob, prime=5), {"B": B})[2] == 2
    ob_rejected(dict(ob, prime=2, matrix="H"), {"H": Matrix.from_rows([[F(1, 2), 0], [0, 1]])}, "rank_ge",
                "prime 2 divides a denominator")


def test_rank_ge_of_a_polynomial_matrix_at_a_point():
    x = Poly.var("x")
    A = Matrix.from_rows([[x, 1], [1, x]])            # det x^2 - 1: zero at x = 1, nonzero at x = 2
    ob = {"rule": "rank_ge", "matrix": "A", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": PR, "point": {"x": 2}}
    assert check_obligation(ob, {"A": A}) == ("rank_ge", "A", 2)
    ob_rejected(dict(ob, point={"x": 1}), {"A": A}, "rank_ge", "minor is zero")
    ob_rejected(dict(ob, point={"x": "1/1"}), {"A": A}, "rank_ge", "minor is zero")
    ob_rejected(dict(ob, point=None), {"A": A}, "rank_ge", "a polynomial matrix needs an exact 'point'")
    ob_rejected(dict(ob, point={"y": 2}), {"A": A}, "rank_ge", r"the point must give a number for each of \['x'\]")
    ob_rejected(dict(ob, point={"x": {"poly": [[1, {"y": 1}]]}}), {"A": A}, "rank_ge", "must give a number")
    with pytest.raises(CertificateError, match="point.x: not an exact"):
        check_obligation(dict(ob, point={"x": "two"}), {"A": A})


LE = {"rule": "rank_le", "matrix": "M", "r": 2, "side": "right", "basis": ENC(Matrix.from_rows([[-1], [-1], [1]])),
      "basis_rows": [2], "prime": PR}
LEFT = {"rule": "rank_le", "matrix": "M", "r": 2, "side": "left", "basis": ENC(Matrix.from_rows([[2, -1, 0]])),
        "basis_cols": [0], "prime": PR}


def test_rank_le_accepts_and_states_its_fact():
    N = Matrix.from_rows([[-1], [-1], [1]])
    assert check_obligation(LE, {"M": M3}) == ("rank_le", "M", 2, N)
    assert check_obligation(dict(LE, r=3), {"M": M3}) == ("rank_le", "M", 2, N)   # proves more than it claims
    assert check_obligation(LEFT, {"M": M3}) == ("rank_le", "M", 2, None)          # a left kernel is no basis of the right one
    assert check_obligation({"rule": "rank_le", "matrix": "M", "r": 3, "side": "trivial"}, {"M": M3}) == \
        ("rank_le", "M", 3, None)
    W = Matrix.from_rows([[1, 2, 3]])                                              # 1 x 3: rank <= 1 is trivial
    assert check_obligation({"rule": "rank_le", "matrix": "W", "r": 1, "side": "trivial"}, {"W": W})[2] == 1
    # basis rows default to all rows; a 2-vector basis of the kernel of a rank-1 matrix
    R1 = Matrix.from_rows([[1, 1, 1], [2, 2, 2]])
    N2 = Matrix.from_rows([[1, 1], [-1, 0], [0, -1]])
    ob = {"rule": "rank_le", "matrix": "R", "r": 1, "side": "right", "basis": ENC(N2), "basis_rows": [0, 1],
          "prime": PR}
    assert check_obligation(ob, {"R": R1}) == ("rank_le", "R", 1, N2)
    assert check_obligation(dict(ob, basis_rows=[2, 1], basis_cols=[1, 0]), {"R": R1})[2] == 1


@pytest.mark.parametrize("base, change, match", [
    (LE, {"side": "up"}, "side must be 'right', 'left' or 'trivial', got 'up'"),
    (LE, {"side": None}, "side must be"),
    (LE, {"r": 1}, "basis has 1 vectors, rank <= 1 needs 2"),
    (LEFT, {"r": 1}, "basis has 1 vectors, rank <= 1 needs 2"),
    (LE, {"basis": ENC(Matrix.from_rows([[-1], [-1]]))}, "basis has 2 rows, M has 3 columns"),
    (LEFT, {"basis": ENC(Matrix.from_rows([[2, -1]]))}, "basis has 2 columns, M has 3 rows"),
    (LE, {"basis": ENC(Matrix.from_rows([[-1], [1], [1]]))}, r"M\*N != 0 at row 1, col 1"),
    (LE, {"basis": ENC(Matrix.from_rows([[-1], [-1], [2]]))}, r"M\*N != 0 at row 1, col 1"),
    (LE, {"basis": ENC(Matrix.from_rows([[3], [0], [-1]]))}, r"M\*N != 0 at row 3, col 1"),
    (LEFT, {"basis": ENC(Matrix.from_rows([[2, 1, 0]]))}, r"N\*M != 0 at row 1, col 1"),
    (LEFT, {"basis": ENC(Matrix.from_rows([[0, 0, 0]]))}, "minor is zero"),
    (LE, {"basis": ENC(Matrix.from_rows([[0], [0], [0]]))}, "minor is zero"),
    (LE, {"basis_rows": [0, 1]}, "basis_rows / basis_cols must have 1 entries"),
    (LE, {"basis_cols": []}, "basis_rows / basis_cols must have 1 entries"),
    (LE, {"basis_rows": [3]}, r"field 'basis_rows' must hold distinct indices in 0\.\.2"),
    (LEFT, {"basis_cols": [3]}, r"field 'basis_cols' must hold distinct indices in 0\.\.2"),
    (LE, {"prime": 4}, "4 is not a prime"),
    (LE, {"r": -1}, "field 'r' must be an integer >= 0"),
])
def test_rank_le_rejections(base, change, match):
    ob_rejected(dict(base, **change), {"M": M3}, "rank_le", match)


def test_rank_le_trivial_only_when_it_is():
    ob_rejected({"rule": "rank_le", "matrix": "M", "r": 2, "side": "trivial"}, {"M": M3}, "rank_le",
                "rank <= 2 is not trivial for a 3 x 3 matrix")
    W = Matrix.from_rows([[1, 2, 3], [4, 5, 6]])
    ob_rejected({"rule": "rank_le", "matrix": "W", "r": 1, "side": "trivial"}, {"W": W}, "rank_le",
                "rank <= 1 is not trivial for a 2 x 3 matrix")
    assert check_obligation({"rule": "rank_le", "matrix": "W", "r": 2, "side": "trivial"}, {"W": W})[2] == 2


def test_rank_le_of_a_polynomial_matrix():
    x = Poly.var("x")
    A = Matrix.from_rows([[x, x * x], [1, x]])          # rank 1 over Q(x): kernel (x, -1)
    N = Matrix.from_rows([[x], [-1]])
    ob = {"rule": "rank_le", "matrix": "A", "r": 1, "side": "right", "basis": ENC(N), "basis_rows": [1], "prime": PR,
          "point": {"x": 3}}
    assert check_obligation(ob, {"A": A}) == ("rank_le", "A", 1, N)
    assert check_obligation(dict(ob, basis_rows=[0]), {"A": A})[2] == 1
    ob_rejected(dict(ob, basis_rows=[0], point={"x": 0}), {"A": A}, "rank_le", "minor is zero")
    ob_rejected(dict(ob, basis=ENC(Matrix.from_rows([[x + 1], [-1]]))), {"A": A}, "rank_le", r"M\*N != 0")


def test_det_exact_against_the_permutation_expansion():
    import random

    def leibniz(rows):
        n, total = len(rows), 0
        for perm in itertools.permutations(range(n)):
            inv = sum(1 for i in range(n) for j in range(i) if perm[j] > perm[i])
            term = (-1) ** inv
            for i in range(n):
                term = term * rows[i][perm[i]]
            total = total + term
        return total

    rnd = random.Random(11)
    for n in range(0, 6):
        for density in (0.3, 0.7, 1.0):
            for _ in range(6):
                rows = [[F(rnd.randint(-4, 4), rnd.choice([1, 1, 2, 3])) if rnd.random() < density else 0
                         for _ in range(n)] for _ in range(n)]
                got = det_exact(Matrix.from_rows(rows, ncols=n))
                want = leibniz(rows) if n else 1
                assert got == want and type(got) is (int if F(want).denominator == 1 else F), (rows, got, want)
    # pivots that need a row swap (zero leading entries), and a singular matrix found early
    for rows in ([[0, 1, 2], [1, 0, 3], [4, 5, 0]], [[0, 0, 1], [0, 1, 0], [1, 0, 0]], [[0, 1], [0, 2]],
                 [[1, 2, 3], [2, 4, 6], [0, 0, 1]], [[2, 4, 1], [1, 2, 5], [3, 1, 1]]):
        assert det_exact(Matrix.from_rows(rows)) == leibniz(rows), rows
    x, y = Poly.var("x"), Poly.var("y")
    for rows in ([[x, 1, 0], [1, y, 1], [0, 1, x]], [[0, x], [y, 0]], [[x, x], [x, x]], [[x, 0, 0], [0, 0, y], [0, 1, 0]]):
        got = det_exact(Matrix.from_rows(rows))
        want = leibniz(rows)
        assert got == want, rows
    assert det_exact(Matrix.from_rows([[x, 1], [1, 1 / x if False else x]])) == x * x - 1
    assert type(det_exact(Matrix.from_rows([[x, 1], [x - 1, 1]]))) is int           # constant polynomial -> int
    with pytest.raises(CertificateError, match="matrix is not square") as e:
        det_exact(Matrix.from_rows([[1, 2]]))
    assert e.value.rule == "det"
    big = Matrix.from_rows([[x if i == j else 0 for j in range(13)] for i in range(13)])
    with pytest.raises(CertificateError, match="beyond 12 x 12"):
        det_exact(big)
    twelve = Matrix.from_rows([[x if i == j else 0 for j in range(12)] for i in range(12)])
    assert det_exact(twelve) == x ** 12


def test_det_rule():
    A = Matrix.from_rows([[2, 1], [1, 1]])
    assert check_obligation({"rule": "det", "matrix": "A", "value": 1}, {"A": A}) == ("det", "A", 1)
    assert check_obligation({"rule": "det", "matrix": "A", "value": "2/2"}, {"A": A}) == ("det", "A", 1)
    ob_rejected({"rule": "det", "matrix": "A", "value": 2}, {"A": A}, "det", "determinant is not 2")
    ob_rejected({"rule": "det", "matrix": "B", "value": 1}, {"A": A}, "det", "names no problem object: 'B'")
    with pytest.raises(CertificateError, match="value: inexact"):
        check_obligation({"rule": "det", "matrix": "A", "value": 1.0}, {"A": A})


def sympy_inertia(rows):
    import sympy

    ev = sympy.Matrix(rows).eigenvals()
    return [sum(m for v, m in ev.items() if v > 0), sum(m for v, m in ev.items() if v < 0),
            sum(m for v, m in ev.items() if v == 0)]


@pytest.mark.parametrize("D", [[[3]], [[-2]], [[0]], [[1, 2], [2, 1]], [[2, 1], [1, 2]], [[-2, 1], [1, -2]],
                               [[1, 1], [1, 1]], [[-1, 1], [1, -1]], [[0, 0], [0, 0]], [[0, 1], [1, 0]],
                               [[F(1, 2), 0], [0, F(-1, 3)]], [[4, 2], [2, 1]], [[-4, 2], [2, -1]]])
def test_inertia_of_every_block_shape_agrees_with_sympy(D):
    n = len(D)
    ob = {"rule": "inertia", "matrix": "A", "perm": list(range(n)), "L": ENC(Matrix.from_rows(
        [[1 if i == j else 0 for j in range(n)] for i in range(n)])), "D": ENC(Matrix.from_rows(D)), "blocks": [n],
        "value": sympy_inertia(D)}
    assert check_obligation(ob, {"A": Matrix.from_rows(D)}) == ("inertia", "A", tuple(sympy_inertia(D)))
    for wrong in ([1, 1, 1], [n, 0, 0], [0, n, 0], [0, 0, n]):
        if wrong != sympy_inertia(D) and sum(wrong) == n:
            ob_rejected(dict(ob, value=wrong), {"A": Matrix.from_rows(D)}, "inertia", "claimed inertia")


# A = P^T-permuted L D L^T: A[perm[i]][perm[j]] = (L D L^T)[i][j] with perm = [2, 0, 1]
L3 = Matrix.from_rows([[1, 0, 0], [2, 1, 0], [F(1, 2), 3, 1]])
D3 = Matrix.from_rows([[1, 0, 0], [0, 0, 2], [0, 2, 0]])          # blocks [1, 2]: inertia (2, 1, 0)


def _permuted_back(L, D, perm):
    from verify.kernel.exact import matmul

    B = matmul(matmul(L, D), L.T)
    n = B.nrows
    rows = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            rows[perm[i]][perm[j]] = B.rows[i][j]
    return Matrix.from_rows(rows)


A3 = _permuted_back(L3, D3, [2, 0, 1])
INERTIA = {"rule": "inertia", "matrix": "A", "perm": [2, 0, 1], "L": ENC(L3), "D": ENC(D3), "blocks": [1, 2],
           "value": [2, 1, 0]}


def test_inertia_with_a_permutation_and_a_2x2_block():
    assert sympy_inertia([list(r) for r in A3.rows]) == [2, 1, 0]
    assert check_obligation(INERTIA, {"A": A3}) == ("inertia", "A", (2, 1, 0))


@pytest.mark.parametrize("change, match", [
    ({"perm": [0, 1, 2]}, r"P\^T M P != L D L\^T"), ({"perm": [2, 0]}, "perm is not a permutation"),
    ({"perm": [2, 0, 0]}, "perm is not a permutation"), ({"perm": [2, 0, True]}, "perm is not a permutation"),
    ({"perm": "201"}, "perm is not a permutation"), ({"perm": [2.0, 0, 1]}, "perm is not a permutation"),
    ({"L": ENC(Matrix.from_rows([[1, 0, 0], [2, 1, 0], [F(1, 2), 3, 2]]))}, "L is not unit lower triangular at row 2"),
    ({"L": ENC(Matrix.from_rows([[1, 1, 0], [2, 1, 0], [F(1, 2), 3, 1]]))}, "L is not unit lower triangular at row 0"),
    ({"L": ENC(Matrix.from_rows([[1, 0, 0], [2, 1, 5], [F(1, 2), 3, 1]]))}, "L is not unit lower triangular at row 1"),
    ({"L": ENC(Matrix.from_rows([[1, 0], [2, 1]]))}, "L and D must be rational n x n"),
    ({"D": ENC(Matrix.from_rows([[1, 0, 0], [0, 0, 2]]))}, "L and D must be rational n x n"),
    ({"D": ENC(Matrix.from_rows([[1, 0, 0], [0, 0, Poly.var("x")], [0, 2, 0]]))}, "must be rational"),
    ({"blocks": [1, 1, 1]}, "D has entries outside its diagonal blocks"),
    ({"blocks": [2, 1]}, "D has entries outside its diagonal blocks"),
    ({"blocks": [3]}, "blocks must be sizes 1 or 2 summing to n"), ({"blocks": [1, 1]}, "summing to n"),
    ({"blocks": [1, True, True]}, "blocks must be sizes"), ({"blocks": [1, 2.0]}, "blocks must be sizes"),
    ({"blocks": "12"}, "blocks must be sizes"), ({"blocks": [0, 1, 2]}, "blocks must be sizes"),
    ({"D": ENC(Matrix.from_rows([[1, 0, 0], [0, 0, 2], [0, 3, 0]]))}, "block at 1 is not symmetric"),
    ({"value": [2, 0, 1]}, r"claimed inertia \[2, 0, 1\], the blocks give \[2, 1, 0\]"),
    ({"value": (2, 1, 0)}, "claimed inertia"),
])
def test_inertia_rejections(change, match):
    ob_rejected(dict(INERTIA, **change), {"A": A3}, "inertia", match)


def test_inertia_needs_a_square_symmetric_rational_matrix():
    x = Poly.var("x")
    ob_rejected(dict(INERTIA), {"A": Matrix.from_rows([[1, 0, 0], [0, 1, 0]])}, "inertia", "square and rational")
    ob_rejected(dict(INERTIA), {"A": Matrix.from_rows([[x, 0], [0, 1]])}, "inertia", "square and rational")
    ob_rejected(dict(INERTIA), {"A": Matrix.from_rows([[1, 0, 1], [0, 1, 0], [0, 0, 1]])}, "inertia", "not symmetric")
    ob_rejected(dict(INERTIA), {"A": Matrix.from_rows([[1, 0, 0], [0, 1, 1], [0, 0, 1]])}, "inertia", "not symmetric")


def test_detbool_rule_every_branch():
    A = Matrix.from_rows([[0, 1, 0], [1, 0, 0], [0, 0, 3]])
    ob = {"rule": "detbool", "matrix": "A", "value": 1, "matching": [1, 0, 2]}
    assert check_obligation(ob, {"A": A}) == ("detbool", "A", 1)
    ob_rejected(dict(ob, matching=[0, 1, 2]), {"A": A}, "detbool", r"matched entry \(0, 0\) is zero")
    ob_rejected(dict(ob, matching=[1, 2, 0]), {"A": A}, "detbool", r"matched entry \(1, 2\) is zero")
    ob_rejected(dict(ob, matching=[1, 0]), {"A": A}, "detbool", "matching must give a column for every row")
    ob_rejected(dict(ob, matching=[1, 1, 2]), {"A": A}, "detbool", "distinct indices")
    ob_rejected(dict(ob, value=True), {"A": A}, "detbool", "value must be 0 or 1, got True")
    ob_rejected(dict(ob, value=2), {"A": A}, "detbool", "value must be 0 or 1, got 2")
    Z = Matrix.from_rows([[1, 1, 0], [0, 1, 0], [0, 1, 0]])          # rows 1, 2 see only column 1
    hz = {"rule": "detbool", "matrix": "Z", "value": 0, "hall_rows": [1, 2]}
    assert check_obligation(hz, {"Z": Z}) == ("detbool", "Z", 0)
    assert check_obligation(dict(hz, hall_rows=[0, 1, 2]), {"Z": Z})[2] == 0   # 3 rows, 2 columns
    ob_rejected(dict(hz, hall_rows=[0, 1]), {"Z": Z}, "detbool", r"rows \[0, 1\] see 2 columns: no Hall violation")
    ob_rejected(dict(hz, hall_rows=[]), {"Z": Z}, "detbool", "see 0 columns: no Hall violation")
    ob_rejected(dict(hz, value=False), {"Z": Z}, "detbool", "value must be 0 or 1, got False")
    ob_rejected(dict(hz, hall_rows=[1, 3]), {"Z": Z}, "detbool", "distinct indices")
    ob_rejected(dict(hz, matrix="W"), {"W": Matrix.from_rows([[1, 1]])}, "detbool", "matrix is not square")
    # one row of zeros is a Hall violation on its own
    assert check_obligation(dict(hz, hall_rows=[1]), {"Z": Matrix.from_rows([[1, 1], [0, 0]])})[2] == 0


def test_solve_and_inconsistent_every_branch():
    A = Matrix.from_rows([[1, 2], [2, 4], [0, 0]])
    b, c = Matrix.from_rows([[3], [6], [0]]), Matrix.from_rows([[3], [7], [0]])
    objs = {"A": A, "b": b, "c": c, "b2": Matrix.from_rows([[3], [6]])}
    x = Matrix.from_rows([[1], [1]])
    ob = {"rule": "solve", "matrix": "A", "rhs": "b", "x": ENC(x)}
    assert check_obligation(ob, objs) == ("solvable", "A", "b", True, x)
    for bad in (dict(ob, rhs="c"), dict(ob, x=ENC(Matrix.from_rows([[1], [1], [0]]))),
                dict(ob, x=ENC(Matrix.from_rows([[1, 1], [1, 1]]))), dict(ob, rhs="b2"),
                dict(ob, x=ENC(Matrix.from_rows([[3], [0]])), rhs="c")):
        ob_rejected(bad, objs, "solve", r"M x != rhs")
    ob_rejected(dict(ob, rhs="d"), objs, "solve", "field 'rhs' names no problem object")
    y = Matrix.from_rows([[2], [-1], [0]])
    inc = {"rule": "inconsistent", "matrix": "A", "rhs": "c", "y": ENC(y)}
    assert check_obligation(inc, objs) == ("solvable", "A", "c", False, None)
    assert check_obligation(dict(inc, y=ENC(Matrix.from_rows([[2], [-1], [5]]))), objs)[3] is False
    ob_rejected(dict(inc, rhs="b"), objs, "inconsistent", r"y\^T rhs == 0")
    ob_rejected(dict(inc, y=ENC(Matrix.from_rows([[1], [0], [0]]))), objs, "inconsistent", r"y\^T M != 0")
    ob_rejected(dict(inc, y=ENC(Matrix.from_rows([[0], [1], [0]]))), objs, "inconsistent", r"y\^T M != 0")
    ob_rejected(dict(inc, y=ENC(Matrix.from_rows([[2], [-1]]))), objs, "inconsistent", "y must be a column")
    ob_rejected(dict(inc, y=ENC(Matrix.from_rows([[2, 0], [-1, 0], [0, 0]]))), objs, "inconsistent", "y must be a column")
    ob_rejected(dict(inc, rhs="b2"), dict(objs, b2=Matrix.from_rows([[3], [7]])), "inconsistent", "y must be a column")
    ob_rejected(dict(inc, matrix="Q"), objs, "inconsistent", "field 'matrix' names no problem object")
    # a right-hand side with two columns: one inconsistent column is enough
    B2 = Matrix.from_rows([[3, 3], [6, 7], [0, 0]])
    assert check_obligation(dict(inc, rhs="B"), dict(objs, B=B2))[3] is False


def test_unknown_rules_are_format_errors():
    for ob in ({"rule": "rank_eq"}, {"rule": None}, {}, [], "rank_ge"):
        with pytest.raises(CertificateError, match="unknown rule") as e:
            check_obligation(ob, {"M": M3})
        assert e.value.rule == "format"


# =============================================================================== check.py
from verify.kernel.check import FORMAT, check, derive  # noqa: E402
from verify.kernel.exact import matrix_hash  # noqa: E402


def rank_problem():
    st = statement({"eq": [{"rank": "M"}, 2]}, "confirmed", report={"rank": {"rank": "M"}}, value_holds=True)
    return {"objects": {"M": M3}, "statement": st}


def rank_cert():
    return {"format": FORMAT, "objects": {"M": {"shape": [3, 3], "sha256": matrix_hash(M3)}},
            "obligations": [dict(GE), dict(LE)],
            "conclusion": {"value": {"rank": 2, "holds": True}, "verdict": "CONFIRMED"}}


def check_rejected(cert, rule, match, problem=None):
    with pytest.raises(CertificateError, match=match) as e:
        check(problem or rank_problem(), cert)
    assert e.value.rule == rule, e.value


def test_a_good_certificate_and_what_check_returns():
    out = check(rank_problem(), rank_cert())
    assert (out["verdict"], out["value"], out["holds"], out["checked"], out["reasons"]) == \
        ("CONFIRMED", {"rank": 2, "holds": True}, True, ["rank_ge", "rank_le"], [])
    assert out["facts"].rank_bounds("M") == (2, 2)
    c = rank_cert()
    c["statement"] = rank_problem()["statement"]            # an equal copy is fine
    c["objects"]["M"]["matrix"] = ENC(M3)                  # and so is an equal embedded matrix
    assert check(rank_problem(), c)["verdict"] == "CONFIRMED"
    # derive alone: an UNKNOWN with its reasons
    out = derive(rank_problem(), [dict(GE)])
    assert (out["verdict"], out["holds"], out["reasons"]) == ("UNKNOWN", UNKNOWN, ["rank of M certified only within 2..3"])


def _edit(path, value):
    c = rank_cert()
    obj = c
    for k in path[:-1]:
        obj = obj[k]
    if value is _DEL:
        del obj[path[-1]]
    else:
        obj[path[-1]] = value
    return c


_DEL = object()


@pytest.mark.parametrize("path, value, rule, match", [
    (("format",), "verify-certificate/1", "format", "not a verify-certificate/2 certificate"),
    (("format",), _DEL, "format", "not a verify-certificate/2 certificate"),
    (("objects",), _DEL, "objects", "the certificate lists no problem objects"),
    (("objects",), [], "objects", "the certificate lists no problem objects"),
    (("objects",), {}, "objects", r"certificate names \[\], the problem has \['M'\]"),
    (("objects", "N"), {"shape": [3, 3], "sha256": matrix_hash(M3)}, "objects", r"certificate names \['M', 'N'\]"),
    (("objects", "M", "sha256"), "0" * 64, "objects", "M is not the matrix the problem defines"),
    (("objects", "M"), "sha", "objects", "M is not the matrix the problem defines"),
    (("objects", "M", "shape"), [3, 2], "objects", r"M: shape \[3, 2\] differs from \[3, 3\]"),
    (("objects", "M", "shape"), _DEL, "objects", r"M: shape None differs"),
    (("objects", "M", "matrix"), ENC(Matrix.from_rows([[1, 2, 3], [2, 4, 6], [1, 0, 2]])), "objects",
     "M: the embedded copy differs from the matrix the problem defines"),
    (("objects", "M", "matrix"), {"shape": [1, 1], "rows": [[1.5]]}, "format", "objects.M.matrix: inexact"),
    (("objects", "M", "matrix"), {"shape": [3, 3], "rows": 5}, "format", "objects.M.matrix: rows do not match"),
    (("statement",), {"predicate": True}, "statement", "the certificate's copy of the statement differs"),
    (("obligations",), _DEL, "format", "obligations must be a list"),
    (("obligations",), {"0": GE}, "format", "obligations must be a list"),
    (("obligations", 1, "r"), 1, "rank_le", "obligation 1: basis has 1 vectors"),
    (("obligations", 0, "rows"), [0, 1], "rank_ge", "obligation 0: the 2x2 minor is zero"),
    (("obligations", 1), "junk", "format", "obligation 1: unknown rule 'None'|obligation 1: unknown rule None"),
    (("obligations", 1, "basis"), {"shape": [3, 1], "rows": [[1], [1], [{"poly": 1}]]}, "format",
     "obligation 1: basis: bad polynomial"),
    (("conclusion",), _DEL, "conclusion", "missing conclusion"),
    (("conclusion",), "CONFIRMED", "conclusion", "missing conclusion"),
    (("conclusion", "verdict"), "REFUTED", "conclusion", "certificate says REFUTED, the facts give CONFIRMED"),
    (("conclusion", "verdict"), _DEL, "conclusion", "certificate says None, the facts give CONFIRMED"),
    (("conclusion", "value"), {"rank": 3, "holds": True}, "conclusion", "the certificate's value differs"),
    (("conclusion", "value"), {"rank": 2}, "conclusion", "the certificate's value differs"),
])
def test_check_rejections_by_key(path, value, rule, match):
    check_rejected(_edit(path, value), rule, match)


def test_check_rejects_a_certificate_that_is_not_a_mapping():
    for cert in (None, [], "cert", 3):
        check_rejected(cert, "format", "not a verify-certificate/2")


def test_a_malformed_obligation_names_its_rule_and_index():
    c = rank_cert()
    c["obligations"][1]["basis_rows"] = [[0]]                 # unhashable in a set: a TypeError inside the rule
    with pytest.raises(CertificateError) as e:
        check(rank_problem(), c)
    assert e.value.rule in ("rank_le", "format") and "obligation 1" in e.value.message


# ================================================================================ modp.py
from verify.kernel import modp  # noqa: E402


def test_is_prime_against_trial_division():
    def trial(n):
        return n >= 2 and all(n % d for d in range(2, int(n ** 0.5) + 1))

    for n in list(range(-3, 2000)) + [41 * 43, 1_000_003, 1_000_001, 2 ** 31 - 1, 3215031751, 25326001,
                                      3825123056546413051]:
        want = trial(n) if n < 10 ** 7 else n in (2 ** 31 - 1,)
        assert modp.is_prime(n) is want, n
    # strong pseudoprimes to several small bases, and Carmichael numbers, are composite
    for n in (2047, 1373653, 25326001, 3215031751, 2152302898747, 3474749660383, 341550071728321, 561, 1105, 1729):
        assert modp.is_prime(n) is False, n
    for n in (2 ** 61 - 1, 2 ** 31 - 1, 10 ** 18 + 9):
        assert modp.is_prime(n) is True, n
    assert modp.is_prime(True) is False and modp.is_prime(2.0) is False and modp.is_prime("7") is False
    assert modp.is_prime(modp.MR_LIMIT - 1) in (True, False)
    with pytest.raises(CertificateError, match="beyond the deterministic primality range") as e:
        modp.is_prime(modp.MR_LIMIT)
    assert e.value.rule == "prime"
    assert modp.MR_LIMIT == 3_317_044_064_679_887_385_961_981


def test_require_prime():
    assert modp.require_prime(13, "r") == 13
    for bad in (12, 1, True, 13.0, "13", None):
        with pytest.raises(CertificateError, match=f"{bad!r} is not a prime") as e:
            modp.require_prime(bad, "rule_x")
        assert e.value.rule == "rule_x"


def test_reduce_mod():
    assert modp.reduce_mod(-7, 5, "r") == 3 and modp.reduce_mod(12, 5, "r") == 2
    assert modp.reduce_mod(F(1, 2), 7, "r") == 4 and modp.reduce_mod(F(-3, 4), 7, "r") == (-3 * 2) % 7
    assert modp.reduce_mod(F(10, 3), 5, "r") == 0
    with pytest.raises(CertificateError, match="prime 3 divides a denominator") as e:
        modp.reduce_mod(F(1, 6), 3, "rule_y")
    assert e.value.rule == "rule_y"


def test_nonsingular_mod_p_against_the_determinant():
    import random

    rnd = random.Random(5)
    for p in (2, 3, 5, 7, 101):
        for n in range(0, 5):
            for _ in range(25):
                rows = [[rnd.randrange(p) if rnd.random() < 0.6 else 0 for _ in range(n)] for _ in range(n)]
                want = (det_exact(Matrix.from_rows(rows, ncols=n)) % p != 0) if n else True
                assert modp.square_nonsingular_mod_p([r[:] for r in rows], p) is want, (p, rows)
    # entries not yet reduced, and a pivot that is p (zero mod p)
    assert modp.square_nonsingular_mod_p([[7, 1], [0, 1]], 7) is False
    assert modp.square_nonsingular_mod_p([[0, 1], [1, 0]], 7) is True
    assert modp.square_nonsingular_mod_p([[0, 8], [8, 1]], 7) is True


def test_solve_and_inconsistent_name_their_fields():
    A, b = Matrix.from_rows([[1, 2], [2, 4]]), Matrix.from_rows([[3], [7]])
    objs = {"A": A, "b": b}
    solve = {"rule": "solve", "matrix": "A", "rhs": "b", "x": {"rows": []}}
    ob_rejected(dict(solve, matrix="Q"), objs, "solve", "field 'matrix' names no problem object: 'Q'")
    ob_rejected(solve, objs, "format", "^FORMAT: x: a matrix needs 'shape' \\[m, n\\] and 'rows'$")
    inc = {"rule": "inconsistent", "matrix": "A", "rhs": "b", "y": {"rows": []}}
    ob_rejected(dict(inc, rhs="Q"), objs, "inconsistent", "field 'rhs' names no problem object: 'Q'")
    ob_rejected(inc, objs, "format", "^FORMAT: y: a matrix needs 'shape'")
    ob_rejected(dict(inc, y=ENC(Matrix.from_rows([[1]]))), objs, "inconsistent",
                "^INCONSISTENT: y must be a column with one entry per row of M$")
    with pytest.raises(CertificateError, match="beyond 12 x 12") as e:
        det_exact(Matrix.from_rows([[Poly.var("x") if i == j else 0 for j in range(13)] for i in range(13)]))
    assert e.value.rule == "det"


# ========================================================================== congruence.py
from verify.kernel import congruence  # noqa: E402
from verify.kernel.congruence import congruent_form, dominant_inertia  # noqa: E402


@pytest.fixture
def cold_offsets():
    """`congruence._OFFSETS` memoises the packing offsets; a process that ran the tests once
    (mutmut's runner forks its mutants from one) holds every offset they use, so each test that
    packs rows starts from an empty memo, and the offsets are computed again."""
    congruence._OFFSETS.clear()
    yield
    congruence._OFFSETS.clear()


def naive_congruence(U, A):
    """U^T A U by the definition: (U^T A U)[i][j] = sum_k U[k][i] (A U)[k][j], (A U)[k][j] = sum_l A[k][l] U[l][j]."""
    n = len(A)
    AU = [[sum(A[k][l] * U[l][j] for l in range(n)) for j in range(n)] for k in range(n)]
    return [[sum(U[k][i] * AU[k][j] for k in range(n)) for j in range(n)] for i in range(n)]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_congruent_form_where_the_entry_bound_is_attained(n, cold_offsets):
    # U and A constant: every entry of U^T A U is n^2 u^2 a, exactly the bound `_width` is given, so
    # a slot one bit (or one byte) too narrow shows; the values straddle bit lengths 7, 8, 15, 16
    for u in (1, 2, 3, -1):
        for a in (1, 2, 3, 7, 31, 32, 63, 127, 128, 255, 256, 2 ** 15 - 1, 2 ** 16 - 1, 2 ** 16, 2 ** 31 - 1):
            for sa in (1, -1):
                U = [[u] * n for _ in range(n)]
                A = [[sa * a] * n for _ in range(n)]
                assert congruent_form(U, A) == naive_congruence(U, A) == [[sa * n * n * u * u * a] * n] * n


def test_congruent_form_against_the_definition(cold_offsets):
    import random

    rng = random.Random(5)
    for n, bits, zeros in ((2, 4, 0), (4, 9, 0.5), (7, 64, 0.3), (34, 3, 0.4), (40, 20, 0.1)):
        A = [[0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i, n):
                if rng.random() >= zeros:
                    A[i][j] = A[j][i] = rng.randint(-2 ** bits, 2 ** bits)
        U = [[rng.randint(-2 ** bits, 2 ** bits) if rng.random() >= zeros else 0 for _ in range(n)]
             for _ in range(n)]
        assert congruent_form(U, A) == naive_congruence(U, A)
    assert congruent_form([], []) == []
    Z = [[0, 0], [0, 0]]
    assert congruent_form([[1, 2], [3, 4]], Z) == Z
    assert congruent_form(Z, [[1, 2], [2, 1]]) == Z


@pytest.mark.parametrize("G, counts", [
    ([[2, -1], [-1, 2]], [2, 0, 0]), ([[-3, 1, 1], [1, -3, 1], [1, 1, -3]], [0, 3, 0]),
    ([[5, 0, 2], [0, 0, 0], [2, 0, -3]], [1, 1, 1]), ([[0]], [0, 0, 1]), ([[-1]], [0, 1, 0]),
    ([[1, 0], [0, 1]], [2, 0, 0]), ([[0, 0], [0, 0]], [0, 0, 2]),
])
def test_dominant_inertia_against_sympy(G, counts):
    assert sympy_inertia(G) == counts
    assert dominant_inertia(G) == counts


@pytest.mark.parametrize("G, match", [
    ([[1, 1], [1, 1]], "row 0 of U\\^T A U is not strictly diagonally dominant"),   # |d| == off: (1, 0, 1)
    ([[-2, 1, 1], [1, -2, 1], [1, 1, -2]], "row 0 .* not strictly"),                 # (0, 2, 1)
    ([[3, 0], [0, -1], ], None), ([[3, 1], [1, 0]], "row 1 of U\\^T A U has a zero diagonal but is not zero"),
    ([[0, 1], [1, 0]], "row 0 of U\\^T A U has a zero diagonal"),
    ([[4, 1, 0], [1, 3, -1], [0, -1, 1]], "row 2 .* not strictly"),
])
def test_dominant_inertia_rejections(G, match):
    if match is None:                                  # a dominant control case
        assert dominant_inertia(G) == sympy_inertia(G)
        return
    with pytest.raises(CertificateError, match=match) as e:
        dominant_inertia(G)
    assert e.value.rule == "inertia"


def congruence_ob(U, blocks, value, perm=None):
    n = len(U)
    return {"rule": "inertia", "matrix": "A", "perm": perm or list(range(n)), "U": ENC(Matrix.from_rows(U)),
            "blocks": blocks, "value": value}


def test_congruence_needs_a_block_triangular_nonsingular_U(cold_offsets):
    D = Matrix.from_rows([[1, 0], [0, -1]])                       # inertia (1, 1, 0)
    assert sympy_inertia([[1, 0], [0, -1]]) == [1, 1, 0]
    # U = [[1, 1], [1, 1]] is singular and U^T D U = 0 would claim (0, 0, 2)
    assert naive_congruence([[1, 1], [1, 1]], [[1, 0], [0, -1]]) == [[0, 0], [0, 0]]
    ob_rejected(congruence_ob([[1, 1], [1, 1]], [1, 1], [0, 0, 2]), {"A": D}, "inertia",
                "U is not zero below its diagonal block in column 0")
    ob_rejected(congruence_ob([[1, 1], [1, 1]], [2], [0, 0, 2]), {"A": D}, "inertia",
                "U's diagonal block at 0 is singular")
    ob_rejected(congruence_ob([[2, 1], [4, 2]], [2], [0, 0, 2]), {"A": D}, "inertia", "block at 0 is singular")
    ob_rejected(congruence_ob([[1, 0], [0, 0]], [1, 1], [1, 0, 1]), {"A": D}, "inertia", "block at 1 is singular")
    ob_rejected(congruence_ob([[0, 0], [0, 1]], [1, 1], [0, 1, 1]), {"A": D}, "inertia", "block at 0 is singular")
    # nonsingular 2 x 2 blocks, with a d - b c of each sign, and upper triangular U: accepted
    for U in ([[1, 1], [-1, 1]], [[1, 2], [1, 1]], [[0, 1], [1, 0]], [[3, 5], [0, 1]]):
        G = naive_congruence(U, [[1, 0], [0, -1]])
        if any(abs(G[i][i]) <= sum(abs(x) for x in G[i]) - abs(G[i][i]) for i in range(2)):
            continue                                              # not dominant: not a certificate
        assert check_obligation(congruence_ob(U, [2], [1, 1, 0]), {"A": D}) == ("inertia", "A", (1, 1, 0))
    assert check_obligation(congruence_ob([[1, 0], [0, 1]], [1, 1], [1, 1, 0]), {"A": D})[2] == (1, 1, 0)
    # 3 x 3: blocks [2, 1] allow U[1][0] but not U[2][0] or U[2][1]; blocks [1, 2] allow U[2][1]
    E = Matrix.from_rows([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    ok = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert check_obligation(congruence_ob(ok, [2, 1], [3, 0, 0]), {"A": E})[2] == (3, 0, 0)
    for i, j, blocks in ((2, 0, [2, 1]), (2, 1, [2, 1]), (1, 0, [1, 2]), (2, 0, [1, 2]), (1, 0, [1, 1, 1]),
                         (2, 1, [1, 1, 1])):
        U = [r[:] for r in ok]
        U[i][j] = 1
        ob_rejected(congruence_ob(U, blocks, [3, 0, 0]), {"A": E}, "inertia", f"below its diagonal block in column {j}")
    # a singular 2 x 2 block [[1, 1], [1, 1]] at 0 and at 1 of a 3 x 3 U (its determinant reads
    # the entries of the block only): with D3 = diag(1, -1, 1), U^T D3 U would claim 2 zero rows
    D3 = Matrix.from_rows([[1, 0, 0], [0, -1, 0], [0, 0, 1]])
    assert sympy_inertia([[1, 0, 0], [0, -1, 0], [0, 0, 1]]) == [2, 1, 0]
    for U, blocks, at in (([[1, 1, 5], [1, 1, 7], [0, 0, 1]], [2, 1], 0), ([[1, 0, 0], [0, 1, 1], [0, 1, 1]], [1, 2], 1)):
        ob_rejected(congruence_ob(U, blocks, [1, 0, 2]), {"A": D3}, "inertia", f"U's diagonal block at {at} is singular")
    U = [r[:] for r in ok]
    U[2][1] = 1                                          # within the 2 x 2 block at 1: U^T U = [[1,0,0],[0,2,1],[0,1,1]]
    ob_rejected(congruence_ob(U, [1, 2], [3, 0, 0]), {"A": E}, "inertia", "row 2 .* not strictly")


def test_congruence_scales_a_rational_matrix_and_permutes_it(cold_offsets):
    # M = [[1/2, 1/7], [1/7, -1/3]]: 42 M = [[21, 6], [6, -14]] is dominant, inertia (1, 1, 0);
    # truncating M's entries to integers would give the zero matrix, (0, 0, 2)
    M = Matrix.from_rows([[F(1, 2), F(1, 7)], [F(1, 7), F(-1, 3)]])
    assert sympy_inertia([list(r) for r in M.rows]) == [1, 1, 0]
    for perm in ([0, 1], [1, 0]):
        assert check_obligation(congruence_ob([[1, 0], [0, 1]], [1, 1], [1, 1, 0], perm), {"A": M})[2] == (1, 1, 0)
    N = Matrix.from_rows([[0, 1, 0], [1, 0, 0], [0, 0, 5]])          # inertia (2, 1, 0)
    assert sympy_inertia([list(r) for r in N.rows]) == [2, 1, 0]
    U = [[1, 1, 0], [1, -1, 0], [0, 0, 1]]                            # U^T N U = diag(2, -2, 5)
    assert naive_congruence(U, [list(r) for r in N.rows]) == [[2, 0, 0], [0, -2, 0], [0, 0, 5]]
    assert check_obligation(congruence_ob(U, [2, 1], [2, 1, 0]), {"A": N})[2] == (2, 1, 0)
    # perm [2, 0, 1]: A = N[perm][:, perm] = [[5, 0, 0], [0, 0, 1], [0, 1, 0]], U' = U with rows and
    # columns moved the same way
    Up = [[1, 0, 0], [0, 1, 1], [0, 1, -1]]
    assert check_obligation(congruence_ob(Up, [1, 2], [2, 1, 0], [2, 0, 1]), {"A": N})[2] == (2, 1, 0)
    # each U with the other permutation: U'^T N U' has row 0 = (0, 1, 1); U^T A U has row 0 = (5, 5, 1)
    ob_rejected(congruence_ob(Up, [1, 2], [2, 1, 0]), {"A": N}, "inertia", "row 0 .* has a zero diagonal")
    ob_rejected(congruence_ob(U, [2, 1], [2, 1, 0], [2, 0, 1]), {"A": N}, "inertia", "row 0 .* not strictly")


def test_congruence_format_rejections():
    D = Matrix.from_rows([[1, 0], [0, -1]])
    I2 = [[1, 0], [0, 1]]
    for blocks in ([1], [2, 1], [1, 1, 0], [3], [0, 2], [1.0, 1], [True, 1], "11", (1, 1), None):
        ob_rejected(congruence_ob(I2, blocks, [1, 1, 0]), {"A": D}, "inertia", "blocks must be sizes 1 or 2 summing to n")
    ob_rejected(dict(congruence_ob(I2, [1, 1], [1, 1, 0]), U=ENC(Matrix.from_rows([[1, 0]]))), {"A": D}, "inertia",
                "U must be an n x n integer matrix")
    ob_rejected(dict(congruence_ob(I2, [1, 1], [1, 1, 0]), U=ENC(Matrix.from_rows([[1, 0], [0, F(1, 2)]]))), {"A": D},
                "inertia", "U must be an n x n integer matrix")
    ob_rejected(congruence_ob(I2, [1, 1], [2, 0, 0]), {"A": D}, "inertia", r"claimed inertia \[2, 0, 0\], U\^T A U gives \[1, 1, 0\]")


# ============================================================================== arrays.py
def spec_i64_hash(rows):
    """CONTRACTS.md section 2 for an integer matrix in int64 range, written out with struct."""
    import hashlib
    import struct

    m, n = len(rows), len(rows[0]) if rows else 0
    h = hashlib.sha256(f"verify-matrix/i64 {m} {n}\n".encode())
    h.update(b"".join(struct.pack("<q", x) for r in rows for x in r))
    return "sha256:" + h.hexdigest()


def test_int_array_matrix_is_the_matrix_of_its_entries():
    import numpy as np

    from verify.kernel.arrays import IntArrayMatrix

    rows = [[1, -2, 3], [4, 5, -(2 ** 62)]]
    for arr in (np.array(rows, dtype=np.int64), np.asfortranarray(np.array(rows, dtype=np.int64)),
                np.array([[9, 1, -2, 3], [9, 4, 5, -(2 ** 62)]], dtype=np.int64)[:, 1:]):
        A = IntArrayMatrix(arr)
        assert (A.nrows, A.ncols, A.shape) == (2, 3, (2, 3))
        assert A.rows == ((1, -2, 3), (4, 5, -(2 ** 62))) and all(type(x) is int for x in A.entries())
        assert A.rows is A.rows and A.T.rows == ((1, 4), (-2, 5), (3, -(2 ** 62)))
        assert A.is_integer() and not A.is_polynomial() and A.variables() == []
        assert A.content_hash() == spec_i64_hash(rows) == Matrix.from_rows(rows).content_hash()
        assert A == Matrix.from_rows(rows) and A == Matrix(2, 3, [[F(x) for x in r] for r in rows])
        assert A == IntArrayMatrix(np.array(rows, dtype=np.int64)) and len({A, IntArrayMatrix(arr.copy())}) == 1
        assert A != Matrix.from_rows([[1, -2, 3], [4, 5, 6]]) and A != Matrix.from_rows([[1, -2], [3, 4], [5, 6]])
        assert A != IntArrayMatrix(np.array([[1, -2, 3], [4, 5, 6]], dtype=np.int64))
        assert A != IntArrayMatrix(np.array(rows, dtype=np.int64).reshape(3, 2)) and A != rows
    T = IntArrayMatrix(np.array(rows, dtype=np.int64).T.copy())
    assert T.shape == (3, 2) and T.content_hash() == spec_i64_hash([list(r) for r in zip(*rows)])
    assert IntArrayMatrix(np.zeros((0, 3), dtype=np.int64)).shape == (0, 3)
    for bad in (np.array([1, 2], dtype=np.int64), np.zeros((2, 2, 2), dtype=np.int64), np.array([[1, 2]], dtype=np.int32),
                np.array(rows, dtype=np.float64), np.array(rows, dtype=">i8")):
        with pytest.raises(ValueError, match="2-D int64"):
            IntArrayMatrix(bad)


# ================================================================= check.py, second round
def _type_error_of_sorting_mixed_keys():
    """Python's own message for sorting a str key with an int key (a dict from Python, not JSON)."""
    try:
        sorted({"x": 1, 2: 1}.items())
    except TypeError as e:
        return str(e)
    raise AssertionError("sorting mixed keys did not fail")


MIXED_POLY = {"poly": [[1, {"x": 1, 2: 1}]]}          # decode_entry sorts the monomial's keys: TypeError


def test_an_unreadable_embedded_copy_is_an_objects_rejection():
    c = rank_cert()
    c["objects"]["M"]["matrix"] = {"shape": [1, 1], "rows": [[MIXED_POLY]]}
    with pytest.raises(CertificateError) as e:
        check(rank_problem(), c)
    assert (e.value.rule, e.value.message) == ("objects", "M: unreadable embedded copy (TypeError)")


def test_a_malformed_obligation_is_rejected_under_its_own_rule():
    msg = _type_error_of_sorting_mixed_keys()
    for k, rule, field in ((1, "rank_le", "basis"), (0, "rank_ge", "point")):
        c = rank_cert()
        ob = c["obligations"][k]
        if field == "basis":
            ob["basis"] = {"shape": [3, 1], "rows": [[MIXED_POLY], [0], [0]]}
        else:
            ob["point"] = {"x": MIXED_POLY}
            c["objects"]["M"] = {"shape": [1, 1], "sha256": matrix_hash(Matrix.from_rows([[t]]))}
            ob.update(rows=[0], cols=[0], r=1)
            c["obligations"] = [ob]
            problem = {"objects": {"M": Matrix.from_rows([[t]])}, "statement": rank_problem()["statement"]}
        with pytest.raises(CertificateError) as e:
            check(problem if field == "point" else rank_problem(), c)
        assert (e.value.rule, e.value.message) == (rule, f"obligation {k if field == 'basis' else 0}: malformed "
                                                         f"(TypeError: {msg})"), e.value


def test_the_statement_copy_message():
    check_rejected(_edit(("statement",), {"predicate": True}), "statement",
                   "^STATEMENT: the certificate's copy of the statement differs from the one derived from the case$")


# ============================================================================= modular.py
P25 = 33554393                       # the largest prime below 2^25 (sympy.prevprime(2 ** 25))


def _schur_block_matrix(k, p, shift):
    """[[I, B], [C, D]] (2k x 2k) with every entry of B and C equal to (p - 1) / 2 and
    D = C B + shift * I (mod p): det = det(D - C B) = shift^k (mod p), by the block determinant.
    Each entry of C B is k ((p - 1) / 2)^2: for p near 2^25 and k = 64 this is near 2^54, beyond the
    2^53 where float64 stops being exact, so the elimination must cut the product into chunks."""
    import numpy as np

    x = (p - 1) // 2
    cb = k * x * x % p                                  # every entry of C B, mod p
    A = np.zeros((2 * k, 2 * k), dtype=np.int64)
    A[:k, :k] = np.eye(k, dtype=np.int64)
    A[:k, k:] = x
    A[k:, :k] = x
    A[k:, k:] = cb
    A[k:, k:] += shift * np.eye(k, dtype=np.int64)
    return A


def test_float_elimination_stays_exact_on_a_worst_case_product():
    import sympy

    from verify.kernel.modular import check_minor_nonzero

    assert sympy.isprime(P25) and P25 < 2 ** 25
    full = list(range(128))
    check_minor_nonzero(_schur_block_matrix(64, P25, 1), full, full, P25)       # det = 1 mod p
    with pytest.raises(CertificateError, match="singular mod 33554393") as e:
        check_minor_nonzero(_schur_block_matrix(64, P25, 0), full, full, P25, "rank_le")  # det = 0 mod p
    assert e.value.rule == "rank_le"
    check_minor_nonzero(_schur_block_matrix(2, 101, 1), [], [], 101)                # the empty minor: det 1


def _rank_le_ob(N, r, p=3):
    return {"rule": "rank_le", "matrix": "M", "r": r, "side": "right", "basis": ENC(Matrix.from_rows(N)) if N else
            {"shape": [0, 0], "rows": []}, "basis_rows": list(range(len(N[0]) if N else 0)),
            "basis_cols": list(range(len(N[0]) if N else 0)), "prime": p}


def test_rank_le_on_an_int_array_matrix_checks_the_product_exactly():
    import numpy as np

    from verify.kernel.arrays import IntArrayMatrix

    def arr(rows, shape=None):
        return IntArrayMatrix(np.array(rows, dtype=np.int64).reshape(shape) if shape else np.array(rows, dtype=np.int64))

    # M = [[5]], N = [[1]]: M N = 5 != 0, so rank(M) <= 0 is refused (rank 1)
    ob_rejected(_rank_le_ob([[1]], 0), {"M": arr([[5]])}, "rank_le", r"M\*N != 0 at row 0")
    assert check_obligation(_rank_le_ob([[1]], 0), {"M": arr([[0]])})[:3] == ("rank_le", "M", 0)
    # M = [[2^31] * 4], N = 2^33 I: every entry of M N is 2^64 (Python integers), which int64 would
    # wrap to 0; rank(M) = 1, so rank <= 0 must be refused
    big = [[2 ** 31] * 4]
    N = [[2 ** 33 if i == j else 0 for j in range(4)] for i in range(4)]
    assert [sum(big[0][k] * N[k][j] for k in range(4)) for j in range(4)] == [2 ** 64] * 4
    ob_rejected(_rank_le_ob(N, 0), {"M": arr(big)}, "rank_le", r"M\*N != 0 at row 0")
    # an empty basis (k = 0) proves rank <= n, trivially true; a matrix with no rows has rank 0
    ob = {"rule": "rank_le", "matrix": "M", "r": 3, "side": "right", "basis": {"shape": [3, 0], "rows": [[], [], []]},
          "basis_rows": [], "basis_cols": [], "prime": 3}
    assert check_obligation(ob, {"M": arr([[1, 2, 3], [4, 5, 6]])})[:3] == ("rank_le", "M", 3)
    I3 = [[int(i == j) for j in range(3)] for i in range(3)]
    assert check_obligation(_rank_le_ob(I3, 0), {"M": arr([], (0, 3))})[:3] == ("rank_le", "M", 0)
    assert check_obligation(dict(_rank_le_ob([], 0), basis={"shape": [0, 0], "rows": []}),      # no columns: rank 0
                            {"M": arr([], (3, 0))})[:3] == ("rank_le", "M", 0)
    # left side: N M = 0 with N = [[1, -1]] for M's two equal rows: rank <= 1 (M = [[1, 2], [1, 2]] has rank 1)
    left = dict(_rank_le_ob([[1, -1]], 1), side="left", basis_rows=[0], basis_cols=[0])
    assert check_obligation(left, {"M": arr([[1, 2], [1, 2]])})[:3] == ("rank_le", "M", 1)
    ob_rejected(left, {"M": arr([[1, 2], [1, 3]])}, "rank_le", r"N\*M != 0")


def test_rank_ge_on_an_int_array_matrix_with_a_prime_beyond_int64_and_a_row_prefix():
    import numpy as np
    import sympy

    from verify.kernel.arrays import IntArrayMatrix

    p64 = 2 ** 64 + 13                                   # sympy.nextprime(2 ** 64)
    assert sympy.isprime(p64) and sympy.prevprime(p64) < 2 ** 64
    a = 2 ** 32
    A = IntArrayMatrix(np.array([[a, 1], [-13, a], [1, 2]], dtype=np.int64))   # det of rows 0, 1: a^2 + 13 = p64
    assert a * a + 13 == p64
    ob = {"rule": "rank_ge", "matrix": "M", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": p64}
    ob_rejected(ob, {"M": A}, "rank_ge", f"singular mod {p64}")          # p64 divides the determinant
    for rows in ([0, 2], [1, 2], [2, 1]):                                # 2a - 1, -26 - a, -(-26 - a): all < p64
        assert check_obligation(dict(ob, rows=rows), {"M": A}) == ("rank_ge", "M", 2)
    assert check_obligation(dict(ob, prime=sympy.nextprime(p64)), {"M": A}) == ("rank_ge", "M", 2)
    # rows 0..1 of a 3 x 2 matrix: the first rows but not all of them
    B = IntArrayMatrix(np.array([[1, 0], [0, 1], [5, 5]], dtype=np.int64))
    assert check_obligation(dict(ob, prime=7), {"M": B}) == ("rank_ge", "M", 2)
    ob_rejected(dict(ob, prime=7), {"M": IntArrayMatrix(np.array([[1, 2], [2, 4], [0, 1]], dtype=np.int64))},
                "rank_ge", "singular mod 7")


# ============================================================================ rules.py, second round
@pytest.mark.parametrize("D", [[[1, 0], [0, 1]], [[-1, 0], [0, -1]], [[F(1, 2), 0], [0, F(1, 3)]],
                               [[F(-1, 2), F(1, 5)], [F(1, 5), F(-1, 3)]], [[F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]],
                               [[F(-1, 3), F(1, 3)], [F(1, 3), F(-1, 3)]]])
def test_inertia_of_2x2_blocks_with_small_determinant_and_trace(D):
    # det and trace in (0, 1] or [-1, 0): the sign tests must be against 0, not 1
    test_inertia_of_every_block_shape_agrees_with_sympy(D)


def test_solve_by_exact_products_on_every_path():
    """M x = b with M rational, polynomial, or integer with a rational x (column by column, over the
    lcm of x's denominators); each right x accepted and each wrong one refused, by hand:
    [[1/2, 1], [1, 1/3]] (2, 1)^T = (2, 7/3); [[t, 1], [1, 0]] (1, 2)^T = (t + 2, 1);
    [[2, 4], [1, 3]] (1/2, 1/4)^T = (2, 5/4) and (1/3, 1/6)^T = (4/3, 5/6)."""
    cases = [
        ([[F(1, 2), 1], [1, F(1, 3)]], [[2], [1]], [[2], [F(7, 3)]], [[2], [F(1, 2)]]),
        ([[t, 1], [1, 0]], [[1], [2]], [[t + 2], [1]], [[1], [3]]),
        ([[2, 4], [1, 3]], [[F(1, 2), F(1, 3)], [F(1, 4), F(1, 6)]], [[2, F(4, 3)], [F(5, 4), F(5, 6)]],
         [[F(1, 2), F(1, 3)], [F(1, 4), F(1, 5)]]),
        ([[2, 4], [1, 3]], [[F(1, 2)], [F(1, 4)]], [[2], [F(5, 4)]], [[F(1, 4)], [F(1, 2)]]),
    ]
    for M, x, b, wrong in cases:
        objs = {"A": Matrix.from_rows(M), "b": Matrix.from_rows(b)}
        ob = {"rule": "solve", "matrix": "A", "rhs": "b", "x": ENC(Matrix.from_rows(x))}
        assert check_obligation(ob, objs) == ("solvable", "A", "b", True, Matrix.from_rows(x))
        ob_rejected(dict(ob, x=ENC(Matrix.from_rows(wrong))), objs, "solve", r"M x != rhs")


def test_rank_le_with_the_prime_2_and_the_basis_over_the_matrix_field():
    # M3's kernel (-1, -1, 1): its 1-minor at row 2 is 1, nonzero mod 2, the smallest prime
    assert check_obligation(dict(LE, prime=2), {"M": M3})[:3] == ("rank_le", "M", 2)
    y = Poly.var("y")
    ob_rejected(dict(LE, basis=ENC(Matrix.from_rows([[-y], [-y], [y]]))), {"M": M3}, "rank_le",
                r"^RANK_LE: basis has a variable the matrix does not: \['y'\]$")


def test_solve_refuses_an_x_with_a_foreign_variable():
    y = Poly.var("y")
    A, b = Matrix.from_rows([[1, 0], [0, 1]]), Matrix.from_rows([[1], [2]])
    ob = {"rule": "solve", "matrix": "A", "rhs": "b", "x": ENC(Matrix.from_rows([[1], [y]]))}
    ob_rejected(ob, {"A": A, "b": b}, "solve", r"^SOLVE: x has a variable the problem does not: \['y'\]$")


def test_the_point_size_guard_counts_numerator_and_denominator_bits():
    """t^e at a point x: its value has e * (bits of x's numerator + bits of its denominator) bits
    at most; more than MAX_POINT_BITS = 2^20 is refused, exactly 2^20 is evaluated."""
    from verify.kernel.rules import MAX_POINT_BITS

    assert MAX_POINT_BITS == 2 ** 20
    for x in (F(2 ** 1022), F(1, 2 ** 1022)):                        # 1023 + 1 = 1 + 1023 = 1024 bits
        assert x.numerator.bit_length() + x.denominator.bit_length() == 1024
        for e, ok in ((1024, True), (1025, False)):                  # 1024 * 1024 = 2^20
            A = Matrix.from_rows([[t ** e]])
            ob = {"rule": "rank_ge", "matrix": "A", "r": 1, "rows": [0], "cols": [0], "prime": 3, "point": {"t": str(x)}}
            if ok:
                assert check_obligation(ob, {"A": A}) == ("rank_ge", "A", 1)
            else:
                ob_rejected(ob, {"A": A}, "rank_ge", r"^RANK_GE: at this point an entry has a term of more than 1048576 bits$")


def test_each_rule_names_itself_and_its_fields():
    objs = {"A": A3, "M": M3}
    for ob, rule in ((dict(LE, matrix="Q"), "rank_le"), (dict(INERTIA, matrix="Q"), "inertia"),
                     ({"rule": "detbool", "matrix": "Q", "value": 1, "matching": [0]}, "detbool")):
        ob_rejected(ob, objs, rule, "^" + rule.upper() + r": field 'matrix' names no problem object: 'Q'$")
    for field, ob in (("U", dict(INERTIA, U=5)), ("L", dict(INERTIA, L=5)), ("D", dict(INERTIA, D=5))):
        ob_rejected(ob, objs, "format", f"^FORMAT: {field}: a matrix needs 'shape'")
    for ob, shown in (({"rule": "rank_eq"}, "'rank_eq'"), ({"rule": 5}, "5"), ({}, "None"), ([], "None")):
        with pytest.raises(CertificateError) as e:
            check_obligation(ob, objs)
        assert (e.value.rule, e.value.message) == ("format", f"unknown rule {shown}")


def test_rank_le_names_itself_for_its_prime_and_its_point():
    base = {k: v for k, v in LE.items() if k != "prime"}
    ob_rejected(base, {"M": M3}, "rank_le", r"^RANK_LE: field 'prime' must be an integer >= 2, got None$")
    ob_rejected(dict(base, prime=1), {"M": M3}, "rank_le", r"^RANK_LE: field 'prime' must be an integer >= 2, got 1$")
    # M = [[t, t]], basis (1, -1)^T (M N = 0): its 1-minor is a number, no point needed; the basis
    # (t, -t)^T is polynomial, so its minor needs a point, and the rejection is rank_le's
    T = Matrix.from_rows([[t, t]])
    ob = {"rule": "rank_le", "matrix": "T", "r": 1, "side": "right", "basis": ENC(Matrix.from_rows([[1], [-1]])),
          "basis_rows": [0], "prime": 3}
    assert check_obligation(ob, {"T": T})[:3] == ("rank_le", "T", 1)
    ob_rejected(dict(ob, basis=ENC(Matrix.from_rows([[t], [-t]]))), {"T": T}, "rank_le",
                r"^RANK_LE: a polynomial matrix needs an exact 'point'$")
    assert check_obligation(dict(ob, basis=ENC(Matrix.from_rows([[t], [-t]])), point={"t": 1}), {"T": T})[:3] == \
        ("rank_le", "T", 1)


# ============================================================================== sturm.py
def _sturm_cases():
    """Polynomials with known real roots (rational ones, a double root, a pair +-sqrt(2), none) and
    intervals around, between and at those roots, each end open or closed; the truth of
    positive / negative / nonzero on the interval from sympy's exact real roots and the sign at the
    midpoint.  Computed once, when the module is collected."""
    import random

    import sympy

    X = sympy.Symbol("x")
    rng = random.Random(7)
    polys = [(X - 1) * (X + 2), -(X - F(1, 3)) ** 2 * (X - 3), (X ** 2 - 2) * (X - 1), X ** 2 + 1,
             -(X ** 2 + 3) * (X + 1) ** 3 * (X - 2), 2 * X - 5, sympy.Integer(-4),
             (X - 1) * (X - F(3, 2)) * (X - 2) * (X - F(5, 2)) * (X + 1)]
    out = []
    for sp in polys:
        P = sympy.Poly(sp, X)
        roots = sorted(set(sympy.real_roots(P)), key=lambda r: float(r))
        points = sorted({F(0), F(-3), F(4)} | {F(int(r.p), int(r.q)) for r in roots if r.is_Rational})
        points = sorted(set(points) | {F(7, 5), F(3, 2), F(-7, 5)})                 # near +-sqrt(2)
        for _ in range(12):
            lo, hi = sorted(rng.sample(points, 2))
            lc, hc = rng.random() < 0.5, rng.random() < 0.5
            inside = [r for r in roots if (lo < r or (lc and r == lo)) and (r < hi or (hc and r == hi))]
            mid = P.eval(sympy.Rational((lo + hi).numerator, (lo + hi).denominator * 2))
            coeffs = [F(int(c.p), int(c.q)) for c in reversed(P.all_coeffs())]     # constant first
            open_roots = len([r for r in roots if lo < r < hi])
            truth = {"positive": bool(not inside and mid > 0), "negative": bool(not inside and mid < 0),
                     "nonzero": bool(not inside and mid != 0)}
            out.append((coeffs, lo, hi, lc, hc, truth, open_roots))
    return out


STURM = _sturm_cases()


def _poly_of(coeffs):
    x = Poly.var("x")
    return sum((c * x ** i for i, c in enumerate(coeffs) if c), Poly.var("x") * 0)


@pytest.mark.parametrize("k", range(0, len(STURM), 8))
def test_sign_on_interval_against_sympy_real_roots(k):
    from verify.kernel.exact import norm
    from verify.kernel.sturm import roots_in_open_interval, sign_on_interval

    for coeffs, lo, hi, lc, hc, truth, open_roots in STURM[k:k + 8]:
        p = norm(_poly_of(coeffs))
        for sign, want in truth.items():
            assert sign_on_interval(p, "x", lo, hi, lc, hc, sign) is want, (coeffs, lo, hi, lc, hc, sign)
        if sum(c * lo ** i for i, c in enumerate(coeffs)) and sum(c * hi ** i for i, c in enumerate(coeffs)):
            assert roots_in_open_interval(coeffs, lo, hi) == open_roots, (coeffs, lo, hi)


def test_the_zero_polynomial_has_no_sign():
    from verify.kernel.sturm import sign_on_interval

    for sign in ("positive", "negative", "nonzero"):
        assert sign_on_interval(0, "x", 0, 1, True, True, sign) is False
        assert sign_on_interval(Poly.var("x") * 0, "x", 0, 1, False, False, sign) is False


# ============================================================================= logdet.py
def test_log_interval_encloses_the_logarithm():
    """lo <= log x <= hi, log x from mpmath at 80 digits, for x below 1/2, in (1/2, 2) and above 2
    (the range reduction's three cases) and few series terms, where the tail bound matters."""
    import mpmath

    from verify.kernel.logdet import log_interval

    def mp(q):
        return mpmath.mpf(q.numerator) / q.denominator

    with mpmath.workdps(80):
        for x in (F(1, 1000), F(1, 3), F(1, 2), F(2, 3), F(1), F(3, 2), F(2), F(3), F(10), F(12345, 7)):
            for terms in (1, 2, 3, 30):
                lo, hi = log_interval(x, terms)
                assert isinstance(lo, F) and isinstance(hi, F) and lo <= hi
                assert mp(lo) <= mpmath.log(mp(x)) <= mp(hi), (x, terms, lo, hi)
                if terms == 30:
                    assert hi - lo < F(1, 10 ** 20)                  # and it is tight


@pytest.mark.parametrize("a, b", [((1, 2), (3, 4)), ((-2, 3), (-5, 7)), ((-4, -1), (2, 3)), ((-4, -1), (-3, -2)),
                                  ((2, 3), (-4, -1)), ((-1, 2), (3, 5)), ((3, 5), (-1, 2)), ((0, 0), (-1, 1))])
def test_interval_product_is_the_hull_of_all_products(a, b):
    from verify.kernel.logdet import _mul

    # brute force over a grid of each interval (products of intervals are attained at the ends)
    grid = [F(a[0]) + (F(a[1]) - a[0]) * i / 4 for i in range(5)]
    grid_b = [F(b[0]) + (F(b[1]) - b[0]) * i / 4 for i in range(5)]
    values = [u * v for u in grid for v in grid_b]
    assert _mul((F(a[0]), F(a[1])), (F(b[0]), F(b[1]))) == (min(values), max(values))


def _log_ob(rows, cols, **kw):
    return dict({"rule": "log_minor_nonzero", "matrix": "E", "rows": rows, "cols": cols}, **kw)


def test_log_minor_nonzero_decides_by_the_enclosure():
    """det log(E[rows, cols]) by hand: log [[2, 4], [4, 16]] = log 2 [[1, 2], [2, 4]] has det 0;
    log [[1, 1], [1, 1]] = 0 exactly (log 1 = 0: the enclosure is [0, 0]); log [[2, 3], [3, 5]] has
    det log 2 log 5 - log 3^2 = -0.0915..., small against its terms (1.115 and 1.207); log of
    2 on the diagonal and 1 elsewhere is log 2 * I, det (log 2)^n != 0."""
    import math

    assert abs(math.log(2) * math.log(5) - math.log(3) ** 2 + 0.0915) < 1e-3
    cases = [([[2, 4], [4, 16]], False), ([[1, 1], [1, 1]], False), ([[1]], False), ([[2, 3], [3, 5]], True),
             ([[3, 2], [5, 3]], True), ([[2]], True), ([[F(1, 2)]], True)]
    for n in (2, 3, 6):
        cases.append(([[2 if i == j else 1 for j in range(n)] for i in range(n)], True))
    cases.append(([[2, 1, 1], [1, 2, 1], [2, 4, 2]], True))         # log E rows (l, 0, 0), (0, l, 0), (l, 2l, l): det l^3
    cases.append(([[2, 1, 1], [1, 2, 1], [2, 2, 1]], False))        # row 2 of log E = row 0 + row 1: det 0
    cases.append(([[2, 3, 5], [3, 5, 2], [6, 15, 10]], False))      # the same with every log nonzero
    cases.append(([[3, 5, 2], [2, 3, 5], [6, 15, 10]], False))
    for rows, ok in cases:
        E = Matrix.from_rows(rows)
        n = E.nrows
        ob = _log_ob(list(range(n)), list(range(n)))
        if ok:
            assert check_obligation(ob, {"E": E}) == ("log_rank_ge", "E", n), rows
        else:
            ob_rejected(ob, {"E": E}, "log_minor_nonzero", r"^LOG_MINOR_NONZERO: the determinant's enclosure .* contains 0$")
    # a minor with reversed columns (odd permutation) of an invertible log E: still nonzero
    E = Matrix.from_rows([[2, 3], [3, 5]])
    assert check_obligation(_log_ob([0, 1], [1, 0]), {"E": E})[2] == 2
    assert check_obligation(_log_ob([1], [0]), {"E": E}) == ("log_rank_ge", "E", 1)


def test_log_minor_nonzero_field_checks():
    E = Matrix.from_rows([[2, 3], [3, 5]])
    big = Matrix.from_rows([[2 if i == j else 1 for j in range(7)] for i in range(7)])
    ok = _log_ob([0], [0])
    for terms in (1, 200):
        assert check_obligation(dict(ok, terms=terms), {"E": E})[2] == 1
    for ob, objs, match in (
            (dict(ok, terms=0), {"E": E}, "terms must be an integer in 1..200"),
            (dict(ok, terms=201), {"E": E}, "terms must be an integer in 1..200"),
            (dict(ok, terms=True), {"E": E}, "terms must be an integer in 1..200"),
            (dict(ok, terms=2.0), {"E": E}, "terms must be an integer in 1..200"),
            (_log_ob([2], [0]), {"E": E}, r"field 'rows' must hold distinct indices in 0\.\.1$"),
            (_log_ob([0], [2]), {"E": E}, r"field 'cols' must hold distinct indices in 0\.\.1$"),
            (_log_ob([0, 0], [0, 1]), {"E": E}, "field 'rows' must hold distinct"),
            (_log_ob([True], [0]), {"E": E}, "field 'rows' must hold distinct"),
            (_log_ob("0", [0]), {"E": E}, "field 'rows' must hold distinct"),
            (_log_ob([-1], [0]), {"E": E}, "field 'rows' must hold distinct"),
            (_log_ob([0, 1], [0]), {"E": E}, "rows and cols must have the same length, 1 to 6"),
            (_log_ob([], []), {"E": E}, "rows and cols must have the same length, 1 to 6"),
            (_log_ob(list(range(7)), list(range(7))), {"E": big}, "rows and cols must have the same length, 1 to 6"),
            (ok, {"E": Matrix.from_rows([[t]])}, r"entry \(0, 0\) is not a rational number"),
            (ok, {"E": Matrix.from_rows([[0]])}, "log of a non-positive number 0"),
            (dict(ok, matrix="Q"), {"E": E}, "field 'matrix' names no problem object: 'Q'"),
            (dict(ok, matrix=None), {"E": E}, "field 'matrix' names no problem object: None")):
        ob_rejected(ob, objs, "log_minor_nonzero", "^LOG_MINOR_NONZERO: " + match)
    assert check_obligation(_log_ob(list(range(6)), list(range(6))), {"E": big})[2] == 6


# =============================================================================== poly.py
def test_poly_evaluate_degree_power_and_hash_by_hand():
    x, y = Poly.var("x"), Poly.var("y")
    p = 3 * x ** 2 * y - x + 5                                      # at (2, 1/3): 3 * 4 / 3 - 2 + 5 = 7
    assert p.evaluate({"x": 2, "y": F(1, 3)}) == 7
    assert (x * y * y).evaluate({"x": 3, "y": 2}) == 12 and (x - y).evaluate({"x": 1, "y": 4}) == -3
    assert x.evaluate({"x": 3}) == 3 and x.degree("x") == 1 and x.terms == {(("x", 1),): 1}
    assert p.degree("x") == 2 and p.degree("y") == 1 and (y + 1).degree("x") == 0 and p.degree("z") == 0
    assert (x + 1) ** 0 == 1 and (x + 1) ** 1 == x + 1 and (x + 1) ** 2 == x * x + 2 * x + 1
    assert ((x + 1) ** 3).evaluate({"x": 2}) == 27
    for bad in (-1, True, 1.0):
        with pytest.raises(ValueError, match="non-negative integer exponents"):
            (x + 1) ** bad
    q = 5 - x + 3 * y * x ** 2                                      # p built in another order
    assert hash(p) == hash(q) and len({p, q, x}) == 2 and p.sorted_terms() == q.sorted_terms()
    assert [m for m, _ in p.sorted_terms()] == sorted(p.terms)


# ============================================================================== exact.py
def test_content_hash_of_the_text_form_as_contracts_section_2_writes_it():
    import hashlib

    def spec_text_hash(m, n, lines):
        return "sha256:" + hashlib.sha256((f"verify-matrix/1 {m} {n}\n" + "".join(s + "\n" for s in lines)).encode()).hexdigest()

    x, y = Poly.var("x"), Poly.var("y")
    M = Matrix.from_rows([[F(1, 2), -3], [x ** 2 * y + 2 - F(1, 3) * x, 0]])
    # terms sorted by monomial: () < (x^1) < (x^2, y^1); the constant term is just its coefficient
    assert M.content_hash() == spec_text_hash(2, 2, ["1/2 -3", "poly(2;-1/3*x^1;1*x^2*y^1) 0"])
    big = Matrix.from_rows([[2 ** 63, -1]])                         # beyond int64: the text form
    assert big.content_hash() == spec_text_hash(1, 2, ["9223372036854775808 -1"])
    assert Matrix.from_rows([[F(-4, 6)]]).content_hash() == spec_text_hash(1, 1, ["-2/3"])


def test_sturm_deflation_edges_and_argument_checks():
    from verify.kernel.sturm import _deflate, sign_on_interval

    # synthetic division: (x - e) * (c / (x - e)) == c, for a root e of c (coefficients constant first)
    for c, e in (([F(-6), F(11), F(-6), F(1)], F(1)), ([F(-6), F(11), F(-6), F(1)], F(3)), ([F(1, 4), F(-1), F(1)], F(1, 2)),
                 ([F(0), F(2)], F(0))):
        q = _deflate(c, e)
        prod = [F(0)] * (len(q) + 1)
        for i, a in enumerate(q):
            prod[i + 1] += a
            prod[i] -= e * a
        assert prod == c, (c, e, q)
    x = Poly.var("x")
    # values at the midpoint in (0, 1] and equal to 1: positive, never negative, nonzero
    for p, lo, hi in ((x, F(1, 4), F(3, 4)), (x, F(1, 2), F(3, 2)), (x * 0 + 1, F(0), F(1)), (x - 1, F(3, 2), F(5, 2))):
        assert sign_on_interval(p, "x", lo, hi, True, True, "positive") is True
        assert sign_on_interval(p, "x", lo, hi, True, True, "negative") is False
        assert sign_on_interval(p, "x", lo, hi, True, True, "nonzero") is True
        assert sign_on_interval(-p, "x", lo, hi, True, True, "negative") is True
    for args, match in (((x, 5, 0, 1, True, True, "positive"), "needs a variable name and a sign"),
                        ((x, "x", 0, 1, True, True, "bogus"), "needs a variable name and a sign"),
                        ((x, "x", 1, 1, True, True, "positive"), "needs rational ends lo < hi"),
                        ((x, "x", 0, 1, 1, True, "positive"), "boolean lo_closed, hi_closed"),
                        ((x, "x", 0, 1, True, None, "positive"), "boolean lo_closed, hi_closed"),
                        ((x * Poly.var("y"), "x", 0, 1, True, True, "positive"), "polynomial has a variable other than 'x'")):
        with pytest.raises(CertificateError, match=match) as e:
            sign_on_interval(*args)
        assert e.value.rule == "sign_on"


def test_log_interval_width_is_twice_the_lemmas_tail():
    """With K terms the enclosure is s -+ 2 |y|^(2K+1) / ((2K+1) (1 - y^2)) (logdet.py's lemma): for
    x = 3/2, y = 1/5, and K = 1, 2 the width is 4 y^3 / (3 (1 - y^2)) and 4 y^5 / (5 (1 - y^2))."""
    from verify.kernel.logdet import log_interval

    y = F(1, 5)
    for K in (1, 2):
        lo, hi = log_interval(F(3, 2), K)
        assert hi - lo == 4 * y ** (2 * K + 1) / ((2 * K + 1) * (1 - y * y))


def test_poly_text_reads_back_as_the_same_polynomial():
    """to_text (the value of the statement's `text`) is parsed back by sympy to the same polynomial;
    terms by falling degree, as written by hand for two of them."""
    import sympy

    x, y = Poly.var("x"), Poly.var("y")
    X, Y = sympy.symbols("x y")
    cases = [(3 * x ** 2 * y - x + 5, 3 * X ** 2 * Y - X + 5), (F(1, 2) * x - F(1, 3) * y * y, X / 2 - Y ** 2 / 3),
             (-x * y + 1, -X * Y + 1), (x ** 3 - 2 * x + F(-7, 4), X ** 3 - 2 * X - sympy.Rational(7, 4)),
             (x - x, sympy.Integer(0)), (-x, -X), (x * y * y * y, X * Y ** 3), (-2 * x ** 2, -2 * X ** 2),
             (2 * x + y - 1, 2 * X + Y - 1)]
    for p, want in cases:
        text = p.to_text() if isinstance(p, Poly) else str(p)
        assert sympy.expand(sympy.sympify(text) - want) == 0, text
    assert (3 * x ** 2 * y - x + 5).to_text() == "3*x^2*y - x + 5"
    assert (F(1, 2) * x - F(1, 3) * y * y).to_text() == "-1/3*y^2 + 1/2*x"


def test_decoding_refuses_each_malformed_form_under_format():
    from verify.kernel.exact import MAX_EXPONENT, decode_entry, decode_matrix

    x = Poly.var("x")
    for bad, msg in ((1.5, "entry: inexact or boolean number 1.5"), (None, "entry: not an exact number None"),
                     ("1a", "entry: not an exact rational '1a'"), ("1/2a", "entry: not an exact rational '1/2a'"),
                     ({"poly": [[1]]}, "entry: bad polynomial term [1]"),
                     ({"poly": [[1, {"x": True}]]}, "entry: bad exponent True of 'x'"),
                     ({"poly": [[1, {"x": "2"}]]}, "entry: bad exponent '2' of 'x'"),
                     ({"poly": [[1, {1: 1}]]}, "entry: bad exponent 1 of 1"),
                     ({"poly": [[1, {"x": MAX_EXPONENT + 1}]]}, f"entry: bad exponent {MAX_EXPONENT + 1} of 'x'")):
        with pytest.raises(CertificateError) as e:
            decode_entry(bad)
        assert (e.value.rule, e.value.message) == ("format", msg)
    assert decode_entry({"poly": [[1, {"x": MAX_EXPONENT}]]}) == x ** MAX_EXPONENT
    assert decode_entry({"poly": [[1, {"x": 1}], [2, {"x": 1}], ["1/2", {}]]}) == 3 * x + F(1, 2)   # repeated monomial: summed
    for bad, msg in (({"shape": [1]}, "matrix: a matrix needs 'shape' [m, n] and 'rows'"),
                     ({"shape": [-1, 2], "rows": []}, "matrix: bad shape [-1, 2]"),
                     ({"shape": [True, 1], "rows": [[1]]}, "matrix: bad shape [True, 1]"),
                     ({"shape": [2, 2], "rows": [[1, 2], [3]]}, "matrix: rows do not match the shape 2 x 2"),
                     ({"shape": [3, 2], "rows": [[1, 2], [3, 4]]}, "matrix: rows do not match the shape 3 x 2")):
        with pytest.raises(CertificateError) as e:
            decode_matrix(bad)
        assert (e.value.rule, e.value.message) == ("format", msg)


def test_numbers_in_text_have_at_most_max_digits_digits(monkeypatch):
    """CONTRACTS.md: a numerator or denominator in text has at most MAX_DIGITS digits (here 5, so
    that the test stays fast); a sign is not a digit.  Only ASCII decimal digits make a "p/q" text:
    Python's int() would also read "1_0", "+2", " 2" and Arabic-Indic digits."""
    from verify.kernel import exact

    monkeypatch.setattr(exact, "MAX_DIGITS", 5)
    assert exact.decode_entry("-12345") == -12345 and exact.decode_entry("12345/67891") == F(12345, 67891)
    assert exact.decode_entry("-99999/99998") == F(-99999, 99998)
    for bad in ("1234567", "-1234567", "1/1234567", "-123456"):
        with pytest.raises(CertificateError) as e:
            exact.decode_entry(bad)
        assert (e.value.rule, e.value.message) == ("format", "entry: a number of more than 5 digits"), bad
    for bad in ("1_0", "1/2_0", "+2", "1/+2", "1/ 2", "\u0661\u0662", "1/\u0662", "--5"):
        with pytest.raises(CertificateError) as e:
            exact.decode_entry(bad)
        assert (e.value.rule, e.value.message) == ("format", f"entry: not an exact rational {bad!r}"), bad


def test_matrix_shapes_with_no_rows_or_no_columns():
    """The empty product is 0: a k x 0 matrix times a 0 x n one is the k x n zero matrix."""
    from verify.kernel.exact import is_zero, matmul

    E = Matrix.from_rows([])
    assert E.shape == (0, 0) and E.rows == ()
    A, B = Matrix(2, 0, [(), ()]), Matrix(0, 3, [])
    assert matmul(A, B) == Matrix.from_rows([[0, 0, 0], [0, 0, 0]])
    assert matmul(B, Matrix(3, 1, [[1], [2], [3]])) == Matrix(0, 1, [])
    with pytest.raises(ValueError, match="cannot multiply 2x0 by 3x1"):
        matmul(A, Matrix(3, 1, [[1], [2], [3]]))
    with pytest.raises(ValueError, match="matrix rows do not match the shape 2 x 2"):
        Matrix(2, 2, [[1, 2], [3]])
    with pytest.raises(ValueError, match="matrix rows do not match the shape 3 x 2"):
        Matrix(3, 2, [[1, 2], [3, 4]])
    assert is_zero(Matrix.from_rows([[0, 0], [0, 0]])) and is_zero(E) and is_zero(Matrix.from_rows([[Poly.var("x") * 0]]))
    assert not is_zero(Matrix.from_rows([[0, 0], [0, 1]])) and not is_zero(Matrix.from_rows([[1, 1]]))
    assert not is_zero(Matrix.from_rows([[0, F(1, 2)]])) and not is_zero(Matrix.from_rows([[0, Poly.var("x")]]))


def test_submatrix_and_hash_by_hand():
    M = Matrix.from_rows([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert M.submatrix([2, 0], [1]) == Matrix.from_rows([[8], [2]])
    assert M.submatrix([0, 1], [0, 2]) == Matrix.from_rows([[1, 3], [4, 6]]) and M.submatrix([], [1]).shape == (0, 1)
    N = Matrix.from_rows([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert hash(M) == hash(N) and len({M, N, M.submatrix([0], [0])}) == 2


def test_exact_scalars_refuse_booleans_and_other_types():
    from verify.kernel.exact import norm

    with pytest.raises(TypeError, match="a boolean is not an exact number"):
        norm(True)
    with pytest.raises(TypeError, match="not an exact entry: float 0.5"):
        norm(0.5)


def test_poly_refuses_malformed_terms_and_keeps_one_text_per_polynomial():
    """Poly's monomials: (variable, exponent >= 1) pairs, variables strictly increasing; exact
    coefficients only.  Equal polynomials have one text, however they were built."""
    for bad in ({(): 0.5}, {(): True}, {(("x", 1),): "1"}, {(): None}):
        with pytest.raises(TypeError, match="not an exact scalar"):
            Poly(bad)
    for mono in ((("x", 0),), ((1, 1),), (("x", 1.0),), (("x", -1),)):
        with pytest.raises(ValueError, match="bad monomial"):
            Poly({mono: 1})
    for mono in ((("x", 1), ("x", 1)), (("y", 1), ("x", 1)), (("x", 2), ("x", 1))):
        with pytest.raises(ValueError, match="monomial not sorted or repeated variable"):
            Poly({mono: 1})
    x, y = Poly.var("x"), Poly.var("y")
    assert (x + y).to_text() == (y + x).to_text() == "x + y"
    assert (2 * x + y).to_text() == (y + 2 * x).to_text() == "2*x + y"
    assert (x * 0).is_zero() and Poly().is_zero() and not x.is_zero() and not Poly.const(3).is_zero()
    assert (1 - x).evaluate({"x": 5}) == -4 and (F(1, 2) - x * y).evaluate({"x": 1, "y": 1}) == F(-1, 2)
    with pytest.raises(KeyError, match="'y'"):
        (x + y).evaluate({"x": 1})


# ====================================================================== modular.py, its own API
def _raises(fn, *args, rule, message):
    with pytest.raises(CertificateError) as e:
        fn(*args)
    assert (e.value.rule, e.value.message) == (rule, message)


def test_modular_api_refuses_each_bad_argument_under_the_callers_rule():
    """modular.py's functions are called by rules.py after its own checks, and by the engines
    directly: each guard refuses under the rule it was given (default rank_ge / rank_le) with its own
    message, and lets the good arguments through."""
    import numpy as np

    from verify.kernel.modular import check_minor_nonzero, check_prime, check_product_zero

    I2 = np.eye(2, dtype=np.int64)
    _raises(check_prime, 2.0, rule="rank_ge", message="prime 2.0 is not an integer")
    _raises(check_prime, True, rule="rank_ge", message="prime True is not an integer")
    _raises(check_prime, 91, rule="rank_ge", message="91 is not a prime")          # 91 = 7 * 13
    _raises(check_prime, 91, "rank_le", rule="rank_le", message="91 is not a prime")
    check_prime(97)
    for args, rule, message in (
            ((np.array([1, 2]), [0], [0], 5), "rank_ge", "matrix must be 2-d"),
            ((I2, range(2), [0, 1], 5), "rank_ge", "rows must be a list of integers"),
            ((I2, [0, 1], (0, 1.0), 5, "rank_le"), "rank_le", "cols must be a list of integers"),
            ((I2, [0, 0], [0, 1], 5), "rank_ge", "rows are not distinct"),
            ((I2, [0, 1], [1, 1], 5, "rank_le"), "rank_le", "cols are not distinct"),
            ((I2, [0, 2], [0, 1], 5), "rank_ge", "rows out of range 0..1"),
            ((I2, [0, 1], [-1, 0], 5, "rank_le"), "rank_le", "cols out of range 0..1"),
            ((I2, [0, 1], [0], 5), "rank_ge", "2 rows but 1 cols"),
            ((I2, [0, 1], [0, 1], 9, "rank_le"), "rank_le", "9 is not a prime"),
            ((np.array([[1.5]]), [0], [0], 5, "rank_le"), "rank_le", "matrix entries must be integers"),
            ((np.array([[1.5]], dtype=object), [0], [0], 5, "rank_le"), "rank_le", "matrix entries must be integers"),
            ((np.array([[True]], dtype=object), [0], [0], 5), "rank_ge", "matrix entries must be integers"),
            ((np.array([[2, 4], [1, 2]]), [0, 1], [0, 1], 5), "rank_ge", "the 2 x 2 minor is singular mod 5")):
        _raises(check_minor_nonzero, *args, rule=rule, message=message)
    check_minor_nonzero(I2, (1, 0), [0, 1], 5)
    check_minor_nonzero(np.array([[3]], dtype=object), [0], [0], 5)
    N = np.array([[1], [1]])
    for args, rule, message in (
            ((np.array([[1, -1], [2, -1]]), N), "rank_le", "A*N != 0 at row 1"),     # row 0 of A N is 0
            ((np.array([[1, -1], [2, -1]]), N, "rank_ge", "M*N"), "rank_ge", "M*N != 0 at row 1"),
            ((np.array([[1.0, -1.0]]), N), "rank_le", "A*N: integer entries expected"),
            ((np.array([[True, 1]], dtype=object), N), "rank_le", "A*N: integer entries expected"),
            ((np.array([[1, -1]]), np.array([[0.5], [0.5]], dtype=object), "rank_ge"), "rank_ge",
             "A*N: integer entries expected"),
            ((np.array([1, -1]), N), "rank_le", "A*N: shapes (2,) and (2, 1) do not match"),
            ((np.array([1, -1], dtype=object), N), "rank_le", "A*N: shapes (2,) and (2, 1) do not match"),
            ((np.array([[1, -1]]), np.array([1, 1]), "rank_ge", "N*M"), "rank_ge", "N*M: shapes (1, 2) and (2,) do not match"),
            ((np.array([[1, -1, 0]]), N), "rank_le", "A*N: shapes (1, 3) and (2, 1) do not match")):
        _raises(check_product_zero, *args, rule=rule, message=message)
    check_product_zero(np.array([[1, -1], [2, -2]]), N)
    check_product_zero(np.array([[2 ** 62, -(2 ** 62)]], dtype=object), N)


def test_unsigned_entries_beyond_int64_are_reduced_as_integers():
    """uint64 entries >= 2^63 do not fit int64; the residues must be those of the integers:
    (2^63 + 1) mod 3 = 0 (2^63 = 2 mod 3), while the int64 wrap 2^63 + 1 - 2^64 is 2 mod 3; and
    det [[2^63, 1], [2, 1]] = 2^63 - 2 = 0 mod 3, while the wrapped -2^63 - 2 = 2 mod 3."""
    import numpy as np

    from verify.kernel.modular import check_minor_nonzero

    assert (2 ** 63 + 1) % 3 == 0 and (2 ** 63 + 1 - 2 ** 64) % 3 == 2
    assert (2 ** 63 - 2) % 3 == 0 and (-(2 ** 63) - 2) % 3 == 2 and (2 ** 63 - 2) % 5 != 0
    _raises(check_minor_nonzero, np.array([[2 ** 63 + 1]], dtype=np.uint64), [0], [0], 3,
            rule="rank_ge", message="the 1 x 1 minor is singular mod 3")
    A = np.array([[2 ** 63, 1], [2, 1]], dtype=np.uint64)
    _raises(check_minor_nonzero, A, [0, 1], [0, 1], 3, rule="rank_ge", message="the 2 x 2 minor is singular mod 3")
    check_minor_nonzero(A, [0, 1], [0, 1], 5)
    check_minor_nonzero(np.array([[2 ** 63 + 1]], dtype=np.uint64), [0], [0], 5)
    check_minor_nonzero(np.array([[2, 1]], dtype=np.uint64), [0], [1], 3)         # small unsigned: the int64 path


def test_rank_ge_and_rank_le_right_of_modular_py():
    """check_rank_ge / check_rank_le_right (the engines' entry points): rank(A) >= r by a nonzero
    r-minor, rank(A) <= r by A N = 0 with a nonzero k-minor of N, k >= n - r."""
    import numpy as np

    from verify.kernel.modular import check_rank_ge, check_rank_le_right, integer_columns

    A = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]])                   # rank 2: row 1 = 2 row 0
    check_rank_ge(A, 2, [0, 2], [0, 1], 5)                              # det [[1, 2], [1, 0]] = -2
    check_rank_ge(A, 0, [], [], 5)                                      # rank >= 0 always
    for args, message in (((A, -1, [], [], 5), "bad rank -1"), ((A, True, [0], [0], 5), "bad rank True"),
                          ((A, 1.0, [0], [0], 5), "bad rank 1.0"),
                          ((A, 2, [0, 2], [0], 5), "needs 2 rows and cols, got 2 and 1"),
                          ((A, 2, [0], [0, 1], 5), "needs 2 rows and cols, got 1 and 2"),
                          ((A, 2, [0, 1], [0, 1], 5), "the 2 x 2 minor is singular mod 5")):
        _raises(check_rank_ge, *args, rule="rank_ge", message=message)
    N = np.array([[1], [1], [-1]])                                      # A N = 0: (1 + 2 - 3, 2 + 4 - 6, 1 + 0 - 1)
    assert (A @ N == 0).all()
    check_rank_le_right(A, 2, N, [0], [0], 5)
    for args, message in (((A, 2, np.array([1, 1, -1]), [0], [0], 5), "basis shape (3,) does not fit (3, 3)"),
                          ((A, 2, np.array([[1], [1]]), [0], [0], 5), "basis shape (2, 1) does not fit (3, 3)"),
                          ((A, 1, N, [0], [0], 5), "basis has 1 columns, needs 2"),
                          ((A, 2, np.array([[1], [1], [1]]), [0], [0], 5), "M*N != 0 at row 0"),
                          ((A, 2, N, [0], [], 5), "basis minor needs 1 rows and cols"),
                          ((A, 2, N, [], [0], 5), "basis minor needs 1 rows and cols"),
                          ((A, 2, 5 * N, [0], [0], 5), "the 1 x 1 minor is singular mod 5")):
        _raises(check_rank_le_right, *args, rule="rank_le", message=message)
    assert integer_columns([]).shape == (0, 0)
    assert integer_columns([[F(1, 2), 1], [F(1, 3), F(3, 4)]]).tolist() == [[3, 4], [2, 3]]   # lcm 6 and 4
    for bad in ([[True]], [[0.5]], [[1, "1"]]):
        _raises(integer_columns, bad, rule="rank_le", message="basis entries must be exact rationals")


# ================================================================== sturm.py, the atoms' factory
def test_sign_on_atoms_built_at_test_time():
    """`sturm.ATOMS` is built by `_sign_on` when the module is imported, where mutmut cannot reach
    it; the same factory is called here.  Expected signs by hand: x^2 - 2 lies in [-2, -1] on [0, 1]
    and vanishes at sqrt 2 in [1, 2]; x - 1 lies in [-1, 0) on [0, 1) and vanishes at the end 1."""
    from verify.kernel import sturm

    x = Poly.var("x")
    f = facts(Q=Matrix.from_rows([[x * x - 2]]), L=Matrix.from_rows([[x - 1]]), R=Matrix.from_rows([[x, x]]),
              C=Matrix.from_rows([[x], [x]]), K=Matrix.from_rows([[F(-1, 2)]]))
    want = {  # (object, lo, hi, lo_closed, hi_closed): (positive, negative, nonzero)
        ("Q", 0, 1, True, True): (False, True, True), ("Q", 1, 2, True, True): (False, False, False),
        ("Q", "-1", "1/2", False, False): (False, True, True), ("Q", "3/2", "2", True, True): (True, False, True),
        ("L", 0, 1, True, False): (False, True, True), ("L", 0, 1, False, True): (False, False, False),
        ("L", "1/2", 1, True, True): (False, False, False), ("L", 1, "3", False, True): (True, False, True),
        ("K", "-5", "7/3", True, True): (False, True, True)}
    for (name, lo, hi, lc, hc), signs in want.items():
        for sign, expected in zip(("positive", "negative", "nonzero"), signs):
            atom = sturm._sign_on(sign)
            assert atom(f, [name, "x", lo, hi, lc, hc]) is expected, (name, lo, hi, lc, hc, sign)
            assert sturm.ATOMS[f"{sign}_on"](f, [name, "x", lo, hi, lc, hc]) is expected
    for sign in ("positive", "negative", "nonzero"):
        atom = sturm._sign_on(sign)
        shape_msg = f"{sign}_on takes [M (1 x 1), variable, lo, hi, lo_closed, hi_closed]"
        for arg in (("Q", "x", 0, 1, True, True), ["Q", "x", 0, 1, True], ["Q", "x", 0, 1, True, True, True],
                    ["R", "x", 0, 1, True, True], ["C", "x", 0, 1, True, True]):
            with pytest.raises(CertificateError) as e:
                atom(f, arg)
            assert (e.value.rule, e.value.message) == ("statement", shape_msg), arg
        for arg, rule, message in ((["Q", "x", "a", 1, True, True], "format", "lo: not an exact rational 'a'"),
                                   (["Q", "x", 0, "b", True, True], "format", "hi: not an exact rational 'b'"),
                                   (["Q", "x", 0, 1, True, 1], "sign_on",
                                    "needs rational ends lo < hi and boolean lo_closed, hi_closed"),
                                   (["Q", "x", 0, 1, None, True], "sign_on",
                                    "needs rational ends lo < hi and boolean lo_closed, hi_closed"),
                                   (["Q", "x", 1, 0, True, True], "sign_on",
                                    "needs rational ends lo < hi and boolean lo_closed, hi_closed"),
                                   (["Q", 7, 0, 1, True, True], "sign_on",
                                    "needs a variable name and a sign (positive|negative|nonzero)"),
                                   (["Q", "y", 0, 1, True, True], "sign_on", "polynomial has a variable other than 'y'"),
                                   (["Z", "x", 0, 1, True, True], "statement", "no problem object named 'Z'")):
            with pytest.raises(CertificateError) as e:
                atom(f, arg)
            assert (e.value.rule, e.value.message) == (rule, message), arg


# ======================================================================= statement.py, second round
def test_records_compare_part_by_part():
    """eq on records: the same names and every part equal (Kleene's and over the parts); other
    names, or a record against a number or a list, are unequal.  An interval part stays undecided."""
    f = facts(("rank_ge", "A", 1))
    rec = lambda **parts: {"record": parts}  # noqa: E731
    cases = [(rec(a=1, b="1/2"), rec(a=1, b="2/4"), True), (rec(a=1), rec(b=1), False), (rec(a=1), rec(a=1, b=1), False),
             (rec(a=1, b=2), rec(a=1, b=3), False), (rec(a=UNK), rec(a=1), UNKNOWN), (rec(a=UNK, b=0), rec(a=1, b=1), False),
             (rec(a=[1, 2]), rec(a=[1, 2]), True), (rec(a=rec(c=1)), rec(a=rec(c=1)), True),
             (rec(a=rec(c=1)), rec(a=rec(d=1)), False), (rec(), rec(), True),
             (rec(r={"rank": "A"}), rec(r={"rank": "A"}), UNKNOWN), (rec(r={"rank": "A"}), rec(r=0), False),
             (rec(a=1), 1, False), (1, rec(a=1), False), (rec(a=1), [1], False), ([1], rec(a=1), False)]
    for a, b, want in cases:
        assert evaluate({"eq": [a, b]}, f) is want, (a, b)
        assert evaluate({"ne": [a, b]}, f) is (UNKNOWN if want is UNKNOWN else not want), (a, b)


def test_solvable_atoms_built_at_test_time():
    """`ATOMS["solvable"]` and `["solution"]` are `_solvable(False)` and `_solvable(True)`, built
    at import; the factory is called here, where mutmut can switch its mutants on."""
    from verify.kernel import statement as st

    A, b, c = Matrix.from_rows([[1, 1]]), Matrix.from_rows([[2]]), Matrix.from_rows([[3]])
    x = Matrix.from_rows([[2], [0]])
    f = facts(("solvable", "A", "b", True, x), ("solvable", "A", "c", False, None), A=A, b=b, c=c)
    solvable, solution = st._solvable(False), st._solvable(True)
    assert solvable(f, ["A", "b"]) is True and solution(f, ["A", "b"]) == x
    assert solvable(f, ["A", "c"]) is False and solution(f, ["A", "c"]) is None
    assert solvable(f, ["b", "A"]) is UNKNOWN and solution(f, ["c", "A"]) is UNKNOWN
    with pytest.raises(CertificateError) as e:
        solution(f, ["A"])
    assert (e.value.rule, e.value.message) == ("statement", "solvable / solution take [A, b], got ['A']")
    with pytest.raises(CertificateError) as e:
        f.add(("solvable", "A", "b", False, None))
    assert (e.value.rule, e.value.message) == ("solve", "A x = b both solvable and inconsistent")


def test_statement_messages_word_for_word():
    import re

    f = facts()
    for expr, msg in (({"record": [1]}, "record takes a mapping"), ({"eq": [1]}, "'eq' takes two arguments"),
                      ({"and": 1}, "'and' takes a list")):
        assert rejected(expr, f, match=re.escape(msg)) == msg
    for st, msg in ((statement(True, "bogus"), "bad polarity or quantifier"),
                    (statement(None, "refuted"), "a polarity or quantifier needs a predicate"),
                    (statement(None, None, "forall"), "a polarity or quantifier needs a predicate"),
                    (dict(statement(True), report=[]), "report must be a mapping and value_holds a boolean"),
                    (dict(statement(True), value_holds=1), "report must be a mapping and value_holds a boolean")):
        with pytest.raises(CertificateError) as e:
            validate_statement(st)
        assert (e.value.rule, e.value.message) == ("statement", msg), st


def test_det_fraction_facts_are_recorded_and_must_agree():
    frac = (t * t - 1, t - 1, 1, t + 1)                           # (S, D, P, Q): D / S = P / Q
    f = facts(("det_fraction", "A", frac))
    assert f.values[("det_fraction", "A")] == frac
    f.add(("det_fraction", "A", frac))                            # the same fact again
    with pytest.raises(CertificateError) as e:
        f.add(("det_fraction", "A", (t * t - 1, t + 1, 1, t - 1)))
    assert (e.value.rule, e.value.message) == ("det_fraction", "contradictory facts for A")


def test_unknown_is_no_python_truth_value():
    assert repr(UNKNOWN) == "UNKNOWN"
    with pytest.raises(TypeError) as e:
        bool(UNKNOWN)
    assert str(e.value) == "UNKNOWN has no truth value in Python; use the three-valued connectives"


def test_exact_and_poly_messages_word_for_word():
    from verify.kernel.exact import decode_entry, norm

    with pytest.raises(CertificateError) as e:
        decode_entry({"poly": [["a", {"x": 1}]]}, "M entry (0, 1)")
    assert (e.value.rule, e.value.message) == ("format", "M entry (0, 1): not an exact rational 'a'")
    with pytest.raises(TypeError) as e:
        norm(False)
    assert str(e.value) == "a boolean is not an exact number"
    with pytest.raises(ValueError) as e:
        Poly.var("x") ** -2
    assert str(e.value) == "powers of polynomials take non-negative integer exponents"


# ============================================================ rejection messages, word for word
def test_rule_rejections_word_for_word():
    """The message of each rejection is the rule's text, whole (a verdict never depends on it, but
    a reader of the report does)."""
    x = Poly.var("x")
    A = Matrix.from_rows([[0, 1, 0], [1, 0, 0], [0, 0, 3]])
    db = {"rule": "detbool", "matrix": "A", "value": 1, "matching": [1, 0, 2]}
    S = Matrix.from_rows([[1, 2], [2, 4], [0, 0]])
    sobjs = {"A": S, "b": Matrix.from_rows([[3], [6], [0]]), "c": Matrix.from_rows([[3], [7], [0]])}
    inc = {"rule": "inconsistent", "matrix": "A", "rhs": "c", "y": ENC(Matrix.from_rows([[2], [-1], [0]]))}
    D2, I2 = Matrix.from_rows([[1, 0], [0, -1]]), [[1, 0], [0, 1]]
    for ob, objs, rule, message in (
            (dict(db, matrix="W"), {"W": Matrix.from_rows([[1, 1]])}, "detbool", "matrix is not square"),
            (dict(db, matching=[1, 0]), {"A": A}, "detbool", "matching must give a column for every row"),
            (dict(inc, rhs="b"), sobjs, "inconsistent", "y^T rhs == 0"),
            (dict(inc, y=ENC(Matrix.from_rows([[1], [0], [0]]))), sobjs, "inconsistent", "y^T M != 0"),
            ({"rule": "solve", "matrix": "A", "rhs": "c", "x": ENC(Matrix.from_rows([[1], [1]]))}, sobjs, "solve",
             "M x != rhs"),
            (dict(INERTIA, L=ENC(Matrix.from_rows([[1, 0], [2, 1]]))), {"A": A3}, "inertia", "L and D must be rational n x n"),
            (dict(INERTIA, blocks=[3]), {"A": A3}, "inertia", "blocks must be sizes 1 or 2 summing to n"),
            (dict(INERTIA, blocks=[1, 1, 1]), {"A": A3}, "inertia", "D has entries outside its diagonal blocks"),
            (INERTIA, {"A": Matrix.from_rows([[x, 0], [0, 1]])}, "inertia", "matrix must be square and rational"),
            (dict(INERTIA, perm=[0, 1, 2]), {"A": A3}, "inertia", "P^T M P != L D L^T"),
            (INERTIA, {"A": Matrix.from_rows([[1, 0, 1], [0, 1, 0], [0, 0, 1]])}, "inertia", "matrix is not symmetric"),
            (dict(INERTIA, perm=[2, 0, 0]), {"A": A3}, "inertia", "perm is not a permutation of 0..n-1"),
            (congruence_ob(I2, [3], [1, 1, 0]), {"A": D2}, "inertia", "blocks must be sizes 1 or 2 summing to n"),
            (dict(congruence_ob(I2, [1, 1], [1, 1, 0]), U=ENC(Matrix.from_rows([[1, 0]]))), {"A": D2}, "inertia",
             "U must be an n x n integer matrix")):
        assert ob_rejected(ob, objs, rule, None).message == message, (ob, message)
    from verify.kernel.rules import det_exact

    for M, message in ((Matrix.from_rows([[1, 2]]), "matrix is not square"),
                       (Matrix.from_rows([[x if i == j else 0 for j in range(13)] for i in range(13)]),
                        "polynomial determinant beyond 12 x 12 is not re-checked")):
        with pytest.raises(CertificateError) as e:
            det_exact(M)
        assert (e.value.rule, e.value.message) == ("det", message)


@pytest.mark.parametrize("path, value, rule, message", [
    (("objects",), [], "objects", "the certificate lists no problem objects"),
    (("obligations",), {"0": GE}, "format", "obligations must be a list"),
    (("conclusion",), _DEL, "conclusion", "missing conclusion"),
    (("conclusion", "value"), {"rank": 2}, "conclusion", "the certificate's value differs from the one the facts give"),
])
def test_check_rejections_word_for_word(path, value, rule, message):
    with pytest.raises(CertificateError) as e:
        check(rank_problem(), _edit(path, value))
    assert (e.value.rule, e.value.message) == (rule, message)


def test_int_array_matrix_refuses_other_arrays_word_for_word():
    import numpy as np

    from verify.kernel.arrays import IntArrayMatrix

    for arr in (np.zeros(3, dtype=np.int64), np.zeros((2, 2), dtype=np.int32), np.zeros((1, 1))):
        with pytest.raises(ValueError) as e:
            IntArrayMatrix(arr)
        assert str(e.value) == "IntArrayMatrix needs a 2-D int64 array"


def test_decimal_text_of_an_enclosure_by_hand():
    """logdet._decimal: sign, whole part, 6 decimals truncated toward zero."""
    from verify.kernel.logdet import _decimal

    for q, text in ((F(1, 3), "0.333333"), (F(-1, 3), "-0.333333"), (F(0), "0.000000"), (F(1, 2), "0.500000"),
                    (F(-7, 2), "-3.500000"), (F(22, 7), "3.142857"), (F(5), "5.000000"), (F(-1, 8), "-0.125000"),
                    (F(2, 3), "0.666666")):
        assert _decimal(q) == text, q
    assert _decimal(F(1, 3), 2) == "0.33"


def test_minor_check_of_rules_under_the_callers_rule():
    import numpy as np

    from verify.kernel.arrays import IntArrayMatrix
    from verify.kernel.rules import _minor_nonzero

    for M in (Matrix.from_rows([[1, 0], [0, 1]]), IntArrayMatrix(np.eye(2, dtype=np.int64))):
        with pytest.raises(CertificateError) as e:
            _minor_nonzero(M, [0, 1], [0], 5, "rank_le")
        assert (e.value.rule, e.value.message) == ("rank_le", "rows and cols differ in length")
        _minor_nonzero(M, [0, 1], [1, 0], 5, "rank_le")
    with pytest.raises(CertificateError) as e:                       # det [[2, 4], [1, 2]] = 0
        _minor_nonzero(IntArrayMatrix(np.array([[2, 4], [1, 2]], dtype=np.int64)), [0, 1], [0, 1], 5, "rank_le")
    assert (e.value.rule, e.value.message) == ("rank_le", "the 2 x 2 minor is singular mod 5")


# ============================================================================== ratfunc.py
def _frac_ob(**kw):
    t = Poly.var("t")
    ob = {"rule": "det_fraction", "matrix": "N", "scale": _enc(t * t - 1), "det": _enc(t - 1), "num": 1,
          "den": _enc(t + 1), "gcd": _enc(t - 1)}
    ob.update(kw)
    return ob


def _enc(x):
    from verify.kernel.exact import encode_entry

    return encode_entry(x)


def test_det_fraction_rule_by_hand():
    """D / S = P / Q by D == P G and S == Q G, G != 0, S != 0: here (t - 1) / (t^2 - 1) = 1 / (t + 1)
    with G = t - 1, and 4 / 6 = 2 / 3 with G = 2."""
    from verify.kernel.ratfunc import check_det_fraction

    t = Poly.var("t")
    objs = {"N": Matrix.from_rows([[t]])}
    assert check_det_fraction(_frac_ob(), objs) == ("det_fraction", "N", (t * t - 1, t - 1, 1, t + 1))
    assert check_det_fraction(_frac_ob(scale=6, det=4, num=2, den=3, gcd=2), objs) == ("det_fraction", "N", (6, 4, 2, 3))
    assert check_det_fraction(_frac_ob(scale=6, det=4, num="4/3", den=2, gcd=3), objs)[2] == (6, 4, F(4, 3), 2)
    for change, rule, message in (
            (dict(num=2), "det_fraction", "num * gcd != det"), (dict(num=_enc(t)), "det_fraction", "num * gcd != det"),
            (dict(den=_enc(t - 1)), "det_fraction", "den * gcd != scale"), (dict(den=1), "det_fraction", "den * gcd != scale"),
            (dict(scale=0, den=0), "det_fraction", "the scale or the common factor is zero"),
            (dict(gcd=0, det=0, scale=0, den=0), "det_fraction", "the scale or the common factor is zero"),
            (dict(gcd=0, det=0), "det_fraction", "the scale or the common factor is zero"),
            (dict(matrix="Z"), "det_fraction", "no problem object named 'Z'"),
            (dict(matrix=["N"]), "det_fraction", "no problem object named ['N']"),
            (dict(scale="s"), "format", "scale: not an exact rational 's'"), (dict(det="d"), "format", "det: not an exact rational 'd'"),
            (dict(num="p"), "format", "num: not an exact rational 'p'"), (dict(den="q"), "format", "den: not an exact rational 'q'"),
            (dict(gcd="g"), "format", "gcd: not an exact rational 'g'")):
        with pytest.raises(CertificateError) as e:
            check_det_fraction(_frac_ob(**change), objs)
        assert (e.value.rule, e.value.message) == (rule, message), change
    ob = _frac_ob()
    del ob["matrix"]
    with pytest.raises(CertificateError) as e:
        check_det_fraction(ob, objs)
    assert (e.value.rule, e.value.message) == ("det_fraction", "no problem object named None")


def test_fraction_text_by_hand():
    from verify.kernel.ratfunc import fraction_text

    t, y, x1 = Poly.var("t"), Poly.var("y"), Poly.var("x_1")
    for P, Q, text in ((2 * t, 4, "1/2*t"), (3, 6, "1/2"), (-4, 2, "-2"), (t, 1, "t"), (0, t + 1, "0"), (0, 5, "0"),
                       (t * 0, t, "0"), (t, t + 1, "t/(t + 1)"), (-t, t + 1, "-t/(t + 1)"), (t - 1, t, "(t - 1)/t"),
                       (2 * t, t * t, "2*t/t^2"), (-2, t, "-2/t"), (F(1, 2), t, "(1/2)/t"), (F(-1, 2), t, "(-1/2)/t"),
                       (t, -t, "t/(-t)"), (x1, y, "x_1/y"), (t * y, -3 * t, "t*y/(-3*t)"), (-t * y, t + y, "-t*y/(t + y)")):
        assert fraction_text(P, Q) == text, (P, Q)


def test_det_fraction_atom_by_hand():
    from verify.kernel.ratfunc import _det_fraction

    t = Poly.var("t")
    N = Matrix.from_rows([[t, 1], [1, t]])                            # det N = t^2 - 1
    S = t * t + t                                                     # (t^2 - 1) / (t^2 + t) = (t - 1) / t
    f = facts(("det", "N", t * t - 1), ("det_fraction", "N", (S, t * t - 1, t - 1, t)), N=N)
    assert _det_fraction(f, ["N", _enc(S)]) == "(t - 1)/t"
    assert _det_fraction(f, ["N", 2]) == "1/2*t^2 - 1/2"              # another S: D / S as it stands
    g = facts(("det", "N", t * t - 1), ("det_fraction", "N", (S, t * t, t - 1, t)), N=N)   # another D: not used
    assert _det_fraction(g, ["N", _enc(S)]) == "(t^2 - 1)/(t^2 + t)"
    assert _det_fraction(facts(("rank_le", "N", 1, None), N=N), ["N", _enc(S)]) == "0"      # rank 1 < 2: det 0
    h = facts(N=N)
    assert _det_fraction(h, ["N", 1]) is UNKNOWN and h.undecided == ["no checked determinant of N"]
    R = Matrix.from_rows([[t, 1]])                                    # not square: no determinant from a rank
    r = facts(("rank_le", "R", 0, None), R=R)
    assert _det_fraction(r, ["R", 1]) is UNKNOWN and r.undecided == ["no checked determinant of R"]
    for arg, rule, message in ((["N"], "statement", "det_fraction takes [N, S], got ['N']"),
                               ("N", "statement", "det_fraction takes [N, S], got 'N'"),
                               (["N", 1, 2], "statement", "det_fraction takes [N, S], got ['N', 1, 2]"),
                               (["N", "s"], "format", "statement literal: not an exact rational 's'"),
                               (["Z", 1], "statement", "no problem object named 'Z'")):
        with pytest.raises(CertificateError) as e:
            _det_fraction(f, arg)
        assert (e.value.rule, e.value.message) == (rule, message), arg
