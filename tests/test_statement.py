"""The kernel's statement language: three-valued, facts read only from checked obligations, the
quantifiers and polarities of `judge`, and every operator on hand-computed examples."""

from fractions import Fraction as F

import pytest

from verify.checks.base import make_statement
from verify.errors import CertificateError
from verify.kernel.exact import Matrix, encode_matrix
from verify.kernel.poly import Poly
from verify.kernel.statement import UNKNOWN, Facts, Interval, evaluate, judge, to_json

P = 1_000_003
M = Matrix.from_rows([[1, 2, 3], [2, 4, 6], [1, 0, 1]])  # rank 2
t = Poly.var("t")


def facts(*fs, **objects):
    f = Facts(objects or {"M": M})
    for x in fs:
        f.add(x)
    return f


def test_rank_is_an_interval_until_both_bounds_meet():
    assert evaluate({"rank": "M"}, facts()) == Interval(0, 3)
    assert evaluate({"rank": "M"}, facts(("rank_ge", "M", 2))) == Interval(2, 3)
    assert evaluate({"rank": "M"}, facts(("rank_ge", "M", 2), ("rank_le", "M", 2, None))) == 2
    with pytest.raises(CertificateError, match="contradictory"):
        evaluate({"rank": "M"}, facts(("rank_ge", "M", 3), ("rank_le", "M", 2, None)))


@pytest.mark.parametrize("expr, lb, ub, want", [
    ({"ge": [{"rank": "M"}, 2]}, 2, 3, True),
    ({"ge": [{"rank": "M"}, 3]}, 2, 3, UNKNOWN),
    ({"ge": [{"rank": "M"}, 3]}, 0, 2, False),
    ({"eq": [{"rank": "M"}, 2]}, 2, 3, UNKNOWN),
    ({"eq": [{"rank": "M"}, 2]}, 2, 2, True),
    ({"ne": [{"rank": "M"}, 3]}, 0, 2, True),
    ({"lt": [{"rank": "M"}, 3]}, 0, 2, True),
    ({"le": [{"rank": "M"}, 1]}, 2, 3, False),
    ({"gt": [{"rank": "M"}, 1]}, 2, 3, True),
    ({"gt": [{"rank": "M"}, 2]}, 2, 3, UNKNOWN),
])
def test_comparisons_on_intervals(expr, lb, ub, want):
    f = facts(("rank_ge", "M", lb), ("rank_le", "M", ub, None))
    assert evaluate(expr, f) is want


def test_kleene_connectives():
    T, Fa, U = True, False, {"ge": [{"rank": "M"}, 3]}  # U is unknown without facts
    f = facts()
    assert evaluate({"and": [T, U]}, f) is UNKNOWN
    assert evaluate({"and": [Fa, U]}, f) is False
    assert evaluate({"or": [T, U]}, f) is True
    assert evaluate({"or": [Fa, U]}, f) is UNKNOWN
    assert evaluate({"not": U}, f) is UNKNOWN
    assert evaluate({"implies": [Fa, U]}, f) is True    # a false hypothesis decides
    assert evaluate({"implies": [U, T]}, f) is True     # a true conclusion decides
    assert evaluate({"implies": [U, Fa]}, f) is UNKNOWN  # an unknown hypothesis is never read as false
    with pytest.raises(CertificateError, match="true or false"):
        evaluate({"and": [1, T]}, f)


def test_interval_arithmetic():
    f = facts(("rank_ge", "M", 1))  # rank in 1..3
    assert evaluate({"add": [{"rank": "M"}, 1]}, f) == Interval(2, 4)
    assert evaluate({"sub": [5, {"rank": "M"}]}, f) == Interval(2, 4)
    assert evaluate({"mul": [{"rank": "M"}, -2]}, f) == Interval(-6, -2)
    assert evaluate({"min": [{"rank": "M"}, 2]}, f) == Interval(1, 2)
    assert evaluate({"max": [{"rank": "M"}, 2]}, f) == Interval(2, 3)
    assert evaluate({"div": [{"rank": "M"}, 2]}, f) == Interval(F(1, 2), F(3, 2))
    assert evaluate({"mul": [{"rank": "M"}, 0]}, f) == 0


def test_exact_arithmetic_and_direct_atoms():
    A = Matrix.from_rows([[F(1, 2), t], [0, 1]])
    f = Facts({"A": A, "B": A, "Z": Matrix.from_rows([[0, 0]])})
    assert evaluate({"add": ["1/3", "1/6"]}, f) == F(1, 2)
    assert evaluate({"entry": ["A", 0, 1]}, f) == t
    assert evaluate({"mul": [{"entry": ["A", 0, 1]}, 2]}, f) == 2 * t
    assert evaluate({"equal": ["A", "B"]}, f) is True
    assert evaluate({"is_zero": "Z"}, f) is True
    assert evaluate({"nrows": "Z"}, f) == 1 and evaluate({"ncols": "Z"}, f) == 2
    assert evaluate({"text": {"entry": ["A", 0, 0]}}, f) == "1/2"
    assert evaluate({"eq": [{"entry": ["A", 0, 1]}, {"poly": [[1, {"t": 1}]]}]}, f) is True
    with pytest.raises(CertificateError):
        evaluate({"entry": ["A", 2, 0]}, f)
    with pytest.raises(CertificateError, match="no problem object"):
        evaluate({"rank": "nowhere"}, f)
    with pytest.raises(CertificateError, match="unknown operator"):
        evaluate({"fact": "any label"}, f)  # free labels are gone


def test_value_facts():
    f = facts(("det", "M", 0), ("inertia", "M", (1, 1, 1)), ("detbool", "M", 1))
    assert evaluate({"det": "M"}, f) == 0
    assert evaluate({"det_nonzero": "M"}, f) is False
    assert evaluate({"inertia": "M"}, f) == [1, 1, 1]
    assert evaluate({"index": [{"inertia": "M"}, 2]}, f) == 1
    assert evaluate({"detbool": "M"}, f) == 1
    empty = facts()
    for atom in ({"det": "M"}, {"det_nonzero": "M"}, {"inertia": "M"}, {"detbool": "M"}, {"solvable": ["M", "M"]}):
        assert evaluate(atom, empty) is UNKNOWN, atom
    # a rank bound settles det != 0 and det = 0
    assert evaluate({"det_nonzero": "M"}, facts(("rank_le", "M", 2, None))) is False
    assert evaluate({"det": "M"}, facts(("rank_le", "M", 2, None))) == 0
    with pytest.raises(CertificateError, match="contradictory"):
        facts(("det", "M", 0), ("det", "M", 1))


def test_kernel_basis_only_when_it_spans_the_kernel():
    N = Matrix.from_rows([[-1], [-1], [1]])
    assert evaluate({"kernel_basis": "M"}, facts(("rank_le", "M", 2, N))) is UNKNOWN  # rank >= 2 not known
    assert evaluate({"kernel_basis": "M"}, facts(("rank_ge", "M", 2), ("rank_le", "M", 2, N))) == N
    full = Matrix.from_rows([[1, 0], [0, 1]])
    assert evaluate({"kernel_basis": "I"}, facts(("rank_ge", "I", 2), I=full)).shape == (2, 0)


def test_sign_atoms_decided_by_sturm():
    f = Facts({"p": Matrix.from_rows([[t * t - 2]]), "q": Matrix.from_rows([[t * (t - 1)]])})
    assert evaluate({"positive_on": ["p", "t", 2, 3, True, True]}, f) is True
    assert evaluate({"positive_on": ["p", "t", 1, 2, True, True]}, f) is False   # a root at sqrt 2
    assert evaluate({"negative_on": ["p", "t", -1, 1, True, True]}, f) is True
    assert evaluate({"negative_on": ["q", "t", 0, 1, False, False]}, f) is True  # roots at the open ends
    assert evaluate({"negative_on": ["q", "t", 0, 1, True, False]}, f) is False  # a closed end that is a root
    assert evaluate({"nonzero_on": ["q", "t", "1/2", 2, True, True]}, f) is False


def st(pred, polarity="confirmed", quantifier=None, report=None):
    return make_statement(pred, polarity=polarity, quantifier=quantifier, report=report or {}, value_holds=True)


def test_judge_polarity_and_quantifiers():
    decided = facts(("rank_ge", "M", 2), ("rank_le", "M", 2, None))
    TRUE, FALSE, OPEN = {"eq": [{"rank": "M"}, 2]}, {"eq": [{"rank": "M"}, 3]}, {"ge": [{"rank": "M"}, 3]}
    assert judge(st(TRUE), decided)[1] == "CONFIRMED"
    assert judge(st(FALSE), decided)[1] == "REFUTED"
    assert judge(st(TRUE, "refuted"), decided)[1] == "REFUTED"
    assert judge(st(OPEN), facts(("rank_ge", "M", 2)))[1] == "UNKNOWN"
    # exists: only a true witness counts; forall: only a false one
    assert judge(st(TRUE, quantifier="exists"), decided)[1] == "CONFIRMED"
    assert judge(st(FALSE, quantifier="exists"), decided)[1] == "UNKNOWN"
    assert judge(st(FALSE, quantifier="forall"), decided)[1] == "REFUTED"
    assert judge(st(TRUE, quantifier="forall"), decided)[1] == "UNKNOWN"
    # no polarity: COMPUTED only when every reported value is exact
    assert judge(make_statement(None, report={"rank": {"rank": "M"}}), decided)[:2] == ({"rank": 2}, "COMPUTED")
    value, verdict, _, reasons = judge(make_statement(None, report={"rank": {"rank": "M"}}), facts(("rank_ge", "M", 2)))
    assert verdict == "UNKNOWN" and value == {"rank": {"at_least": 2, "at_most": 3}}
    assert reasons == ["rank of M certified only within 2..3"]


def test_statement_shape_is_validated():
    with pytest.raises(CertificateError):
        judge({"predicate": True}, facts())
    bad = st(True)
    bad["quantifier"] = "most"
    with pytest.raises(CertificateError):
        judge(bad, facts())


def test_to_json():
    assert to_json(Interval(1, 2)) == {"at_least": 1, "at_most": 2}
    assert to_json([F(1, 2), True, UNKNOWN]) == ["1/2", True, None]
    assert to_json(M) == encode_matrix(M)
    assert to_json(t) == {"poly": [[1, {"t": 1}]]}


def test_undecided_is_unknown_whatever_the_facts():
    f = facts(("rank_ge", "M", 2), ("rank_le", "M", 2, None))
    assert evaluate({"undecided": "a limit"}, f) is UNKNOWN and "a limit" in f.undecided
    assert judge(st({"and": [True, {"undecided": "a limit"}]}), f)[1] == "UNKNOWN"
    assert judge(st({"or": [True, {"undecided": "a limit"}]}), f)[1] == "CONFIRMED"
