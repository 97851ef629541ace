"""Runs that survive faults (issue 13), the in-process part: atomic writes, the output lock, write
errors (read-only and full disk, mocked), links planted in --out, --resume, the data-file path
policy, and the claim registry in forked workers.  The subprocess part (kills, SIGINT, concurrent
runs, real tmpfs mounts, determinism) is tests/test_faults_runs.py."""

import errno
import json
import os
import signal
import time

import pytest

from verify import outputs, runner
from verify.cli import main


def quick_cases(root, n=6, claim=True, data=True):
    """A case file with `n` small rank cases (all CONFIRMED), a claim case and a data-file case."""
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    lines = ["cases:"]
    for i in range(n):
        lines.append(f"  - {{id: q.r{i:02d}, check: rank, matrix: [[1, {i}, 2], [0, 1, {i}], [1, {i + 1}, 3]], "
                     f"expect: {{rank: \">= 2\"}}}}")
    if claim:
        lines.append("  - {id: q.claim, check: claim, claim: gia.prop1, params: {d: 2}, expect: {verdict: confirmed}}")
    if data:
        with open(os.path.join(root, "data", "m.csv"), "w") as f:
            f.write("1,2\n3,4\n")
        lines.append("  - {id: q.file, check: determinant, matrix: {file: data/m.csv}, expect: {det: -2}}")
    path = os.path.join(root, "quick.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_complete(out_dir):
    """Every visible file is complete: JSON parses, pages end as rendered, nothing is empty (a
    directory not yet created is fine too)."""
    for name in os.listdir(out_dir) if os.path.isdir(out_dir) else ():
        path = os.path.join(out_dir, name)
        if name.startswith("."):
            continue
        assert not os.path.islink(path), name
        with open(path, "rb") as f:
            data = f.read()
        assert data, f"{name} is empty"
        if name.endswith(".json"):
            json.loads(data)
        elif name.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), name


# ------------------------------------------------------------------------------ atomic writes
def test_atomic_write_replaces_whole_files_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "a.json"
    outputs.write_json(p, {"x": 1})
    outputs.write_json(p, {"x": 2}, sort_keys=False)
    assert json.loads(p.read_text()) == {"x": 2}
    assert os.listdir(tmp_path) == ["a.json"]
    assert oct(p.stat().st_mode & 0o777) == oct(0o666 & ~outputs._umask())


def test_a_write_killed_midway_leaves_the_old_file(tmp_path, monkeypatch):
    """A writer SIGKILLed in the middle of a file: the target keeps its old content (a write in
    place would leave the first half), the hidden temporary goes at the next clean-up."""
    target = tmp_path / "c.cert.json"
    target.write_text('{"old": true}\n')
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child writes half of a large file, says so, and waits to be killed
        os.close(r)
        real = outputs._write_all

        def half_then_wait(fd, data):
            real(fd, data[: len(data) // 2])
            os.write(w, b"x")
            time.sleep(60)

        outputs._write_all = half_then_wait
        try:
            outputs.write_json(target, {"big": "y" * 1_000_000})
        finally:
            os._exit(3)
    os.close(w)
    assert os.read(r, 1) == b"x"
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(r)
    assert json.loads(target.read_text()) == {"old": True}
    leftovers = [n for n in os.listdir(tmp_path) if n != "c.cert.json"]
    assert leftovers and all(n.startswith(outputs.TMP_PREFIX) for n in leftovers)
    assert outputs.clean_temporaries(tmp_path) == len(leftovers)
    assert os.listdir(tmp_path) == ["c.cert.json"]


def test_the_certificate_is_written_through_the_safe_writer(tmp_path, monkeypatch):
    """run_case writes its certificate with verify.outputs: a failing rename leaves no file and
    stops with OutputError, never an UNKNOWN verdict."""
    from verify.cases import load_file
    from verify.pipeline import run_case

    case = load_file(quick_cases(str(tmp_path), n=1, claim=False, data=False))[0]

    def no_rename(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(outputs.os, "replace", no_rename)
    with pytest.raises(outputs.OutputError, match="Read-only file system") as e:
        run_case(case, out_dir=str(tmp_path / "out"))
    assert e.value.path.endswith("q.r00.cert.json")
    assert os.listdir(tmp_path / "out") == []


# ------------------------------------------------------------------------------ write errors
@pytest.mark.parametrize("code, words", [(errno.EROFS, "Read-only file system"), (errno.EACCES, "Permission denied")])
def test_unwritable_out_is_exit_2_naming_the_path(tmp_path, capsys, monkeypatch, code, words):
    f = quick_cases(str(tmp_path), n=2)
    out = tmp_path / "out"
    out.mkdir()

    def refuse(*a, **k):
        raise OSError(code, words)

    monkeypatch.setattr(outputs.tempfile, "mkstemp", refuse)
    status, _, err = run(["run", f, "--out", str(out), "-j", "2"], capsys)
    assert status == 2
    assert "cannot write" in err and str(out) in err and words in err and "Traceback" not in err
    assert [n for n in os.listdir(out) if not n.startswith(".")] == []


def test_full_disk_is_exit_2_and_leaves_no_partial_file(tmp_path, capsys, monkeypatch):
    """The disk fills up after a few files (mocked ENOSPC in the middle of a write, in the workers
    and in the parent alike): exit 2, the path named, every file present is complete."""
    f = quick_cases(str(tmp_path), n=8)
    out = str(tmp_path / "out")
    real, budget = outputs._write_all, [9]

    def filling(fd, data):
        budget[0] -= 1
        if budget[0] < 0:
            os.write(fd, bytes(data[: len(data) // 3]))
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(outputs, "_write_all", filling)
    status, _, err = run(["run", f, "--out", out, "-j", "1"], capsys)
    assert status == 2
    assert "No space left on device" in err and out in err and "Traceback" not in err and "stopped" in err
    assert_complete(out)
    assert not [n for n in os.listdir(out) if n.startswith(outputs.TMP_PREFIX)]


def test_out_is_a_file(tmp_path, capsys):
    f = quick_cases(str(tmp_path), n=1)
    (tmp_path / "taken").write_text("x")
    status, _, err = run(["run", f, "--out", str(tmp_path / "taken")], capsys)
    assert status == 2 and "not a directory" in err and "Traceback" not in err


# ------------------------------------------------------------------------------ links in --out
def test_links_planted_in_out_are_replaced_never_written_through(tmp_path, capsys):
    f = quick_cases(str(tmp_path), n=2)
    out = tmp_path / "out"
    out.mkdir()
    victims = {}
    for name in ("q.r00.cert.json", "q.r00.result.json", "q.r01.html", "index.html", "index.md"):
        v = tmp_path / f"victim-{name}"
        v.write_text("precious\n")
        victims[name] = v
        os.symlink(v, out / name)
    status, _, _ = run(["run", f, "--out", str(out), "-j", "2"], capsys)
    assert status == 0
    for name, v in victims.items():
        assert v.read_text() == "precious\n"
        assert not os.path.islink(out / name) and (out / name).stat().st_size > 0
    assert_complete(str(out))


def test_a_planted_lock_link_is_refused(tmp_path, capsys):
    f = quick_cases(str(tmp_path), n=1)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    os.symlink(victim, out / outputs.LOCK_NAME)
    status, _, err = run(["run", f, "--out", str(out)], capsys)
    assert status == 2 and "cannot write" in err and outputs.LOCK_NAME in err
    assert victim.read_text() == "precious\n"


def test_resume_does_not_read_a_linked_certificate(tmp_path, capsys):
    f = quick_cases(str(tmp_path), n=1, claim=False, data=False)
    out = tmp_path / "out"
    assert run(["run", f, "--out", str(out)], capsys)[0] == 0
    os.rename(out / "q.r00.cert.json", tmp_path / "elsewhere.json")
    os.symlink(tmp_path / "elsewhere.json", out / "q.r00.cert.json")
    status, stdout, _ = run(["run", f, "--out", str(out), "--resume", "--json"], capsys)
    rec = json.loads(stdout.splitlines()[0])
    assert status == 0 and not rec.get("resumed") and not os.path.islink(out / "q.r00.cert.json")


# ------------------------------------------------------------------------------ the lock
def test_a_second_run_into_the_same_out_is_refused(tmp_path, capsys):
    f = quick_cases(str(tmp_path), n=1)
    out = tmp_path / "out"
    with outputs.OutputLock(out):  # another run holds the directory
        status, _, err = run(["run", f, "--out", str(out)], capsys)
        assert status == 2 and "another verify run" in err and f"pid {os.getpid()}" in err
        assert [n for n in os.listdir(out) if not n.startswith(".")] == []
        status, _, err = run(["report", str(out)], capsys)
        assert status == 2 and "another verify run" in err
    assert run(["run", f, "--out", str(out)], capsys)[0] == 0  # released


# ------------------------------------------------------------------------------ interruption
def test_interrupted_run_keeps_the_finished_cases(tmp_path, capsys, monkeypatch):
    """A signal after the third result: exit 130, the three finished cases written, the rest
    reported as not run (not as UNKNOWN), the index listing exactly the finished ones."""
    f = quick_cases(str(tmp_path), n=8)
    out = str(tmp_path / "out")
    real = runner.OutputSink.add

    def add_then_signal(self, r):
        real(self, r)
        if len(self.results) == 3:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(runner.OutputSink, "add", add_then_signal)
    before = signal.getsignal(signal.SIGINT)
    status, stdout, err = run(["run", f, "--out", out, "-j", "1", "--json"], capsys)
    assert status == 130
    recs = [json.loads(line) for line in stdout.splitlines()]
    assert len(recs) == 3 and all(r["verdict"] == "CONFIRMED" for r in recs)
    assert "interrupted (SIGINT)" in err and "7 of 10 cases not run" in err and "--resume" in err
    assert sorted(n for n in os.listdir(out) if n.endswith(".result.json")) == sorted(r["id"] + ".result.json" for r in recs)
    index = open(os.path.join(out, "index.md")).read()
    assert all(r["id"] in index for r in recs) and "q.r07" not in index
    assert signal.getsignal(signal.SIGINT) is before  # the run's handler is gone


# ------------------------------------------------------------------------------ --resume
def test_resume_skips_accepted_certificates_only(tmp_path, capsys):
    f = quick_cases(str(tmp_path), n=4)
    out = tmp_path / "out"
    status, stdout, _ = run(["run", f, "--out", str(out), "--json"], capsys)
    first = {r["id"]: r for r in map(json.loads, stdout.splitlines())}
    assert status == 0
    os.remove(out / "q.r01.cert.json")                       # missing: runs again
    cert = json.loads((out / "q.r02.cert.json").read_text())  # altered: rejected, runs again
    cert["conclusion"]["value"] = {"rank": 2}
    (out / "q.r02.cert.json").write_text(json.dumps(cert))
    (out / "q.r03.result.json").unlink()                     # record lost: rebuilt from the certificate
    status, stdout, err = run(["run", f, "--out", str(out), "--json", "--resume"], capsys)
    second = {r["id"]: r for r in map(json.loads, stdout.splitlines())}
    assert status == 0 and "resumed from earlier certificates" in err
    assert {i for i, r in second.items() if r.get("resumed")} == set(first) - {"q.r01", "q.r02"}
    for i in first:
        assert (second[i]["verdict"], second[i]["value"]) == (first[i]["verdict"], first[i]["value"])
    assert second["q.r00"]["seconds"] == first["q.r00"]["seconds"]  # the old record, re-used
    assert second["q.r03"]["certificate"].endswith("q.r03.cert.json") and "rebuilt" in second["q.r03"]["notes"][0]
    assert run(["check", str(out)], capsys)[0] == 0


def test_resume_reruns_when_the_case_changed(tmp_path, capsys):
    f = quick_cases(str(tmp_path), n=1, claim=False, data=False)
    out = str(tmp_path / "out")
    assert run(["run", f, "--out", out], capsys)[0] == 0
    with open(f) as fh:
        text = fh.read()
    with open(f, "w") as fh:
        fh.write(text.replace("[[1, 0, 2], [0, 1, 0], [1, 1, 3]]", "[[1, 0, 2], [0, 1, 0], [1, 1, 2]]"))
    status, stdout, _ = run(["run", f, "--out", out, "--resume", "--json"], capsys)
    rec = json.loads(stdout.splitlines()[0])
    assert not rec.get("resumed") and rec["value"] == {"rank": 2} and status == 0


def test_a_sigint_while_modules_are_imported_is_not_lost(tmp_path, capsys, monkeypatch):
    """The ^C of the flaky SIGINT runs landed where Python prints and swallows exceptions (fork's
    at-fork hooks, importlib's module-lock callbacks, weakref callbacks).  Simulated: the signal
    arrives inside a weakref callback while the runner imports the engines.  The run must stop
    (exit 130), not go on to the end."""
    import weakref

    f = quick_cases(str(tmp_path), n=3)
    real = runner.preload

    class Thing:
        pass

    def preload_interrupted(cases=()):
        t = Thing()
        ref = weakref.ref(t, lambda r: os.kill(os.getpid(), signal.SIGINT))  # noqa: F841
        del t  # the callback runs here; a raising handler's KeyboardInterrupt is printed and ignored
        real(cases)

    monkeypatch.setattr(runner, "preload", preload_interrupted)
    status, stdout, err = run(["run", f, "--out", str(tmp_path / "out"), "--json"], capsys)
    assert status == 130 and stdout == "" and "5 of 5 cases not run" in err


def test_waiting_for_a_busy_out_can_be_interrupted(tmp_path, capsys):
    import threading

    f = quick_cases(str(tmp_path), n=1)
    out = tmp_path / "out"
    with outputs.OutputLock(out):
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        status, _, err = run(["run", f, "--out", str(out), "--wait"], capsys)
        timer.join()
    assert status == 130 and "waiting for it to end" in err and "interrupted" in err
