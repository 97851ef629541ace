"""The shipped cases where float64 gets it wrong: exact verdicts stand, the cross-check disagrees.

Expected exact values are independent of the engines: the Hilbert matrix is nonsingular (a
classical theorem), a nonsingular diagonal rescaling keeps the rank of the Khatri-Rao product
(computed here with sympy), and a Gram matrix X^T X has inertia (rank X, 0, n - rank X).
"""

import os

import pytest
import sympy as sp

from verify.cases import load_paths, random_values_reference
from verify.checker import check_file
from verify.runner import execute_inline

CASES = os.path.join(os.path.dirname(__file__), "..", "cases", "crosscheck")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("xcheck")
    return {r["id"]: r for r in execute_inline(load_paths([CASES]), out_dir=str(out))}


def entry(r, backend="float64", obj="M"):
    return next(e for e in r["crosscheck"] if e["backend"] == backend and e.get("object", "M") == obj)


def test_hilbert(run):
    r = run["xcheck.hilbert-14"]
    assert r["verdict"] == "CONFIRMED" and r["value"] == {"rank": 14}
    e = entry(r)
    assert e["status"] == "disagrees" and e["rank"] < 14
    assert entry(r, "gpu")["device"]  # the GPU path ran (emulated on CPU when no GPU is present)


def test_scaled_khatri_rao(run):
    A = sp.Matrix([[1, 2, -3, 0, 5, 1, 1, 0, 2], [0, 1, 1, 4, -2, 3, 0, 1, 1], [7, 0, 1, 1, 1, -1, 2, 2, 0]])
    B = sp.Matrix(3, 9, random_values_reference(27, -9, 9, 11))
    KR = sp.Matrix.hstack(*[sp.Matrix(sp.kronecker_product(A[:, j], B[:, j])) for j in range(9)])
    r = run["xcheck.kr-scaled-columns"]
    assert r["value"] == {"rank": KR.rank()} == {"rank": 9}
    assert entry(r)["status"] == "disagrees" and entry(r)["rank"] < 9


def test_gram_psd(run):
    X = sp.Matrix([[3, 1, 4, 1, 5, 9], [2, 6, 5, 3, 5, 8]])
    r = run["xcheck.gram-psd"]
    assert r["value"] == {"inertia": [X.rank(), 0, 6 - X.rank()]} and r["verdict"] == "CONFIRMED"
    e = entry(r)
    assert e["status"] in ("too-close", "disagrees") and e["inertia_no_tolerance"][1] > 0


def test_saturated_xor_network(run):
    r = run["xcheck.xor-saturated"]
    assert r["verdict"] == "CONFIRMED" and r["value"]["rank_P"] == 4
    e = entry(r, obj="P")
    assert e["status"] == "disagrees" and e["rank"] < 4


def test_certificates_recheck(run):
    for r in run.values():
        assert check_file(r["certificate"])["verdict"] == r["verdict"]
