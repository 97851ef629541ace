"""Empty matrices (0 x 0, m x 0, 0 x n) with the usual conventions: rank 0, det of 0 x 0 = 1 (as
sympy and FLINT), nullspace of 0 x n of dimension n; the kernel's rules handle them, and
forged certificates of them are rejected."""

import copy
import json
import os

import flint
import pytest
import sympy

from verify import forge
from verify.checker import check_file
from verify.cli import main
from verify.errors import CertificateError
from verify.kernel.exact import Matrix
from verify.kernel.rules import check_obligation, det_exact

CASES = """\
cases:
  - {id: e.rank00, check: rank, matrix: []}
  - {id: e.rank03, check: rank, matrix: {zeros: [0, 3]}, expect: {rank: full}}
  - {id: e.rank20, check: rank, matrix: [[], []], expect: {rank: ">= 1"}}
  - {id: e.det00, check: determinant, matrix: {identity: 0}}
  - {id: e.detnz, check: determinant, matrix: [], expect: {det: nonzero}}
  - {id: e.inertia, check: inertia, matrix: []}
  - {id: e.null, check: nullspace, matrix: {zeros: [0, 3]}}
  - {id: e.solve, check: solve, matrix: [[], []], rhs: [[0], [1]]}
  - {id: e.prod, check: rank, matrix: {product: [{zeros: [2, 0]}, {zeros: [0, 3]}]}}
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("empty")
    (d / "cases.yaml").write_text(CASES)
    old = os.getcwd()
    os.chdir(d)
    try:
        status = main(["run", "cases.yaml", "--out", "out", "--inline", "-q"])
    finally:
        os.chdir(old)
    recs = {p.name[:-len(".result.json")]: json.loads(p.read_text()) for p in (d / "out").glob("*.result.json")}
    return d, status, recs


def test_conventions_agree_with_sympy_and_flint(run):
    d, status, recs = run
    assert status == 1  # e.rank20 expects rank >= 1: REFUTED
    assert sympy.Matrix(0, 0, []).det() == 1  # (mpmath 1.3 raises on the 0 x 0 matrix)
    assert flint.fmpq_mat(0, 0).det() == 1 and flint.fmpq_mat(0, 3).rank() == 0
    assert recs["e.det00"]["value"]["det"] == str(sympy.Matrix(0, 0, []).det())
    assert recs["e.detnz"]["verdict"] == "CONFIRMED"
    assert recs["e.rank00"]["value"]["rank"] == sympy.zeros(0, 0).rank() == 0
    assert recs["e.rank03"]["verdict"] == "CONFIRMED" and recs["e.rank03"]["value"]["rank"] == 0
    assert recs["e.rank20"]["verdict"] == "REFUTED"
    assert recs["e.prod"]["value"]["rank"] == (sympy.zeros(2, 0) * sympy.zeros(0, 3)).rank() == 0
    assert recs["e.inertia"]["value"]["inertia"] == [0, 0, 0]
    assert recs["e.null"]["value"]["dimension"] == len(sympy.zeros(0, 3).nullspace()) == 3
    assert recs["e.solve"]["value"]["solvable"] is False  # 0 x = (0, 1)^T has no solution
    assert (d / "out" / "e.det00.html").exists()  # the pages are written for empty matrices too


def test_certificates_check_and_forgeries_are_rejected(run):
    d, _, recs = run
    old = os.getcwd()
    os.chdir(d)
    try:
        files = sorted(str(p) for p in (d / "out").glob("e.*.cert.json"))
        for f in files:
            assert check_file(f)["verdict"] == recs[os.path.basename(f)[:-len(".cert.json")]]["verdict"]
        data = [json.loads(open(f).read()) for f in files]
        total = 0
        for i, f in enumerate(files):
            res = forge.forge_certificate(f, [data[(i + 1) % len(data)]], most=4)
            assert res["failures"] == [], (f, res["failures"])
            total += res["mutants"]
        assert total > 30
        # by hand: det of the 0 x 0 matrix claimed 0; rank of 0 x 3 claimed 1
        cert = json.loads((d / "out" / "e.det00.cert.json").read_text())
        bad = copy.deepcopy(cert)
        bad["obligations"][0]["value"] = 0
        bad["conclusion"]["value"]["det"] = "0"
        (d / "out" / "bad.cert.json").write_text(json.dumps(bad))
        with pytest.raises(CertificateError):
            check_file(str(d / "out" / "bad.cert.json"))
    finally:
        os.chdir(old)


def test_kernel_rules_on_empty_shapes():
    E00, E03, E20 = Matrix(0, 0, []), Matrix(0, 3, []), Matrix(2, 0, [[], []])
    assert det_exact(E00) == 1
    objs = {"A": E03, "B": E20}
    assert check_obligation({"rule": "rank_le", "matrix": "A", "r": 0, "side": "trivial"}, objs)[2] == 0
    assert check_obligation({"rule": "rank_ge", "matrix": "B", "r": 0, "rows": [], "cols": [], "prime": 7}, objs)[2] == 0
    with pytest.raises(CertificateError):
        check_obligation({"rule": "rank_ge", "matrix": "B", "r": 1, "rows": [0], "cols": [0], "prime": 7}, objs)
    with pytest.raises(CertificateError):
        check_obligation({"rule": "det", "matrix": "A", "value": 1}, objs)  # 0 x 3 is not square


def test_library_takes_empty_matrices():
    import verify

    d = verify.det([])
    assert d.value == sympy.Matrix(0, 0, []).det() == 1 and d.check().value == {"det": "1"}
    r = verify.rank([[], []])
    assert r.value == 0 and r.check().value == {"rank": 0}
