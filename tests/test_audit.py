"""Outside review (issue 10, "Soundness"), second round: forged certificates and problem files.

Findings (what was tried, what was found; severity; the test below that pins it):

Tried, and rejected or harmless (no test added beyond the existing forgery suites): every JSON field
of real certificates of every check kind and claim family replaced by null, [], {}, -1, 0, 2^70,
true/false, 0 x 0 / negative-shape matrices, polynomials with exponent 0, "1/0", NaN, 1e308 (about
1,900 mutants, auto and embedded problem, with and without a re-hashed embedded problem: no
traceback, no changed verdict); obligations of every rule with wrong sides, shapes, indices,
non-primes, primes beyond the Miller-Rabin range, bool-as-int, float fields, duplicate and
contradictory facts; witnesses on claims and check kinds that take none; embedded problems with
file forms, floats, sweeps, huge `zeros` / `random` shapes; case paths outside the root and through
links; the `verify check` import graph (no engine, proof or pipeline module is imported for any
shipped certificate kind).  The kernel rules, the statement language, Sturm, the log enclosures and
the congruence form were read line by line against their lemmas: no unsound step was found.

Found:
1. hang: an exact rational *string* in a certificate ("p/q") had no digit limit (JSON integers
   are limited to 10^6 digits, strings were not), and Python 3.11 converts decimal text to int in
   quadratic time: a 4-million-digit value took 74 s to read, a 40 MB certificate hours (`verify
   check` stopped it only by its timeout; `python -m verify.kernel` has none).  Fix: the kernel's
   decoder refuses a numerator or denominator of more than 10^6 digits.
2. hang: `python -m verify.kernel PROBLEM.json CERT.json` read JSON with no integer digit limit at
   all (importing the kernel lifts Python's) and accepted NaN / Infinity tokens.  Fix: its reader
   refuses integers of more than 10^6 digits and the non-JSON constants (UNREADABLE, exit 2).
3. cosmetic (false value text accepted): the certificate's conclusion was compared with the derived
   one by Python equality, so `{"rank": true}` for rank 1, `{"rank": 2.0}`, `{"holds": 1}` or an
   inertia `[2.0, 0, 1]` were ACCEPTED; `verify report` and the LaTeX appendix print the
   certificate's own conclusion.  Fix: the comparison distinguishes JSON types (bool, int, float).
4. policy (data read from outside the case tree): the network check kinds read `{file: .npy|.npz}`
   data with `os.path.join(base_dir, name)` and no containment check, so `../x.npy`, an absolute
   path or a link out of the tree was read (the loader's own readers refuse all three).  Fix:
   `checks/_network.read_numpy` resolves through `cases.sources.data_file_path`.
5. hang: a polynomial evaluated at a certificate's `point` (rank_ge / rank_le on a polynomial
   matrix or basis) was computed exactly whatever its size: a basis entry y^99999 at a 100-digit y
   took 20 s to evaluate, at 10^4 digits minutes, for a certificate of a few hundred bytes.  Fix: a
   term whose value would exceed 2^20 bits (sum of exponent times coordinate size) is refused
   (the shipped certificates' largest term has 42 bits).
6. false value accepted: a `rank_le` basis or a `solve` solution could use a variable the problem
   does not have: for M = [1 1 1] a "basis" z * N (M z N = 0 identically, a 2-minor nonzero at
   z = 1) was accepted and reported as the kernel basis of a rational matrix; a solution
   (z, 2 - z) of x1 + x2 = 2 likewise (the verdicts were right, the reported values were not
   over the problem's field).  Fix: both rules refuse variables outside the problem's.
7. ambiguity (cosmetic): a repeated JSON key (two `conclusion`s, two `value`s in an obligation) was
   read as the last one, while other JSON readers take the first.  Fix: `verify check` and the
   kernel CLI refuse repeated keys (UNREADABLE).
8. contract (cosmetic): a certificate with a `witness` for a check kind whose statement quantifies
   over none (rank, determinant, inertia, solve, ...) was ACCEPTED with the witness silently
   ignored; CONTRACTS.md says it is rejected.  Fix: `problem.build_problem` rejects it unless the
   check kind declares `TAKES_WITNESS` (claim, network_critical_point).
9. false verdict accepted (statement language): `eq` / `ne` on two records fell back to Python's
   ==, under which two equal-looking intervals (Interval(1, 2) == Interval(1, 2)) and two UNKNOWNs
   are equal, so {eq: [{record: {r: rank A}}, {record: {r: rank B}}]} was CONFIRMED with ranks 2
   and 1 known only to lie in [1, 2] (a PROBLEM.json of `python -m verify.kernel` can state it; no
   shipped statement compares records).  Fix: records are compared part by part (Kleene).
10. false verdict accepted (statement language, latent): `eq` between a truth value and a number
   used Python's ==, where False == 0 and True == 1: {eq: [{is_zero: B}, 0]} was CONFIRMED for a
   nonzero B.  Fix: a truth value equals only a truth value.
11. false verdict possible (latent): an IntArrayMatrix compared with == by content hash, and a
   Matrix holding integers as Fraction(n, 1) (as the Giannou network builders make them) hashes by
   its text form, so equal matrices were unequal for the statement atom `equal`.  Fix:
   `IntArrayMatrix.__eq__` compares entries with a Matrix.  (Open: the content hash itself depends
   on that representation; normalising would change the hashes of existing certificates.)

Open (reported, not fixed): the size limit a certificate records (`limits.max_entries`) and an
embedded case's own `limits` are honoured without bound, so a standalone certificate can make
`verify check --problem embedded` build an arbitrarily large matrix (MemoryError, or the OOM killer
on a machine that overcommits) before its timeout; a cap at the checking machine's memory would
refuse legitimately raised limits, which is the lead's call.  Decimal text of up to 10^6 digits
still takes about 4 s per number to convert (Python 3.11), so a large certificate of many such
numbers is slow in proportion to its size; `verify check --timeout` bounds it.
"""

import json
from fractions import Fraction
import subprocess
import sys

import pytest

from verify.checks.base import make_statement
from verify.errors import CertificateError
from verify.kernel.check import check, derive
from verify.kernel.exact import Matrix, decode_entry


def _problem(rows, predicate=None, report=None, polarity="confirmed"):
    M = Matrix.from_rows(rows)
    return {"objects": {"M": M}, "statement": make_statement(predicate, polarity=polarity, report=report)}


def _cert(problem, obligations):
    objs = {n: {"shape": [M.nrows, M.ncols], "sha256": M.content_hash()} for n, M in problem["objects"].items()}
    out = derive(problem, obligations)
    return {"format": "verify-certificate/2", "objects": objs, "obligations": obligations,
            "conclusion": {"value": out["value"], "verdict": out["verdict"]}}


RANK2 = ([[1, 0], [0, 1]], {"eq": [{"rank": "M"}, 2]}, {"rank": {"rank": "M"}})
RANK2_OBS = [{"rule": "rank_ge", "matrix": "M", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": 101}]


def test_the_honest_certificates_of_these_tests_are_accepted():
    p = _problem(*RANK2)
    assert check(p, _cert(p, RANK2_OBS))["verdict"] == "CONFIRMED"
    p = _problem([[2]], {"eq": [{"det": "M"}, 2]})
    assert check(p, _cert(p, [{"rule": "det", "matrix": "M", "value": "2"}]))["verdict"] == "CONFIRMED"


# ------------------------------------------------------------------ 1. digit limit of rational strings
def test_a_rational_string_beyond_the_digit_limit_is_refused_before_conversion():
    with pytest.raises(CertificateError, match="digits"):
        decode_entry("1" * 1_000_002)
    with pytest.raises(CertificateError, match="digits"):
        decode_entry("1/" + "3" * 1_000_002)
    assert decode_entry("-" + "7" * 1000 + "/" + "9" * 1000) == -Fraction(int("7" * 1000), int("9" * 1000))
    assert decode_entry("12/8") == decode_entry("3/2")


def test_a_certificate_with_a_huge_string_value_is_rejected_naming_the_limit():
    p = _problem([[2]], {"eq": [{"det": "M"}, 2]})
    cert = _cert(p, [{"rule": "det", "matrix": "M", "value": "2"}])
    cert["obligations"][0]["value"] = "2" + "0" * 1_000_001
    with pytest.raises(CertificateError, match="digits"):
        check(p, cert)


# ------------------------------------------------------------------ 2. python -m verify.kernel reader
def _kernel_cli(tmp_path, problem_text, cert_text):
    (tmp_path / "p.json").write_text(problem_text)
    (tmp_path / "c.json").write_text(cert_text)
    return subprocess.run([sys.executable, "-m", "verify.kernel", str(tmp_path / "p.json"), str(tmp_path / "c.json")],
                          capture_output=True, text=True, timeout=300)


def _kernel_problem_json(rows):
    return json.dumps({"objects": {"M": {"shape": [len(rows), len(rows[0])], "rows": rows}},
                       "statement": make_statement({"eq": [{"det": "M"}, 2]}, polarity="confirmed")})


def test_kernel_cli_refuses_integers_beyond_the_digit_limit(tmp_path):
    p = _problem([[2]], {"eq": [{"det": "M"}, 2]})
    cert = json.dumps(_cert(p, [{"rule": "det", "matrix": "M", "value": 2}]))
    ok = _kernel_cli(tmp_path, _kernel_problem_json([[2]]), cert)
    assert ok.returncode == 0 and ok.stdout.startswith("ACCEPTED: CONFIRMED"), ok.stdout + ok.stderr
    big = cert.replace('"value": 2}', '"value": 2' + "0" * 1_000_001 + "}")
    assert big != cert
    got = _kernel_cli(tmp_path, _kernel_problem_json([[2]]), big)
    assert got.returncode == 2 and got.stdout.startswith("UNREADABLE") and "digits" in got.stdout, got.stdout
    assert "Traceback" not in got.stderr


def test_kernel_cli_refuses_nan_and_infinity(tmp_path):
    p = _problem([[2]], {"eq": [{"det": "M"}, 2]})
    cert = json.dumps(_cert(p, [{"rule": "det", "matrix": "M", "value": 2}]))
    for token in ("NaN", "Infinity", "-Infinity"):
        got = _kernel_cli(tmp_path, _kernel_problem_json([[2]]), cert.replace('"value": 2}', f'"value": {token}}}'))
        assert got.returncode == 2 and got.stdout.startswith("UNREADABLE") and token.lstrip("-") in got.stdout, \
            got.stdout
        assert "Traceback" not in got.stderr


# ------------------------------------------------------------------ 3. the conclusion's JSON types
@pytest.mark.parametrize("forged", [{"rank": True}, {"rank": 2.0}, {"rank": "2"}])
def test_a_conclusion_value_of_another_json_type_is_rejected(forged):
    p = _problem(*RANK2)
    cert = _cert(p, RANK2_OBS)
    assert cert["conclusion"]["value"] == {"rank": 2}
    cert["conclusion"]["value"] = forged
    with pytest.raises(CertificateError, match="value"):
        check(p, cert)


def test_a_rank_one_conclusion_written_as_true_is_rejected():
    p = _problem([[1, 1], [1, 1]], {"eq": [{"rank": "M"}, 1]}, {"rank": {"rank": "M"}})
    obs = [{"rule": "rank_ge", "matrix": "M", "r": 1, "rows": [0], "cols": [0], "prime": 101},
           {"rule": "rank_le", "matrix": "M", "r": 1, "side": "right", "basis": {"shape": [2, 1], "rows": [[1], [-1]]},
            "basis_rows": [0], "basis_cols": [0], "prime": 101}]
    cert = _cert(p, obs)
    assert check(p, cert)["value"] == {"rank": 1}
    cert["conclusion"]["value"] = {"rank": True}
    with pytest.raises(CertificateError, match="value"):
        check(p, cert)


def test_inertia_and_holds_written_with_other_json_types_are_rejected():
    p = _problem([[1, 0], [0, 0]], {"eq": [{"inertia": "M"}, [1, 0, 1]]}, {"inertia": {"inertia": "M"}})
    p["statement"]["value_holds"] = True
    ob = {"rule": "inertia", "matrix": "M", "perm": [0, 1], "L": {"shape": [2, 2], "rows": [[1, 0], [0, 1]]},
          "D": {"shape": [2, 2], "rows": [[1, 0], [0, 0]]}, "blocks": [1, 1], "value": [1, 0, 1]}
    cert = _cert(p, [ob])
    assert check(p, cert)["value"] == {"inertia": [1, 0, 1], "holds": True}
    for forged in ({"inertia": [1.0, 0, 1], "holds": True}, {"inertia": [1, 0, 1], "holds": 1},
                   {"inertia": [True, False, True], "holds": True}):
        bad = json.loads(json.dumps(cert))
        bad["conclusion"]["value"] = forged
        with pytest.raises(CertificateError, match="value"):
            check(p, bad)


# ------------------------------------------------------------------ 4. network data files outside the tree
NET_CASE = """\
id: audit.net-outside
check: network_gradient
network:
  widths: [2, 1]
  layers:
    - {activation: linear, weight: [[1, 2]], bias: [[0]]}
data: {X: {file: PATH}, Y: [[0, 1]]}
"""


def _net_case(tmp_path, path):
    import numpy as np

    inner = tmp_path / "cases"
    inner.mkdir(exist_ok=True)
    np.save(tmp_path / "outside.npy", np.array([[0, 1], [1, 0]], dtype=np.int64))
    np.save(inner / "inside.npy", np.array([[0, 1], [1, 0]], dtype=np.int64))
    f = inner / "net.yaml"
    f.write_text(NET_CASE.replace("PATH", path))
    return f


def _build(f):
    from verify.cases import load_file
    from verify.problem import build_problem

    (case,) = load_file(str(f))
    return build_problem(case)


def test_network_data_inside_the_case_tree_is_read(tmp_path):
    objs = _build(_net_case(tmp_path, "inside.npy"))["objects"]
    assert objs["X"].rows == ((0, 1), (1, 0))


@pytest.mark.parametrize("how", ["dotdot", "absolute", "link"])
def test_network_data_files_outside_the_case_tree_are_an_error(tmp_path, how):
    import os

    from verify.errors import CaseError

    path = {"dotdot": "../outside.npy", "absolute": str(tmp_path / "outside.npy"), "link": "link.npy"}[how]
    f = _net_case(tmp_path, path)
    if how == "link":
        os.symlink(tmp_path / "outside.npy", tmp_path / "cases" / "link.npy")
    with pytest.raises(CaseError) as e:
        _build(f)
    assert "data.X" in str(e.value) and "outside" in str(e.value) and "audit.net-outside" in str(e.value)


# ------------------------------------------------------------------ 5. evaluation at a huge point
def _deficient_poly_problem():
    from verify.kernel.poly import Poly

    x, y = Poly.var("x"), Poly.var("y")
    M = Matrix.from_rows([[x, y], [x * y, y * y]])  # rank 1 over Q(x, y): row 2 = y * row 1
    return {"objects": {"M": M}, "statement": make_statement({"eq": [{"rank": "M"}, 1]}, polarity="confirmed",
                                                             report={"rank": {"rank": "M"}})}


def _poly(*terms):
    return {"poly": [[c, mono] for c, mono in terms]}


def _deficient_obligations(e, y, x=3):
    """rank M >= 1 (entry x) and rank M <= 1 (the kernel vector y^e * (y, -x))."""
    basis = {"shape": [2, 1], "rows": [[_poly((1, {"y": e + 1}))], [_poly((-1, {"x": 1, "y": e}))]]}
    point = {"x": x, "y": y}
    return [{"rule": "rank_ge", "matrix": "M", "r": 1, "rows": [0], "cols": [0], "prime": 101, "point": point},
            {"rule": "rank_le", "matrix": "M", "r": 1, "side": "right", "basis": basis, "basis_rows": [0],
             "basis_cols": [0], "prime": 101, "point": point}]


def test_a_polynomial_basis_at_a_small_point_is_accepted():
    p = _deficient_poly_problem()
    out = check(p, _cert(p, _deficient_obligations(7, 2)))
    assert out["verdict"] == "CONFIRMED" and out["value"] == {"rank": 1}


def test_a_point_that_makes_a_basis_term_huge_is_refused_before_evaluating():
    """y^100000 at a 100-digit y has 3.3e7 bits: evaluating it took 20 s (10,000 digits: minutes),
    for a certificate of a few hundred bytes.  It is refused, naming the bound."""
    from verify.kernel.rules import MAX_POINT_BITS

    p = _deficient_poly_problem()
    obs = _deficient_obligations(99_999, "3" * 100)
    cert = {**_cert(p, _deficient_obligations(7, 2)), "obligations": obs}
    with pytest.raises(CertificateError, match="RANK_LE: obligation 1.*bits"):
        check(p, cert)
    y_bits = int("3" * 100).bit_length() + 1
    assert y_bits * 100_000 > MAX_POINT_BITS > 164_096  # the largest term of the shipped certificates: 42 bits


def test_a_huge_coordinate_of_a_trusted_matrix_is_refused_too():
    p = _deficient_poly_problem()
    cert = _cert(p, _deficient_obligations(1, 2))
    cert["obligations"][0]["point"] = {"x": "7" * 400_000, "y": 2}  # x alone: 1.3e6 bits
    with pytest.raises(CertificateError, match="RANK_GE.*bits"):
        check(p, cert)


# ------------------------------------------------------------------ 6. foreign variables in reported values
def _nullspace_problem(rows):
    from verify.checks.base import R, sub

    M = Matrix.from_rows(rows)
    dim = sub({"ncols": "M"}, R("M"))
    return {"objects": {"M": M}, "statement": make_statement({"eq": [dim, M.ncols - 1]}, polarity="confirmed",
                                                             report={"dimension": dim, "basis": {"kernel_basis": "M"}})}


def _z(c):
    return _poly((c, {"z": 1}))


def test_an_honest_rational_kernel_basis_is_reported():
    p = _nullspace_problem([[1, 1, 1]])
    basis = {"shape": [3, 2], "rows": [[1, 0], [-1, 1], [0, -1]]}
    obs = [{"rule": "rank_ge", "matrix": "M", "r": 1, "rows": [0], "cols": [0], "prime": 101},
           {"rule": "rank_le", "matrix": "M", "r": 1, "side": "right", "basis": basis, "basis_rows": [0, 2],
            "basis_cols": [0, 1], "prime": 101}]
    out = check(p, _cert(p, obs))
    assert out["verdict"] == "CONFIRMED" and out["value"]["basis"] == basis


def test_a_kernel_basis_in_a_variable_the_matrix_does_not_have_is_rejected():
    """M = [1 1 1] is rational; N = z * (a rational basis) satisfies M N = 0 as polynomials and has a
    2-minor nonzero at z = 1, so rank M <= 1 is true, but the *reported* basis of the kernel over Q
    was the polynomial matrix z * N (ACCEPTED before the fix)."""
    p = _nullspace_problem([[1, 1, 1]])
    basis = {"shape": [3, 2], "rows": [[_z(1), 0], [_z(-1), 1], [0, -1]]}
    obs = [{"rule": "rank_ge", "matrix": "M", "r": 1, "rows": [0], "cols": [0], "prime": 101},
           {"rule": "rank_le", "matrix": "M", "r": 1, "side": "right", "basis": basis, "basis_rows": [0, 2],
            "basis_cols": [0, 1], "prime": 101, "point": {"z": 1}}]
    with pytest.raises(CertificateError, match="RANK_LE: obligation 1.*variable"):
        check(p, _cert(p, obs[:1]) | {"obligations": obs, "conclusion": {"verdict": "CONFIRMED", "value": {
            "dimension": 2, "basis": basis}}})


def test_a_polynomial_kernel_basis_may_use_the_matrix_variables():
    from verify.kernel.poly import Poly

    x = Poly.var("x")
    p = _nullspace_problem([[x, 1]])
    basis = {"shape": [2, 1], "rows": [[1], [_poly((-1, {"x": 1}))]]}
    obs = [{"rule": "rank_ge", "matrix": "M", "r": 1, "rows": [0], "cols": [1], "prime": 101, "point": {"x": 0}},
           {"rule": "rank_le", "matrix": "M", "r": 1, "side": "right", "basis": basis, "basis_rows": [0],
            "basis_cols": [0], "prime": 101, "point": {"x": 0}}]
    out = check(p, _cert(p, obs))
    assert out["verdict"] == "CONFIRMED" and out["value"]["basis"] == basis


def _solve_problem():
    A, b = Matrix.from_rows([[1, 1]]), Matrix.from_rows([[2]])
    return {"objects": {"A": A, "b": b}, "statement": make_statement(
        {"solvable": ["A", "b"]}, polarity="confirmed",
        report={"solvable": {"solvable": ["A", "b"]}, "solution": {"solution": ["A", "b"]}})}


def test_an_honest_solution_is_reported():
    p = _solve_problem()
    out = check(p, _cert(p, [{"rule": "solve", "matrix": "A", "rhs": "b", "x": {"shape": [2, 1], "rows": [[1], [1]]}}]))
    assert out["value"] == {"solvable": True, "solution": {"shape": [2, 1], "rows": [[1], [1]]}}


def test_a_solution_in_a_foreign_variable_is_rejected():
    """x = (z, 2 - z) solves x1 + x2 = 2 identically in z: the system is solvable, but the reported
    solution of a rational system was a polynomial (ACCEPTED before the fix)."""
    p = _solve_problem()
    x = {"shape": [2, 1], "rows": [[_z(1)], [_poly((2, {}), (-1, {"z": 1}))]]}
    ob = {"rule": "solve", "matrix": "A", "rhs": "b", "x": x}
    cert = _cert(p, [{"rule": "solve", "matrix": "A", "rhs": "b", "x": {"shape": [2, 1], "rows": [[1], [1]]}}])
    cert["obligations"] = [ob]
    cert["conclusion"]["value"]["solution"] = x
    with pytest.raises(CertificateError, match="SOLVE: obligation 0.*variable"):
        check(p, cert)


# ------------------------------------------------------------------ 7. repeated JSON keys
def test_a_certificate_with_a_repeated_key_is_unreadable():
    from verify.checker import Unreadable, parse_certificate

    assert parse_certificate('{"a": {"b": 1}, "c": 2}') == {"a": {"b": 1}, "c": 2}
    for text in ('{"conclusion": {"verdict": "REFUTED"}, "conclusion": {"verdict": "CONFIRMED"}}',
                 '{"obligations": [{"rule": "det", "value": 1, "value": 2}]}'):
        with pytest.raises(Unreadable, match="repeated"):
            parse_certificate(text)


def test_kernel_cli_refuses_repeated_keys(tmp_path):
    p = _problem([[2]], {"eq": [{"det": "M"}, 2]})
    cert = json.dumps(_cert(p, [{"rule": "det", "matrix": "M", "value": 2}]))
    twice = cert.replace('"value": 2}', '"value": 3, "value": 2}')
    assert twice != cert
    got = _kernel_cli(tmp_path, _kernel_problem_json([[2]]), twice)
    assert got.returncode == 2 and got.stdout.startswith("UNREADABLE") and "repeated" in got.stdout, got.stdout


# ------------------------------------------------------------------ 8. witnesses where no statement quantifies
@pytest.mark.parametrize("make", ["rank", "det", "inertia", "solve"])
def test_a_witness_on_a_check_kind_that_takes_none_is_rejected(make):
    import copy

    import verify
    from verify.checker import check_certificate

    r = {"rank": lambda: verify.rank([[1, 2], [2, 4]]), "det": lambda: verify.det([[2, 1], [1, 1]]),
         "inertia": lambda: verify.inertia([[2, 1], [1, 2]]),
         "solve": lambda: verify.solve([[1, 2], [2, 4]], [[1], [2]])}[make]()
    cert = json.loads(json.dumps(r.certificate))
    assert check_certificate(copy.deepcopy(cert), problem="embedded")["verdict"] == r.verdict
    cert["witness"] = {"W": [[1]]}
    with pytest.raises(CertificateError, match="WITNESS"):
        check_certificate(cert, problem="embedded")


# ------------------------------------------------------------------ 9. eq on records with undetermined parts
def _two_ranks_problem(predicate):
    A, B = Matrix.from_rows([[1, 0], [0, 1]]), Matrix.from_rows([[1, 0], [0, 0]])  # ranks 2 and 1
    return {"objects": {"A": A, "B": B}, "statement": make_statement(predicate, polarity="confirmed")}


LOWER_BOUNDS_ONLY = [{"rule": "rank_ge", "matrix": n, "r": 1, "rows": [0], "cols": [0], "prime": 101} for n in "AB"]


@pytest.mark.parametrize("op, want", [("eq", "UNKNOWN"), ("ne", "UNKNOWN")])
def test_records_with_undetermined_ranks_are_not_equal_by_python_equality(op, want):
    """rank A and rank B are both only known to lie in [1, 2] (they are 2 and 1): a record holding
    them equalled the other by Python's == (Interval(1, 2) == Interval(1, 2)), so the statement
    {eq: [{record: {r: rank A}}, {record: {r: rank B}}]} was CONFIRMED."""
    rec = lambda n: {"record": {"r": {"rank": n}}}  # noqa: E731
    p = _two_ranks_problem({op: [rec("A"), rec("B")]})
    assert derive(p, LOWER_BOUNDS_ONLY)["verdict"] == want


def test_records_are_compared_part_by_part():
    rec = lambda n, extra: {"record": {"r": {"rank": n}, "k": extra}}  # noqa: E731
    p = _two_ranks_problem({"eq": [rec("A", 1), rec("B", 2)]})
    assert derive(p, LOWER_BOUNDS_ONLY)["verdict"] == "REFUTED"  # k differs: decided whatever the ranks
    full = LOWER_BOUNDS_ONLY + [{"rule": "rank_ge", "matrix": "A", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": 101}]
    p = _two_ranks_problem({"eq": [{"record": {"r": {"rank": "A"}}}, {"record": {"r": 2}}]})
    assert derive(p, full)["verdict"] == "CONFIRMED"
    p = _two_ranks_problem({"eq": [{"record": {"r": 2}}, {"record": {"s": 2}}]})
    assert derive(p, full)["verdict"] == "REFUTED"


@pytest.mark.parametrize("other", [0, 1])
def test_a_truth_value_never_equals_a_number(other):
    """Python has False == 0 and True == 1: {eq: [{is_zero: B}, 0]} was CONFIRMED for a nonzero B."""
    p = _two_ranks_problem({"eq": [{"is_zero": "B"}, other]})
    assert derive(p, [])["verdict"] == "REFUTED"
    p = _two_ranks_problem({"eq": [{"is_zero": "B"}, False]})
    assert derive(p, [])["verdict"] == "CONFIRMED"


# ------------------------------------------------------------------ 11. one hash per matrix value
def test_equal_matrices_compare_equal_whatever_their_representation():
    """A Matrix built with Fraction(2, 1) entries (not normalised; the Giannou network builders make
    such objects) hashes by its text form, the same integers held as int or in an IntArrayMatrix by
    their int64 bytes; an IntArrayMatrix compared by hash, so it was unequal to an equal Matrix and
    the statement atom `equal` false for equal objects.  (The hashes stay as they are: changing
    them would invalidate every certificate of those objects.)"""
    import numpy as np

    from verify.kernel.arrays import IntArrayMatrix

    ints = Matrix(2, 2, [[2, -3], [0, 1]])
    fracs = Matrix(2, 2, [[Fraction(2, 1), Fraction(-3)], [Fraction(0), 1]])
    arr = IntArrayMatrix(np.array([[2, -3], [0, 1]], dtype=np.int64))
    assert fracs == ints
    assert ints.content_hash() == arr.content_hash()
    assert arr == fracs and fracs == arr and arr == ints and ints == arr
    assert arr != Matrix(2, 2, [[2, -3], [0, 2]]) and arr != Matrix(2, 2, [[Fraction(2), -3], [0, Fraction(1, 2)]])
    p = {"objects": {"A": arr, "B": fracs}, "statement": make_statement({"equal": ["A", "B"]}, polarity="confirmed")}
    assert derive(p, [])["verdict"] == "CONFIRMED"
