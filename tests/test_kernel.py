"""The independent checker: every rule accepts its good certificate and rejects altered ones.

Certificates here are written by hand (not by the engines), so these tests do not depend on any
engine being right.
"""

import copy
import subprocess
import sys
from fractions import Fraction as F
from types import SimpleNamespace

import pytest

from verify import checks
from verify.errors import CertificateError
from verify.kernel.check import FORMAT, check
from verify.kernel.exact import Matrix, encode_matrix, matrix_hash
from verify.kernel.modp import is_prime
from verify.kernel.poly import Poly
from verify.kernel.rules import check_obligation, det_exact

P = 1_000_003  # a prime (checked below); tests of the rule itself, not of Fiat-Shamir primes
x, y = Poly.var("x"), Poly.var("y")
M = Matrix.from_rows([[1, 2, 3], [2, 4, 6], [1, 0, 1]])  # rank 2: row1 = 2*row0


def statement_of(kind, objects, expect=None):
    """The trusted statement of a check kind (as the checker derives it from a case)."""
    case = SimpleNamespace(check=kind, expect=expect, params={}, inequality=None, point=None)
    return checks.kind(kind).statement(case, objects)


def cert_for(objects, kind, obligations, value, verdict, expect=None):
    return {
        "format": FORMAT, "check": kind, "expect": expect,
        "objects": {n: {"shape": [A.nrows, A.ncols], "sha256": matrix_hash(A)} for n, A in objects.items()},
        "obligations": obligations,
        "conclusion": {"value": value, "verdict": verdict},
    }


def check_certificate(cert, objects):
    """The kernel's check of `cert` against the problem a `check` case with its expect poses."""
    return check({"objects": objects, "statement": statement_of(cert["check"], objects, cert["expect"])}, cert)


RANK_GE = {"rule": "rank_ge", "matrix": "M", "r": 2, "rows": [0, 2], "cols": [0, 1], "prime": P}
RANK_LE = {"rule": "rank_le", "matrix": "M", "r": 2, "side": "right",
           "basis": encode_matrix(Matrix.from_rows([[-1], [-1], [1]])), "basis_rows": [2], "prime": P}


def good_rank_cert():
    return cert_for({"M": M}, "rank", [dict(RANK_GE), copy.deepcopy(RANK_LE)], {"rank": 2}, "CONFIRMED", {"rank": 2})


def test_primality():
    primes = [n for n in range(2, 200) if all(n % d for d in range(2, n))]
    assert [n for n in range(200) if is_prime(n)] == primes
    assert is_prime(P) and is_prime(2**61 - 1) and not is_prime(2**61 + 1)
    assert not is_prime(3215031751)  # a strong pseudoprime to bases 2, 3, 5, 7


def test_rank_certificate_accepted():
    res = check_certificate(good_rank_cert(), {"M": M})
    assert res["verdict"] == "CONFIRMED" and res["value"] == {"rank": 2}
    assert res["checked"] == ["rank_ge", "rank_le"]


@pytest.mark.parametrize("mutate, rule", [
    (lambda c: c["obligations"][0].update(rows=[0, 1]), "RANK_GE"),          # singular minor
    (lambda c: c["obligations"][0].update(prime=1_000_001), "RANK_GE"),     # not a prime
    (lambda c: c["obligations"][0].update(r=3, rows=[0, 1, 2], cols=[0, 1, 2]), "RANK_GE"),
    (lambda c: c["obligations"][0].update(rows=[0, 0]), "RANK_GE"),          # repeated index
    (lambda c: c["obligations"][1]["basis"]["rows"][0].__setitem__(0, -2), "RANK_LE"),  # changed number
    (lambda c: c["obligations"][1].update(r=1), "RANK_LE"),                  # wrong rank claimed
    (lambda c: c["conclusion"].update(value={"rank": 3}), "CONCLUSION"),
    (lambda c: c["conclusion"].update(verdict="REFUTED"), "CONCLUSION"),
    (lambda c: c["objects"]["M"].update(sha256="sha256:" + "0" * 64), "OBJECTS"),
    (lambda c: c.update(format="other"), "FORMAT"),
])
def test_rank_certificate_altered_is_rejected(mutate, rule):
    c = good_rank_cert()
    mutate(c)
    with pytest.raises(CertificateError) as e:
        check_certificate(c, {"M": M})
    assert str(e.value).startswith(rule)


def test_swapped_matrix_is_rejected():
    other = Matrix.from_rows([[1, 2, 3], [2, 4, 7], [1, 0, 1]])
    with pytest.raises(CertificateError, match="OBJECTS"):
        check_certificate(good_rank_cert(), {"M": other})


def test_rank_verdicts_from_bounds():
    only_lb = cert_for({"M": M}, "rank", [dict(RANK_GE)], {"rank": {"at_least": 2, "at_most": 3}}, "UNKNOWN",
                       {"rank": 2})
    assert check_certificate(only_lb, {"M": M})["verdict"] == "UNKNOWN"
    full = cert_for({"M": M}, "rank", [dict(RANK_GE), copy.deepcopy(RANK_LE)], {"rank": 2}, "REFUTED", {"rank": "full"})
    assert check_certificate(full, {"M": M})["verdict"] == "REFUTED"
    ge = cert_for({"M": M}, "rank", [dict(RANK_GE)], {"rank": {"at_least": 2, "at_most": 3}}, "CONFIRMED",
                  {"rank": ">= 2"})
    assert check_certificate(ge, {"M": M})["verdict"] == "CONFIRMED"
    le = cert_for({"M": M}, "rank", [copy.deepcopy(RANK_LE)], {"rank": {"at_least": 0, "at_most": 2}}, "CONFIRMED",
                  {"rank": "<= 2"})
    assert check_certificate(le, {"M": M})["verdict"] == "CONFIRMED"


def test_rational_entries_and_denominators():
    A = Matrix.from_rows([[F(1, 3), F(1, 2)], [F(2, 3), 1]])  # rank 1
    ob = {"rule": "rank_ge", "matrix": "A", "r": 1, "rows": [0], "cols": [0], "prime": 3}
    with pytest.raises(CertificateError, match="divides a denominator"):
        check_obligation(ob, {"A": A})
    ob["prime"] = 5
    assert check_obligation(ob, {"A": A}) == ("rank_ge", "A", 1)
    ob2 = {"rule": "rank_ge", "matrix": "A", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": 5}
    with pytest.raises(CertificateError):
        check_obligation(ob2, {"A": A})


def test_left_kernel():
    A = Matrix.from_rows([[1, 2], [2, 4], [3, 6]])  # rank 1, left kernel of dimension 2
    basis = Matrix.from_rows([[2, -1, 0], [3, 0, -1]])
    ob = {"rule": "rank_le", "matrix": "A", "r": 1, "side": "left", "basis": encode_matrix(basis),
          "basis_cols": [1, 2], "prime": P}
    assert check_obligation(ob, {"A": A}) == ("rank_le", "A", 1, None)
    bad = dict(ob, basis=encode_matrix(Matrix.from_rows([[2, -1, 0], [4, -2, 0]])))
    with pytest.raises(CertificateError):
        check_obligation(bad, {"A": A})  # dependent basis vectors


def test_polynomial_generic_rank():
    A = Matrix.from_rows([[x, y], [x * y, y * y]])  # det = x*y^2 - x*y^2 = 0: generic rank 1
    ge = {"rule": "rank_ge", "matrix": "A", "r": 1, "rows": [0], "cols": [0], "prime": P, "point": {"x": 3, "y": 5}}
    assert check_obligation(ge, {"A": A})[2] == 1
    with pytest.raises(CertificateError, match="point"):
        check_obligation(dict(ge, point={"x": 3}), {"A": A})
    N = Matrix.from_rows([[y], [-x]])  # A N = 0 over Q[x, y]
    le = {"rule": "rank_le", "matrix": "A", "r": 1, "side": "right", "basis": encode_matrix(N),
          "basis_rows": [0], "prime": P, "point": {"x": 3, "y": 5}}
    assert check_obligation(le, {"A": A}) == ("rank_le", "A", 1, N)
    with pytest.raises(CertificateError):  # basis vanishing at the point proves nothing
        check_obligation(dict(le, point={"x": 3, "y": 0}), {"A": A})
    wrong = dict(le, basis=encode_matrix(Matrix.from_rows([[y], [x]])))
    with pytest.raises(CertificateError, match="M\\*N != 0"):
        check_obligation(wrong, {"A": A})


def test_det_rule_against_cofactor_expansion():
    def cofactor(rows):
        if len(rows) == 1:
            return rows[0][0]
        return sum((-1) ** j * rows[0][j] * cofactor([r[:j] + r[j + 1:] for r in rows[1:]]) for j in range(len(rows)))

    import random

    rnd = random.Random(7)
    for n in range(1, 6):
        for _ in range(5):
            rows = [[F(rnd.randint(-5, 5), rnd.randint(1, 3)) for _ in range(n)] for _ in range(n)]
            assert det_exact(Matrix.from_rows(rows)) == cofactor(rows)
    A = Matrix.from_rows([[x, 1], [1, y]])
    assert det_exact(A) == x * y - 1
    ob = {"rule": "det", "matrix": "A", "value": {"poly": [[-1, {}], [1, {"x": 1, "y": 1}]]}}
    assert check_obligation(ob, {"A": A})[2] == x * y - 1
    with pytest.raises(CertificateError):
        check_obligation(dict(ob, value={"poly": [[1, {}], [1, {"x": 1, "y": 1}]]}), {"A": A})


def test_inertia_rule():
    A = Matrix.from_rows([[0, 1, 0], [1, 0, 0], [0, 0, 2]])  # eigenvalues 1, -1, 2
    ob = {"rule": "inertia", "matrix": "A", "perm": [0, 1, 2], "L": encode_matrix(Matrix.from_rows([[1, 0, 0], [0, 1, 0], [0, 0, 1]])),
          "D": encode_matrix(A), "blocks": [2, 1], "value": [2, 1, 0]}
    assert check_obligation(ob, {"A": A}) == ("inertia", "A", (2, 1, 0))
    with pytest.raises(CertificateError):
        check_obligation(dict(ob, value=[3, 0, 0]), {"A": A})
    with pytest.raises(CertificateError):
        check_obligation(dict(ob, blocks=[1, 1, 1]), {"A": A})  # off-diagonal outside blocks
    B = Matrix.from_rows([[4, 2], [2, 1]])  # PSD rank 1: L = [[1,0],[1/2,1]], D = diag(4, 0)
    ob2 = {"rule": "inertia", "matrix": "B", "perm": [0, 1], "L": encode_matrix(Matrix.from_rows([[1, 0], [F(1, 2), 1]])),
           "D": encode_matrix(Matrix.from_rows([[4, 0], [0, 0]])), "blocks": [1, 1], "value": [1, 0, 1]}
    assert check_obligation(ob2, {"B": B})[2] == (1, 0, 1)
    with pytest.raises(CertificateError, match="not symmetric"):
        check_obligation(dict(ob2, matrix="C"), {"C": Matrix.from_rows([[4, 2], [1, 1]])})


def test_detbool_rule():
    A = Matrix.from_rows([[1, 1, 0], [0, 1, 0], [0, 1, 1]])
    assert check_obligation({"rule": "detbool", "matrix": "A", "value": 1, "matching": [0, 1, 2]}, {"A": A})[2] == 1
    with pytest.raises(CertificateError):
        check_obligation({"rule": "detbool", "matrix": "A", "value": 1, "matching": [1, 0, 2]}, {"A": A})
    Z = Matrix.from_rows([[1, 1, 0], [0, 1, 0], [0, 1, 0]])  # rows 1, 2 only see column 1
    assert check_obligation({"rule": "detbool", "matrix": "Z", "value": 0, "hall_rows": [1, 2]}, {"Z": Z})[2] == 0
    with pytest.raises(CertificateError):
        check_obligation({"rule": "detbool", "matrix": "Z", "value": 0, "hall_rows": [0, 1]}, {"Z": Z})


def test_solve_and_inconsistent():
    A = Matrix.from_rows([[1, 2], [2, 4]])
    b = Matrix.from_rows([[3], [6]])
    c = Matrix.from_rows([[3], [7]])
    objs = {"A": A, "b": b, "c": c}
    assert check_obligation({"rule": "solve", "matrix": "A", "rhs": "b", "x": encode_matrix(Matrix.from_rows([[1], [1]]))}, objs)[3]
    with pytest.raises(CertificateError):
        check_obligation({"rule": "solve", "matrix": "A", "rhs": "c", "x": encode_matrix(Matrix.from_rows([[1], [1]]))}, objs)
    y = encode_matrix(Matrix.from_rows([[2], [-1]]))
    assert check_obligation({"rule": "inconsistent", "matrix": "A", "rhs": "c", "y": y}, objs)[3] is False
    with pytest.raises(CertificateError):
        check_obligation({"rule": "inconsistent", "matrix": "A", "rhs": "b", "y": y}, objs)


def test_kernel_imports_no_engine_library():
    code = ("import sys; import verify.kernel.check, verify.kernel.rules, verify.kernel.statement, verify.kernel.exact;"
            "bad = [m for m in ('sympy', 'flint', 'numpy', 'networkx', 'verify.engines', 'verify.claims', 'verify.cases') if m in sys.modules];"
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_log_minor_nonzero_rule():
    import math

    from verify.kernel.logdet import log_interval

    for x in (F(1, 81), F(1, 2), 2, 3, F(1680, 89), 1000):
        lo, hi = log_interval(x, 30)
        assert lo <= hi and lo - F(1, 10**9) <= F(math.log(x)) <= hi + F(1, 10**9)
        assert hi - lo < F(1, 10**20)
    E = Matrix.from_rows([[2, 1], [1, 2]])  # log E = diag(log 2, log 2): nonsingular
    ob = {"rule": "log_minor_nonzero", "matrix": "E", "rows": [0, 1], "cols": [0, 1]}
    assert check_obligation(ob, {"E": E}) == ("log_rank_ge", "E", 2)
    S = Matrix.from_rows([[2, 3], [4, 9]])  # log S = [[a, b], [2a, 2b]]: singular, never certified
    with pytest.raises(CertificateError, match="contains 0"):
        check_obligation(dict(ob, matrix="S"), {"S": S})
    with pytest.raises(CertificateError):
        check_obligation(dict(ob, matrix="Z"), {"Z": Matrix.from_rows([[0, 1], [1, 2]])})
