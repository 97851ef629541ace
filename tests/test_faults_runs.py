"""Runs that survive faults (issue 13), with real processes: `verify run` killed at random moments,
interrupted by SIGINT to its process group, run twice into one --out at once, run into a read-only
or a full tmpfs (when this machine lets an unprivileged user namespace mount one), and run twice
on cases/basics for the same verdicts.  bench/faults.py runs the same with many more iterations
and the whole shipped set."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from verify import outputs, runner
from verify.cli import main

from test_faults import assert_complete, quick_cases

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
VERIFY = [sys.executable, "-m", "verify.cli"]
SLOW = ("  - {id: q.slow1, check: determinant, matrix: {symbolic: [9, 9], name: x}}\n"
        "  - {id: q.slow2, check: determinant, matrix: {symbolic: [9, 9], name: y}}\n")


def start(argv, **kw):
    return subprocess.Popen(VERIFY + argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True, **kw)


def finished_records(out):
    return [n for n in os.listdir(out) if n.endswith(".result.json")] if os.path.isdir(out) else []


def wait_for(predicate, limit=60.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def no_process_writes_into(out):
    """No process (a worker left behind by a killed parent) has `out` on its command line."""
    def none_left():
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        if out.encode() in f.read():
                            return False
                except OSError:
                    pass
        return True
    return wait_for(none_left, 20.0)


def check_in_process(out, capsys):
    """`verify check` and `verify report` on what a run left: certificates all accepted (none
    unreadable), reports rebuilt."""
    certs = [n for n in os.listdir(out) if n.endswith(".cert.json")] if os.path.isdir(out) else []
    if certs:
        assert main(["check", out]) == 0, capsys.readouterr().out
    if finished_records(out):
        assert main(["report", out]) == 0, capsys.readouterr().err
    capsys.readouterr()


def test_killed_runs_leave_every_file_complete_or_absent(tmp_path, capsys):
    """SIGKILL at random moments, to the run's process group or to the parent alone: every file
    parses or is absent, the certificates are accepted, the reports rebuild, no worker lingers;
    --resume then completes the run with the verdicts of an undisturbed one."""
    f = quick_cases(str(tmp_path), n=14)
    rng = random.Random(13)
    out = str(tmp_path / "out")
    for i in range(4):
        p = start(["run", f, "--out", out, "-j", "2", "-q"])
        time.sleep(rng.uniform(0.2, 2.5))
        if i % 2:
            os.kill(p.pid, signal.SIGKILL)  # the parent alone: its workers must die with it
        else:
            os.killpg(p.pid, signal.SIGKILL)
        p.communicate(timeout=60)
        assert no_process_writes_into(out), "a worker survived its parent"
        assert_complete(out)
        check_in_process(out, capsys)
    p = start(["run", f, "--out", out, "-j", "2", "--json", "--resume"])
    stdout, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    resumed = {r["id"]: r for r in map(json.loads, stdout.splitlines())}
    assert not [n for n in os.listdir(out) if n.startswith(outputs.TMP_PREFIX)]  # cleaned up
    clean = {r["id"]: r for r in runner.execute(runner.load_cases([f])[0], jobs=2, timeout=60,
                                                 out_dir=str(tmp_path / "clean"))}
    assert {i: (r["verdict"], r["value"]) for i, r in resumed.items()} == \
           {i: (r["verdict"], r["value"]) for i, r in clean.items()}


@pytest.mark.parametrize("when", ["while forking", "on slow cases"])
def test_sigint_to_the_process_group_stops_the_run(tmp_path, capsys, when):
    """^C (SIGINT to the whole group) while workers are being forked for quick cases, or while two
    slow cases (minutes each) run: exit 130 at once, the finished cases kept and accepted, the
    others reported as not run, never as UNKNOWN "worker process died"."""
    f = quick_cases(str(tmp_path), n=10)
    with open(f, "a") as fh:
        fh.write(SLOW + "".join(f"  - {{id: q.z{i}, check: rank, matrix: [[{i}, 1], [1, 1]]}}\n" for i in range(4)))
    out = str(tmp_path / "out")
    p = start(["run", f, "--out", out, "-j", "2", "--json", "--timeout", "300"])
    if when == "while forking":
        assert wait_for(lambda: len(finished_records(out)) >= 2)
    else:
        assert wait_for(lambda: len(finished_records(out)) >= 12)
        time.sleep(0.5)
    t0 = time.monotonic()
    os.killpg(p.pid, signal.SIGINT)
    stdout, err = p.communicate(timeout=60)
    assert time.monotonic() - t0 < 30  # generous: the slow cases alone take minutes
    assert p.returncode == 130, err
    assert "interrupted (SIGINT)" in err and "cases not run" in err
    assert "Traceback" not in err and "Exception ignored" not in err
    recs = [json.loads(line) for line in stdout.splitlines()]
    assert recs and all(r["verdict"] == "CONFIRMED" or r["verdict"] == "COMPUTED" for r in recs), recs
    assert sorted(finished_records(out)) == sorted(r["id"] + ".result.json" for r in recs)
    assert "q.slow1" not in {r["id"] for r in recs}
    assert no_process_writes_into(out)
    assert_complete(out)
    check_in_process(out, capsys)


def test_concurrent_runs_into_one_out_never_interleave(tmp_path, capsys):
    """While another process holds --out, a run is refused (exit 2, naming the holder) and two
    runs with --wait wait without writing anything; released, they run one after the other: every
    file is complete and their verdicts agree."""
    f = quick_cases(str(tmp_path), n=14)
    out = str(tmp_path / "out")
    with outputs.OutputLock(out):
        refused = start(["run", f, "--out", out, "-q"])
        _, err = refused.communicate(timeout=60)
        assert refused.returncode == 2 and f"another verify run (pid {os.getpid()})" in err
        logs = [tmp_path / f"err{k}" for k in range(2)]
        waiting = [subprocess.Popen(VERIFY + ["run", f, "--out", out, "-j", "2", "--json", "--wait"], cwd=ROOT,
                                    stdout=subprocess.PIPE, stderr=open(log, "w"), text=True) for log in logs]
        assert wait_for(lambda: all("waiting for it to end" in log.read_text() for log in logs))
        assert [n for n in os.listdir(out) if not n.startswith(".")] == []
    results = []
    for p in waiting:
        stdout, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        results.append({r["id"]: (r["verdict"], r["value"]) for r in map(json.loads, stdout.splitlines())})
    assert results[0] == results[1] and len(results[0]) == 16
    assert_complete(out)
    check_in_process(out, capsys)


def _in_namespace(script, tmp_path):
    """Run `script` (sh) as root of a fresh user and mount namespace; skip when not permitted."""
    if not shutil.which("unshare"):
        pytest.skip("no unshare(1)")
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                            f"mount -t tmpfs -o size=64k tmpfs {tmp_path}"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this machine does not let an unprivileged namespace mount a tmpfs")
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("mount, words", [("ro,size=1m", "Read-only file system"),
                                          ("size=40k", "No space left on device")])
def test_read_only_and_full_tmpfs(tmp_path, mount, words):
    """A real read-only and a real full file system (tmpfs): exit 2 naming the path, no
    traceback, and (full disk) every file that was written is complete."""
    f = quick_cases(str(tmp_path), n=14)
    mnt, copy = tmp_path / "mnt", tmp_path / "copy"
    mnt.mkdir()
    copy.mkdir()
    cmd = " ".join(VERIFY + ["run", f, "--out", str(mnt), "-j", "2", "-q"])
    res = _in_namespace(f"mount -t tmpfs -o {mount} tmpfs {mnt} && {{ {cmd}; echo rc=$?; }}; "
                        f"cp -a {mnt}/. {copy}/", mnt)
    assert "rc=2" in res.stdout, res.stderr
    assert f"cannot write {mnt}" in res.stderr and words in res.stderr and "Traceback" not in res.stderr
    assert_complete(str(copy))
    assert not [n for n in os.listdir(copy) if n.startswith(outputs.TMP_PREFIX)]


def test_repeated_runs_give_the_same_verdicts(tmp_path):
    """cases/basics twice, two workers each: the same verdict, value and certificate (apart from
    its timings) for every case.  bench/faults.py does this for the whole shipped set."""
    cases, errors = runner.load_cases([os.path.join(ROOT, "cases", "basics")])
    assert not errors

    def once(name):
        out = str(tmp_path / name)
        res = runner.execute(cases, jobs=2, timeout=120, out_dir=out)
        certs = {}
        for r in res:
            if r["certificate"]:
                cert = outputs.read_json(r["certificate"])
                cert.pop("meta")
                certs[r["id"]] = cert
        return {r["id"]: (r["verdict"], json.dumps(r["value"], sort_keys=True)) for r in res}, certs

    v1, c1 = once("a")
    v2, c2 = once("b")
    assert v1 == v2 and len(v1) == len(cases)
    assert c1 == c2


def test_workers_die_with_their_parent(tmp_path):
    """The parent SIGKILLed while its workers run slow cases: they end too (PR_SET_PDEATHSIG),
    instead of running on for minutes and writing into --out after the run is over."""
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    f = str(tmp_path / "slow.yaml")
    with open(f, "w") as fh:
        fh.write("cases:\n" + SLOW)
    out = str(tmp_path / "out")
    p = start(["run", f, "--out", out, "-j", "2", "--timeout", "300"])

    def workers():
        return [pid for pid in os.listdir("/proc") if pid.isdigit() and int(pid) != p.pid
                and out.encode() in _cmdline(pid)]

    assert wait_for(lambda: len(workers()) == 2)
    os.kill(p.pid, signal.SIGKILL)
    p.communicate(timeout=60)
    assert no_process_writes_into(out), workers()


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""
