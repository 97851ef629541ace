"""Forged certificates: each forgery of the outside review, and the automatic mutants of
`verify.forge` over real certificates of every check kind, are rejected (or certify the original
verdict).  A planted checker bug shows that these tests can fail."""

import copy
import hashlib
import json
import os
import shutil

import pytest

from verify import forge
from verify.checker import check_file
from verify.cli import main
from verify.errors import CertificateError

ROOT = os.path.join(os.path.dirname(__file__), "..")
CASES = """\
cases:
  - {id: f.rank, check: rank, matrix: [[1, 2], [2, 4]], expect: {rank: full}}
  - {id: f.det, check: determinant, matrix: [[2, 1], [1, 1]], expect: {det: 1}}
  - {id: f.det16, check: determinant, matrix: {hilbert: 16}, expect: {det: nonzero}}
  - {id: f.inertia, check: inertia, matrix: [[0, 1], [1, 0]], expect: {definiteness: psd}}
  - {id: f.detbool, check: boolean_determinant, matrix: [[1, 0], [1, 0]], expect: {detbool: 1}}
  - {id: f.generic, check: generic_rank, matrix: [["x", "y"], ["x*y", "y^2"]], expect: {rank: 1}}
  - {id: f.at, check: rank_at, matrix: [["x", 1], [1, "x"]], point: {x: 1}, expect: {rank: full}}
  - {id: f.ineq, check: rank_inequality, inequality: sylvester, A: [[1, 0]], B: [[0], [1]], expect: {tight: true}}
  - {id: f.null, check: nullspace, matrix: [[1, 1, 1]], expect: {dimension: 2}}
  - {id: f.solve, check: solve, matrix: [[1, 2], [2, 4]], rhs: [[1], [3]], expect: {solvable: true}}
  - {id: f.claim-refuted, check: claim, claim: hw.linear.f, params: {seed: 0}, expect: {verdict: confirmed}}
  - {id: f.claim-instance, check: claim, claim: hw.linear.a1, params: {part: statement, dims: [3, 2, 3]},
     expect: {verdict: confirmed}}
  - {id: f.claim-search, check: claim, claim: hw.linear.a1, params: {part: step}, expect: {verdict: confirmed}}
"""


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """A run of one case per check kind (and three claims), from inside its directory."""
    d = tmp_path_factory.mktemp("forge")
    (d / "cases.yaml").write_text(CASES)
    old = os.getcwd()
    os.chdir(d)
    try:
        assert main(["run", "cases.yaml", "--out", "out", "--no-report", "-q", "-j", "2"]) == 1
    finally:
        os.chdir(old)
    return d


def load(d, cid):
    return json.loads((d / "out" / f"{cid}.cert.json").read_text())


def verdict_of(d, cert, name="x.cert.json"):
    """The checker's outcome for a certificate written next to the run ('rejected: ...' if not)."""
    path = d / "out" / name
    path.write_text(json.dumps(cert))
    old = os.getcwd()
    os.chdir(d)
    try:
        return check_file(str(path))["verdict"]
    except CertificateError as e:
        return f"rejected: {e}"
    finally:
        os.chdir(old)


def test_the_run_is_as_expected(certs):
    got = {cid: load(certs, cid)["conclusion"]["verdict"] for cid in
           ("f.rank", "f.det", "f.inertia", "f.detbool", "f.generic", "f.at", "f.ineq", "f.null", "f.solve",
            "f.claim-refuted", "f.claim-instance", "f.claim-search")}
    assert got == {"f.rank": "REFUTED", "f.det": "CONFIRMED", "f.inertia": "REFUTED", "f.detbool": "REFUTED",
                   "f.generic": "CONFIRMED", "f.at": "REFUTED", "f.ineq": "CONFIRMED", "f.null": "CONFIRMED",
                   "f.solve": "REFUTED", "f.claim-refuted": "REFUTED", "f.claim-instance": "CONFIRMED",
                   "f.claim-search": "REFUTED"}


def test_claim_conclusion_is_not_read_from_the_certificate(certs):
    """Review item 1: predicate set to true, verdict CONFIRMED (conclusion consistent with it)."""
    cert = load(certs, "f.claim-refuted")
    forged = copy.deepcopy(cert)
    forged["statement"]["predicate"] = True
    forged["conclusion"] = {"value": {**cert["conclusion"]["value"], "holds": True}, "verdict": "CONFIRMED"}
    assert verdict_of(certs, forged).startswith("rejected: STATEMENT")
    del forged["statement"]  # without a copy, the trusted statement is used: the verdict is wrong
    assert verdict_of(certs, forged).startswith("rejected: CONCLUSION")
    weakened = copy.deepcopy(cert)
    weakened["statement"]["predicate"] = {"not": cert["statement"]["predicate"]}
    assert verdict_of(certs, weakened).startswith("rejected: STATEMENT")
    report = copy.deepcopy(cert)
    report["statement"]["report"]["loss"] = 0
    assert verdict_of(certs, report).startswith("rejected: STATEMENT")


def test_witness_cannot_replace_the_instance(certs):
    """Review item 3: a claim stated about the case's instance rejects any witness."""
    cert = load(certs, "f.claim-instance")
    cert["witness"] = {"W": [[[0, 0], [0, 0], [0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]]}
    assert verdict_of(certs, cert).startswith("rejected: WITNESS")


def test_searched_witness_is_checked_for_its_form(certs):
    cert = load(certs, "f.claim-search")
    for junk in ("a string", {"W": [[[1, 2]], [[1], [1], [1]]]}, {"W": [["x"]]}, {"weights": 1}):
        bad = copy.deepcopy(cert)
        bad["witness"] = junk
        assert verdict_of(certs, bad).startswith("rejected"), junk
    # a witness that is no counterexample gives nothing (UNKNOWN), never CONFIRMED
    honest = copy.deepcopy(cert)
    honest["witness"] = {"W": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]}
    honest.pop("statement")
    from verify.checker import problem_for
    from verify.kernel.check import derive

    old = os.getcwd()
    os.chdir(certs)
    try:
        problem, _ = problem_for(honest)
    finally:
        os.chdir(old)
    honest["objects"] = {n: {"shape": [M.nrows, M.ncols], "sha256": M.content_hash()}
                         for n, M in problem["objects"].items()}
    from verify.checks.base import Context

    obs = Context(seed=b"x").rank(problem["objects"], sorted(problem["objects"]))[1]
    out = derive(problem, obs)
    honest["obligations"], honest["conclusion"] = obs, {"value": out["value"], "verdict": out["verdict"]}
    assert verdict_of(certs, honest) == "UNKNOWN"


def test_case_file_is_resolved_strictly(certs, tmp_path):
    """Review item 4: a case file that leaves the case root (absolute, through '..', a link) is never
    read: the certificate is checked against its embedded problem, or, without one, is unreadable; a
    changed case file is refused."""
    from verify.checker import Unreadable

    cert = load(certs, "f.rank")  # REFUTED: [[1, 2], [2, 4]] is not of full rank
    outside = tmp_path / "cases.yaml"
    outside.write_text(CASES.replace("[[1, 2], [2, 4]]", "[[1, 2], [3, 4]]"))  # full rank: CONFIRMED if read
    link = certs / "link.yaml"
    if not link.exists():
        os.symlink(outside, link)
    for file in (str(outside), os.path.join("..", tmp_path.name, "cases.yaml"), "link.yaml"):
        bad = copy.deepcopy(cert)
        bad["case"]["file"] = file
        bad["case"]["file_sha256"] = hashlib.sha256(outside.read_bytes()).hexdigest()
        assert verdict_of(certs, bad) == "REFUTED", file  # the embedded problem, not the outside file
        bare = copy.deepcopy(bad)
        del bare["problem"]
        path = certs / "out" / "bare.cert.json"
        path.write_text(json.dumps(bare))
        old = os.getcwd()
        os.chdir(certs)
        try:
            with pytest.raises(Unreadable, match="outside the case root"):
                check_file(str(path))
        finally:
            os.chdir(old)
    bad = copy.deepcopy(cert)
    bad["case"]["file_sha256"] = "0" * 64
    assert verdict_of(certs, bad).startswith("rejected: CASE")


def test_embedded_copy_is_bound(certs):
    """Review item 7."""
    cert = load(certs, "f.rank")
    cert["objects"]["M"]["matrix"]["rows"][0][0] = 5
    assert verdict_of(certs, cert).startswith("rejected: OBJECTS")


def test_malformed_certificates_never_crash_the_checker(certs, capsys):
    """Review item 6: every malformed certificate is REJECTED or UNREADABLE, never a traceback."""
    base = load(certs, "f.claim-instance")
    bad = []
    deep = "[" * 100000 + "]" * 100000
    bad.append(("deep.cert.json", deep))
    big = copy.deepcopy(load(certs, "f.rank"))
    big["obligations"][0]["prime"] = int("7" * 5000)
    bad.append(("big.cert.json", json.dumps(big)))
    for k, mutate in enumerate([
        lambda c: c.update(witness="a string"),
        lambda c: c["obligations"].append({"rule": "rank_ge", "matrix": "W0", "r": [], "rows": "x"}),
        lambda c: c["obligations"].append({"rule": "det", "matrix": "W0", "value": {"poly": [[1, {"x": 10**9}]]}}),
        lambda c: c["obligations"].append({"rule": "rank_le", "matrix": "W0", "r": 0, "side": "right",
                                           "basis": {"shape": [2, 1], "rows": [[{"poly": 5}], [1]]}}),
        lambda c: c["obligations"].append(None),
        lambda c: c.update(obligations={"not": "a list"}),
        lambda c: c.update(objects=[1, 2]),
        lambda c: c.update(conclusion="yes"),
        lambda c: c.update(case={"file": 17, "id": None}),
    ]):
        c = copy.deepcopy(base)
        mutate(c)
        bad.append((f"bad{k}.cert.json", json.dumps(c)))
    paths = []
    for name, text in bad:
        (certs / "out" / name).write_text(text)
        paths.append(os.path.join("out", name))
    old = os.getcwd()
    os.chdir(certs)
    try:
        code = main(["check", *paths, "--timeout", "60"])
    finally:
        os.chdir(old)
    out = capsys.readouterr().out
    assert code in (1, 2) and "Traceback" not in out
    assert out.count("REJECTED") + out.count("UNREADABLE") == len(paths), out


def test_automatic_mutants_never_change_a_verdict(certs):
    """The mutation test of certificates (a sample: every check kind; bench/forge_all.py runs it over
    every certificate of `verify run cases/`)."""
    files = sorted(str(p) for p in (certs / "out").glob("f.*.cert.json"))
    data = [json.loads(open(f).read()) for f in files]
    rules = {ob.get("rule") for cert in data for ob in cert["obligations"]}
    assert {"det", "det_residues", "rank_ge", "rank_le", "inertia", "detbool", "inconsistent"} <= rules, rules
    old = os.getcwd()
    os.chdir(certs)
    try:
        total = 0
        for i, f in enumerate(files):
            res = forge.forge_certificate(f, [data[(i + 1) % len(data)], data[(i + 5) % len(data)]], most=6)
            assert res["failures"] == [], (f, res["failures"])
            total += res["mutants"]
    finally:
        os.chdir(old)
    assert total > 400


def test_a_planted_checker_bug_is_caught(certs, monkeypatch):
    """If the kernel believed the certificate's statement, the mutation test would fail."""
    from verify.kernel import check as kcheck

    real = kcheck.check

    def trusting(problem, cert):
        if isinstance(cert.get("statement"), dict):
            problem = dict(problem, statement=cert["statement"])
            cert = dict(cert)
            cert.pop("statement")
        return real(problem, cert)

    monkeypatch.setattr(forge, "check", trusting)
    f = str(certs / "out" / "f.claim-refuted.cert.json")
    old = os.getcwd()
    os.chdir(certs)
    try:
        res = forge.forge_certificate(f, [], most=2)
    finally:
        os.chdir(old)
    assert res["failures"], "the planted bug went unnoticed"
    shutil.rmtree(certs / "out" / "__pycache__", ignore_errors=True)


def test_retargeting_samples_the_obligations_of_a_large_certificate():
    import random

    cert = {"objects": {"A": {}, "B": {}}, "obligations": [{"rule": "det", "matrix": "A"} for _ in range(100)]}
    labels = [label for label, _ in forge.name_mutants(cert, random.Random(0), 12)]
    idx = [int(label.split("/")[1]) for label in labels]
    assert len(idx) == 12 and idx[0] == 0 and idx[-1] == 99 and idx == sorted(set(idx))
    assert all(label.endswith("-> B") for label in labels)
    small = dict(cert, obligations=cert["obligations"][:5])
    assert [label for label, _ in forge.name_mutants(small, random.Random(0), 12)] == \
        [f"obligations/{i}/matrix -> B" for i in range(5)]
