"""The `verify` command: exit statuses, --json records, `verify check` acceptance and rejection."""

import json
import os
import subprocess
import sys

import pytest

from verify.cli import main

RANK_OK = """
id: t.ok
title: identity has full rank
check: rank
matrix: {identity: 3}
expect: {rank: full}
crosscheck: [float64]
"""
RANK_FALSE = """
id: t.false
check: rank
matrix: [[1, 2], [2, 4]]
expect: {rank: full}
"""
MALFORMED = """
id: t.bad
check: rank
matrix: [[1, 0.5], [2, 4]]
"""
HUGE = """
id: t.huge
check: rank
matrix: {zeros: [3000, 3000]}
expect: {rank: 0}
"""


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_exit_0_and_json(tmp_path, capsys):
    f = write(tmp_path, "ok.yaml", RANK_OK)
    code, out, _ = run(["run", f, "--out", str(tmp_path / "r"), "--json"], capsys)
    assert code == 0
    rec = json.loads(out.strip().splitlines()[-1])
    for key in ("id", "check", "verdict", "value", "certificate", "seconds", "crosscheck"):
        assert key in rec
    assert rec["verdict"] == "CONFIRMED" and rec["value"] == {"rank": 3}
    assert rec["crosscheck"] and rec["crosscheck"][0]["status"] in ("agrees", "disagrees", "too-close")
    assert os.path.exists(rec["certificate"])


def test_exit_1_refuted(tmp_path, capsys):
    f = write(tmp_path, "f.yaml", RANK_FALSE)
    code, out, _ = run(["run", f, "--out", str(tmp_path / "r"), "--json"], capsys)
    assert code == 1
    assert json.loads(out.strip())["value"] == {"rank": 1}


def test_exit_2_malformed_names_file_case_key(tmp_path, capsys):
    f = write(tmp_path, "bad.yaml", MALFORMED)
    ok = write(tmp_path, "ok.yaml", RANK_OK)
    code, out, _ = run(["run", f, ok, "--out", str(tmp_path / "r"), "--json"], capsys)
    assert code == 2
    recs = [json.loads(line) for line in out.strip().splitlines()]
    bad = [r for r in recs if r["verdict"] == "ERROR"][0]
    assert "bad.yaml" in bad["reason"] and "t.bad" in bad["reason"] and "matrix" in bad["reason"]
    assert any(r["verdict"] == "CONFIRMED" for r in recs)  # the good case still ran


def test_exit_3_unknown_beyond_size_limit(tmp_path, capsys):
    f = write(tmp_path, "h.yaml", HUGE)
    code, out, _ = run(["run", f, "--out", str(tmp_path / "r"), "--json", "--max-entries", "1000000"], capsys)
    assert code == 3
    rec = json.loads(out.strip())
    assert rec["verdict"] == "UNKNOWN" and rec["reason"]


def test_usage_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["run"])
    assert e.value.code == 2
    code, _, err = run(["run", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "r")], capsys)
    assert code == 2
    assert main([]) == 2


def test_check_accepts_and_rejects(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "ok.yaml", RANK_OK)
    write(tmp_path, "f.yaml", RANK_FALSE)
    run(["run", "ok.yaml", "f.yaml", "--out", "r"], capsys)
    code, out, _ = run(["check", "r"], capsys)
    assert code == 0 and out.count("ACCEPTED") == 2
    # altered number inside the certificate
    cert = json.loads((tmp_path / "r" / "t.false.cert.json").read_text())
    le = [o for o in cert["obligations"] if o["rule"] == "rank_le"][0]
    le["basis"]["rows"][0][0] = le["basis"]["rows"][0][0] + 1
    (tmp_path / "bad.cert.json").write_text(json.dumps(cert))
    code, out, _ = run(["check", "bad.cert.json"], capsys)
    assert code == 1 and "REJECTED" in out
    # altered verdict
    cert = json.loads((tmp_path / "r" / "t.false.cert.json").read_text())
    cert["conclusion"]["verdict"] = "CONFIRMED"
    (tmp_path / "bad2.cert.json").write_text(json.dumps(cert))
    assert run(["check", "bad2.cert.json"], capsys)[0] == 1
    # the case file changed (it now defines a different matrix): the certificate no longer belongs to it
    write(tmp_path, "f.yaml", RANK_FALSE.replace("[2, 4]", "[2, 5]"))
    code, out, _ = run(["check", "r/t.false.cert.json"], capsys)
    assert code == 1 and "CASE: case file f.yaml has changed" in out
    # unreadable
    (tmp_path / "junk.cert.json").write_text("{not json")
    assert run(["check", "junk.cert.json"], capsys)[0] == 2


def test_help_texts():
    out = subprocess.run([sys.executable, "-m", "verify.cli", "run", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for word in ("CONFIRMED", "REFUTED", "UNKNOWN", "exit status", "--jobs", "--timeout", "--json", "--out"):
        assert word in out.stdout


def test_timeout_ends_unknown_and_run_goes_on(tmp_path, capsys):
    slow = """
cases:
  - id: t.slow
    check: determinant
    matrix: {symbolic: [9, 9], name: x}
  - id: t.fast
    check: rank
    matrix: {identity: 2}
"""
    f = write(tmp_path, "s.yaml", slow)
    code, out, _ = run(["run", f, "--out", str(tmp_path / "r"), "--json", "--timeout", "2"], capsys)
    recs = {r["id"]: r for r in map(json.loads, out.strip().splitlines())}
    assert recs["t.slow"]["verdict"] == "UNKNOWN" and "time limit" in recs["t.slow"]["reason"]
    assert recs["t.fast"]["verdict"] == "COMPUTED"
    assert code == 3
