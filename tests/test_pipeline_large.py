"""Large integer matrices: the full-rank proposal (no engine run; the kernel's check is the work)
and its fallback to the modular engine when the matrix is singular. Expected ranks are computed
independently here with python-flint's nmod_mat over a different prime and fmpz_mat."""

import os

import flint
import pytest

from verify.cases import build_objects, load_file
from verify.checker import check_file
from verify.kernel.arrays import IntArrayMatrix
from verify.pipeline import run_case

DATA = os.path.join(os.path.dirname(__file__), "data", "modular")


def exact_rank(M):
    return flint.fmpz_mat(M.array.tolist()).rank()


@pytest.mark.parametrize("name, verdict", [("full.yaml", "CONFIRMED"), ("singular.yaml", "REFUTED")])
def test_full_rank_proposal_and_fallback(tmp_path, name, verdict):
    case = load_file(os.path.join(DATA, name))[0]
    M = build_objects(case)["M"]
    assert isinstance(M, IntArrayMatrix) and M.shape == (256, 256)
    r = run_case(case, out_dir=str(tmp_path))
    assert r["verdict"] == verdict and r["value"] == {"rank": exact_rank(M)}
    assert check_file(r["certificate"])["verdict"] == verdict
    import json

    obs = json.load(open(r["certificate"]))["obligations"]
    ge = [o for o in obs if o["rule"] == "rank_ge"][0]
    if verdict == "CONFIRMED":  # the proposal: every row and column, no engine elimination
        assert ge["rows"] == list(range(256)) and ge["cols"] == list(range(256))
    else:  # the engines' certificate after the kernel rejected the proposal
        assert any(o["rule"] == "rank_le" and o.get("side") in ("right", "left") for o in obs)
