"""Fault injection at scale (issue 13): what tests/test_faults_runs.py does a handful of times.

  kills      `verify run CASES -j 2` SIGKILLed (process group, or the parent alone) at a uniformly
             random moment of its run; then every file in --out must be complete (JSON parses,
             pages end as rendered, nothing empty), `verify check` must accept every certificate,
             `verify report` must rebuild the pages, and no worker may survive.  Runs accumulate
             in one --out, as a user re-running after a crash would; a final `--resume` must give
             the verdicts of an undisturbed run.
  sigints    the same run, SIGINT to the process group at a random moment: exit 130 (or the
             run's own status when it had already finished), no traceback, no "Exception ignored",
             no UNKNOWN "worker process died", the finished certificates accepted.
  runs       the whole set (default cases/) run N times: the same verdict and value per case on
             every run (the flake "unknown claim id" showed up once in a full run).

Usage: python bench/faults.py [--kills 50] [--sigints 20] [--runs 3] [--kill-cases cases/basics]
       [--full-cases cases/] [--seed 13]
Prints one line per iteration and the failure counts; exit status 1 when anything failed.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
VERIFY = [sys.executable, "-m", "verify.cli"]
TMP_PREFIX = ".verify-tmp-"


def start(argv):
    return subprocess.Popen(VERIFY + argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True)


def run(argv, timeout=3600):
    p = subprocess.run(VERIFY + argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def incomplete_files(out):
    bad = []
    for name in sorted(os.listdir(out)) if os.path.isdir(out) else ():
        path = os.path.join(out, name)
        if name.startswith(".") or os.path.isdir(path):
            continue
        try:
            with open(path, "rb") as f:
                data = f.read()
            if not data:
                raise ValueError("empty")
            if name.endswith(".json"):
                json.loads(data)
            elif name.endswith(".html") and not data.rstrip().endswith(b"</html>"):
                raise ValueError("truncated page")
        except (OSError, ValueError) as e:
            bad.append(f"{name}: {e}")
    return bad


def lingering(out):
    end = time.monotonic() + 20
    while time.monotonic() < end:
        left = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        if out.encode() in f.read():
                            left.append(pid)
                except OSError:
                    pass
        if not left:
            return []
        time.sleep(0.1)
    return left


def after_fault(out):
    """Problems with what a killed or interrupted run left in `out` (empty list: none)."""
    problems = [f"incomplete {b}" for b in incomplete_files(out)]
    if lingering(out):
        problems.append("a worker outlived the run")
    if os.path.isdir(out) and any(n.endswith(".cert.json") for n in os.listdir(out)):
        code, stdout, _ = run(["check", out])
        if code != 0:
            problems.append(f"verify check exit {code}: " + "; ".join(
                line for line in stdout.splitlines() if not line.startswith("ACCEPTED"))[:300])
    if os.path.isdir(out) and any(n.endswith(".result.json") for n in os.listdir(out)):
        code, _, err = run(["report", out])
        if code != 0:
            problems.append(f"verify report exit {code}: {err.strip()[-300:]}")
    return problems


def verdicts(stdout):
    return {r["id"]: (r["verdict"], json.dumps(r["value"], sort_keys=True)) for r in map(json.loads, stdout.splitlines())}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--sigints", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--kill-cases", default="cases/basics")
    ap.add_argument("--full-cases", default="cases/")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="verify-faults-")
    failures = {"kills": 0, "sigints": 0, "runs": 0}
    try:
        t0 = time.monotonic()
        code, stdout, err = run(["run", a.kill_cases, "--out", os.path.join(tmp, "reference"), "--json", "-j", "2"])
        span = time.monotonic() - t0
        reference = verdicts(stdout)
        print(f"reference run of {a.kill_cases}: {len(reference)} cases, exit {code}, {span:.1f} s")
        if not reference:
            print(err[-2000:])
            return 1

        out = os.path.join(tmp, "killed")
        for i in range(a.kills):
            p = start(["run", a.kill_cases, "--out", out, "-j", "2", "-q"])
            at = rng.uniform(0, span)
            time.sleep(at)
            whom = "parent" if i % 2 else "group"
            if whom == "parent":
                os.kill(p.pid, signal.SIGKILL)
            else:
                os.killpg(p.pid, signal.SIGKILL)
            p.communicate(timeout=600)
            problems = after_fault(out)
            failures["kills"] += bool(problems)
            print(f"kill {i + 1}/{a.kills} ({whom}) at {at:.2f} s: {'; '.join(problems) or 'ok'}", flush=True)
        if a.kills:
            code, stdout, err = run(["run", a.kill_cases, "--out", out, "--json", "-j", "2", "--resume"])
            left = [n for n in os.listdir(out) if n.startswith(TMP_PREFIX)]
            same = verdicts(stdout) == reference
            failures["kills"] += (not same) + bool(left)
            print(f"resume after the kills: exit {code}, verdicts {'as the reference' if same else 'DIFFER'}, "
                  f"{len(left)} temporary files left")

        for i in range(a.sigints):
            out = os.path.join(tmp, f"sigint-{i}")
            p = start(["run", a.kill_cases, "--out", out, "-j", "2", "--json"])
            at = rng.uniform(0, span)
            time.sleep(at)
            os.killpg(p.pid, signal.SIGINT)
            t = time.monotonic()
            stdout, err = p.communicate(timeout=600)
            took = time.monotonic() - t
            problems = after_fault(out)
            if p.returncode not in (130, code):
                problems.append(f"exit {p.returncode}")
            if p.returncode == 130 and "cases not run" not in err and "verify: interrupted" not in err:
                problems.append("exit 130 without saying so")
            for bad in ("Traceback", "Exception ignored", "worker process died"):
                if bad in err or bad in stdout:
                    problems.append(f"{bad!r} in the output: {err.strip().splitlines()[-1][:200]}")
            failures["sigints"] += bool(problems)
            print(f"sigint {i + 1}/{a.sigints} at {at:.2f} s: exit {p.returncode} after {took:.2f} s: "
                  f"{'; '.join(problems) or 'ok'}", flush=True)

        first = None
        for i in range(a.runs):
            t = time.monotonic()
            code, stdout, err = run(["run", a.full_cases, "--out", os.path.join(tmp, f"full-{i}"), "--json"])
            got = verdicts(stdout)
            errors = sorted(k for k, (v, _) in got.items() if v == "ERROR")
            if first is None:
                first = got
            diff = sorted(k for k in set(first) | set(got) if first.get(k) != got.get(k))
            failures["runs"] += bool(diff) + bool(errors)
            print(f"full run {i + 1}/{a.runs}: {len(got)} cases, exit {code}, {time.monotonic() - t:.1f} s, "
                  f"{len(diff)} differ from run 1{': ' + ', '.join(diff[:5]) if diff else ''}, "
                  f"{len(errors)} ERROR{': ' + ', '.join(errors[:5]) if errors else ''}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"failures: {failures['kills']} of {a.kills} kills, {failures['sigints']} of {a.sigints} interrupts, "
          f"{failures['runs']} of {a.runs} full runs")
    return 1 if any(failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
