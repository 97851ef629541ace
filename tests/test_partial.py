"""Partial results: a case that runs out of time reports what was certified (as UNKNOWN with the
bounds, in its value and in a certificate the checker accepts), and the Monte-Carlo rank beside it,
labelled as evidence.  The example is the Alexander-Hirschowitz defective network of
cases/engines/polynet.yaml (generic rank 14, checked here independently by sympy at a point), run
with its time limit cut to 4 s: its full certificate takes about 2 s to find and 9 s to check."""

import copy
import json
import os
import random

import pytest
import sympy

from verify.checker import CertificateError, check_certificate
from verify.cli import main

ROOT = os.path.join(os.path.dirname(__file__), "..")
CASE = os.path.join(ROOT, "cases", "engines", "polynet.yaml")


@pytest.fixture(scope="module")
def timed_out(tmp_path_factory):
    """The shipped case with its time limit cut from 120 s to 4 s (alone in a case file of its own)."""
    import yaml

    out = tmp_path_factory.mktemp("partial")
    doc = yaml.safe_load(open(CASE))
    case = next(c for c in doc["cases"] if c["id"] == "engines.polynet-aw-defective")
    assert case["limits"] == {"seconds": 120}
    case["limits"] = {"seconds": 4}
    (out / "polynet.yaml").write_text(yaml.safe_dump({"cases": [case]}, allow_unicode=True))
    old = os.getcwd()
    os.chdir(out)
    try:
        code = main(["run", "polynet.yaml", "--out", "out", "--no-report", "-q", "--progress", "off"])
    finally:
        os.chdir(old)
    assert code == 3
    return out / "out"


def test_the_timed_out_case_states_its_certified_bounds(timed_out):
    res = json.loads((timed_out / "engines.polynet-aw-defective.result.json").read_text())
    assert res["verdict"] == "UNKNOWN"
    assert res["value"]["rank"] == {"at_least": 14, "at_most": 15}
    assert "time limit" in res["reason"] and "rank within [14, 15]" in res["reason"]
    ev = res["evidence"]
    assert ev["kind"].startswith("Monte-Carlo") and "not proof" in ev["kind"]
    assert ev["ranks_at_random_points"] == [14] * ev["points"]
    assert any(n.startswith("evidence, not proof") for n in res["notes"])
    assert not [p for p in os.listdir(timed_out) if ".partial-" in p]   # adopted, not left behind


def test_the_partial_certificate_is_accepted_for_the_bounds_it_states(timed_out):
    cert = json.loads((timed_out / "engines.polynet-aw-defective.cert.json").read_text())
    old = os.getcwd()
    os.chdir(timed_out.parent)
    try:
        got = check_certificate(cert)
        assert got["verdict"] == "UNKNOWN" and got["value"]["rank"] == {"at_least": 14, "at_most": 15}
        forged = copy.deepcopy(cert)
        ob = next(o for o in forged["obligations"] if o["rule"] == "rank_ge")
        ob["r"] = 15                                     # claim the full rank from the same minor
        with pytest.raises(CertificateError):
            check_certificate(forged)
        forged = copy.deepcopy(cert)
        forged["conclusion"] = {"value": {**cert["conclusion"]["value"], "rank": 14}, "verdict": "CONFIRMED"}
        with pytest.raises(CertificateError):
            check_certificate(forged)
    finally:
        os.chdir(old)


def test_the_rank_14_is_right_by_sympy_at_a_random_point():
    """Independent of the engines: the Jacobian of sum_j a_j (w_j . x)^4 in (W, a) at the case's
    samples, differentiated by sympy, has rank 14 at a random rational point (a lower bound that
    equals the Monte-Carlo answer; the generic rank is at most 14 by Alexander-Hirschowitz)."""
    import yaml

    X = next(c for c in yaml.safe_load(open(CASE))["cases"] if c["id"] == "engines.polynet-aw-defective")["data"]["X"]
    W = sympy.Matrix(5, 3, lambda i, j: sympy.Symbol(f"w{i}{j}"))
    a = sympy.symbols("a0:5")
    params = list(W) + list(a)
    fs = [sum(a[j] * (W[j, :] * sympy.Matrix([X[0][t], X[1][t], X[2][t]]))[0] ** 4 for j in range(5))
          for t in range(len(X[0]))]
    J = [[sympy.diff(f, s) for s in params] for f in fs]
    rng = random.Random(11)
    ranks = []
    for _ in range(3):   # the rank at a point is a lower bound; the largest of a few is the generic one
        point = {s: sympy.Rational(rng.choice([-1, 1]) * rng.randint(1, 97), rng.randint(1, 13)) for s in params}
        ranks.append(sympy.Matrix([[e.subs(point) for e in row] for row in J]).rank())
    assert max(ranks) == 14, ranks
