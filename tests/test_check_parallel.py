"""`verify check -j N`: certificates checked in parallel child processes, results in input order,
a hanging check killed at its timeout, and case files parsed once per content."""

import json
import os

import pytest

from verify import checker
from verify.cli import main

CASES = """cases:
  - {id: p.a, check: rank, matrix: [[1, 2], [2, 4]], expect: {rank: 1}}
  - {id: p.b, check: determinant, matrix: [[2, 1], [1, 2]], expect: {det: 3}}
  - {id: p.c, check: rank, matrix: [[1, 0], [0, 1]], expect: {rank: 1}}
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("par")
    (d / "cases.yaml").write_text(CASES)
    old = os.getcwd()
    os.chdir(d)
    try:
        assert main(["run", "cases.yaml", "--out", "out", "--no-report", "-q", "--progress", "off"]) == 1
    finally:
        os.chdir(old)
    return d


def test_outcomes_come_in_input_order_whatever_the_jobs(run):
    certs = [str(run / "out" / f"p.{x}.cert.json") for x in "cba"]
    bad = run / "bad.cert.json"
    forged = json.loads((run / "out" / "p.a.cert.json").read_text())
    forged["conclusion"]["verdict"] = "REFUTED"
    bad.write_text(json.dumps(forged))
    order = certs + [str(bad)]
    old = os.getcwd()
    os.chdir(run)
    try:
        for jobs in (1, 2, 4):
            got = list(checker.check_files_limited(order, None, 60, "auto", jobs))
            assert [p for p, _ in got] == order
            kinds = [k for _, (k, _) in got]
            assert kinds == ["ok", "ok", "ok", "rejected"], got
            assert [r["verdict"] for _, (k, r) in got[:3]] == ["REFUTED", "CONFIRMED", "CONFIRMED"]
    finally:
        os.chdir(old)


def test_a_hanging_check_is_killed_at_its_timeout_and_the_others_go_on(run):
    fifo = run / "hang.cert.json"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    if not fifo.exists():
        os.mkfifo(fifo)            # reading it blocks forever: the child hangs
    good = str(run / "out" / "p.b.cert.json")
    old = os.getcwd()
    os.chdir(run)
    try:
        got = list(checker.check_files_limited([str(fifo), good], None, 1.5, "auto", 2))
    finally:
        os.chdir(old)
    assert got[0][1][0] == "rejected" and "TIMEOUT" in got[0][1][1]
    assert got[1][1][0] == "ok" and got[1][1][1]["verdict"] == "CONFIRMED"


def test_cli_check_jobs(run, capsys):
    old = os.getcwd()
    os.chdir(run)
    try:
        assert main(["check", "out", "-j", "2"]) == 0
        out = capsys.readouterr().out
        assert out.count("ACCEPTED") == 3
        assert main(["check", "out", "-j", "0"]) == 2
    finally:
        os.chdir(old)


def test_case_file_cache_is_keyed_by_content(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("id: k.one\ncheck: rank\nmatrix: [[1]]\n")
    first = checker.load_case_file(str(f))
    assert checker.load_case_file(str(f)) is first          # same bytes: parsed once
    f.write_text("id: k.two\ncheck: rank\nmatrix: [[1]]\n")
    second = checker.load_case_file(str(f))
    assert [c.id for c in second] == ["k.two"] and second[0].file_sha256 != first[0].file_sha256
    f.write_text("id: [oops\n")
    with pytest.raises(checker.Unreadable):
        checker.load_case_file(str(f))


def test_export_problem_then_the_kernel_alone(run, tmp_path):
    import subprocess
    import sys

    old = os.getcwd()
    os.chdir(run)
    try:
        assert main(["check", "out", "--export-problem", str(tmp_path / "pb")]) == 0
    finally:
        os.chdir(old)
    problem = tmp_path / "pb" / "p.b.problem.json"
    doc = json.loads(problem.read_text())
    assert doc["objects"]["M"]["rows"] == [[2, 1], [1, 2]] and doc["statement"]["predicate"] == {"eq": [{"det": "M"}, 3]}
    cert = run / "out" / "p.b.cert.json"
    k = subprocess.run([sys.executable, "-m", "verify.kernel", str(problem), str(cert)], capture_output=True, text=True)
    assert k.returncode == 0, k.stdout + k.stderr
    forged = json.loads(cert.read_text())
    forged["conclusion"]["value"] = {"det": 4}
    (tmp_path / "f.json").write_text(json.dumps(forged))
    k = subprocess.run([sys.executable, "-m", "verify.kernel", str(problem), str(tmp_path / "f.json")],
                       capture_output=True, text=True)
    assert k.returncode == 1, k.stdout + k.stderr
