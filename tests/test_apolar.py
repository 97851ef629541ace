"""The apolar engine (`verify/engines/apolar.py`) on the shallow power networks of
cases/engines/polynet.yaml: its generic ranks equal the general polynomial-kernel engine's (a different
algorithm) and the dimension counts stated in the cases; its `rank_le` obligations carry a factor
F = [C | K]; forged bases and factors are refused by the kernel; other network shapes are left to the
general engine.  (The 20-parameter Alexander-Hirschowitz case runs in tests/test_golden.py and
tests/test_partial.py.)"""

import copy
import os

import pytest

from verify.cases import load_file
from verify.checks import network_generic_rank
from verify.engines import apolar
from verify.errors import CertificateError
from verify.kernel.check import derive
from verify.pipeline import prove_case
from verify.problem import DEFAULT_LIMITS, build_problem

ROOT = os.path.join(os.path.dirname(__file__), "..")
SMALL = {"engines.polynet-quadratic-3-2": 5, "engines.polynet-quadratic-4-3": 9, "engines.polynet-cubic-3-2": 6}


@pytest.fixture(scope="module")
def cases():
    return {c.id: c for c in load_file(os.path.join(ROOT, "cases", "engines", "polynet.yaml"))}


@pytest.mark.parametrize("cid", sorted(SMALL))
def test_small_networks_certified_with_a_factor(cases, cid):
    problem, proof, outcome, _ = prove_case(cases[cid], DEFAULT_LIMITS, "auto")
    assert outcome["verdict"] == "CONFIRMED" and outcome["value"]["rank"] == SMALL[cid]
    le = next(o for o in proof.obligations if o["rule"] == "rank_le")
    assert "factor" in le and le["r"] == SMALL[cid]
    assert any("apolarity" in n for n in proof.notes)


@pytest.mark.parametrize("cid", ["engines.polynet-quadratic-3-2", "engines.polynet-cubic-3-2"])
def test_the_general_engine_agrees(cases, cid, monkeypatch):
    monkeypatch.setattr(apolar, "shape_of", lambda case: None)
    problem, proof, outcome, _ = prove_case(cases[cid], DEFAULT_LIMITS, "auto")
    assert outcome["value"]["rank"] == SMALL[cid]
    assert all("factor" not in o for o in proof.obligations)


def test_forged_bases_and_factors_are_refused(cases):
    case = cases["engines.polynet-cubic-3-2"]
    problem, proof, outcome, _ = prove_case(case, DEFAULT_LIMITS, "auto")
    obs = proof.obligations
    i = next(k for k, o in enumerate(obs) if o["rule"] == "rank_le")
    assert derive(problem, obs)["verdict"] == "CONFIRMED"

    def refused(mutate):
        forged = copy.deepcopy(obs)
        mutate(forged[i])
        with pytest.raises(CertificateError):
            derive(problem, forged)

    def bump_poly(ob):                                 # one coefficient of one polynomial entry
        for row in ob["basis"]["rows"]:
            for x in row:
                if isinstance(x, dict) and "poly" in x:
                    x["poly"][0][0] = x["poly"][0][0] + 1
                    return
        raise AssertionError("no polynomial entry")

    def bump_factor(ob):
        rows = ob["factor"]["rows"]
        rows[0][0] = str(int(rows[0][0].split("/")[0]) + 1) if isinstance(rows[0][0], str) else rows[0][0] + 1

    refused(bump_poly)
    refused(bump_factor)
    refused(lambda ob: ob.update(r=ob["r"] - 1))
    refused(lambda ob: ob.pop("factor"))
    refused(lambda ob: ob.update(side="left"))


def test_other_shapes_go_to_the_general_engine(cases):
    case = copy.deepcopy(cases["engines.polynet-quadratic-3-2"])
    assert apolar.shape_of(case) == (3, 2, 2, 1)
    for change in (lambda n: n["layers"][0].update(bias=True), lambda n: n["layers"][0].update(coeffs=[0, 1, 1]),
                   lambda n: n.update(widths=[3, 2, 2]), lambda n: n["layers"][1].update(activation="relu"),
                   lambda n: n.update(symbolic=False)):
        other = copy.deepcopy(case)
        change(other.network)
        assert apolar.shape_of(other) is None


def test_right_inverse_and_sample_kernel():
    """V C = I and V K = 0 for the monomial matrix of the samples (checked by exact products)."""
    from fractions import Fraction

    X = [[1, 2, 0, -1, 3, 1, 2], [0, 1, 1, 2, -1, 1, 5]]           # 2 inputs, 7 samples
    mons = apolar._monomials(3, 2)                                   # 4 cubic monomials
    C, K = apolar.right_inverse(X, mons)
    V = [[Fraction(X[0][s]) ** a[0] * Fraction(X[1][s]) ** a[1] for s in range(7)] for a in mons]
    VC = [[sum(V[i][s] * C.rows[s][j] for s in range(7)) for j in range(4)] for i in range(4)]
    assert VC == [[int(i == j) for j in range(4)] for i in range(4)]
    assert len(K) == 3 and all(sum(V[i][s] * k[s] for s in range(7)) == 0 for k in K for i in range(4))
    assert apolar.right_inverse([[1, 1, 1], [2, 2, 2]], mons) is None                # rank V < 4


def test_prove_falls_back_when_the_engine_has_nothing(cases, monkeypatch):
    case = cases["engines.polynet-quadratic-3-2"]
    objects = build_problem(case, DEFAULT_LIMITS)["objects"]
    monkeypatch.setattr(apolar, "kernel_vectors", lambda *a, **k: None)
    from verify.checks.base import Context

    proof = network_generic_rank.prove(case, objects, Context(seed=b"t"))
    assert all("factor" not in o for o in proof.obligations)
