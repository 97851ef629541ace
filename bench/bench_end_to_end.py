"""End-to-end timings of `verify run` and `verify check` against the python-flint route, whole processes.

For each d: a case file whose matrix is the column-wise Khatri-Rao product of two random d x d^2
integer matrices (entries -9..9, generator verify-random/1, seeds 1 and 2), stated to have full rank;
and a rank-deficient variant (rank d^2 - 3: the last three columns of A and B repeat the first
three, so the product has three repeated columns).  Timed, each as a fresh process, `--repeat` times:

  run     verify run CASE --no-report          (build, certificate, kernel check, verdict, files)
  check   verify check CERT                    (rebuild the matrix from the case, kernel check)
  flint   python -c: the same matrix (numpy), fmpz_mat(K.tolist()), nmod_mat(fmpz_mat, p).rank()

Medians (and min) of wall seconds and peak memory (GNU time's %M when /usr/bin/time exists).

Usage: python bench/bench_end_to_end.py --d 16 32 48 64 --repeat 3
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

FLINT_ROUTE = r"""
import sys, flint, numpy as np
from verify.cases import random_values
d = int(sys.argv[1]); deficient = sys.argv[2] == "1"
A = np.array(random_values(d * d * d, -9, 9, 1), dtype=np.int64).reshape(d, d * d)
B = np.array(random_values(d * d * d, -9, 9, 2), dtype=np.int64).reshape(d, d * d)
if deficient:  # the case file's A = [C | R | C], B = [D | S | D]
    C = np.array(random_values(3 * d, -9, 9, 3), dtype=np.int64).reshape(d, 3)
    D = np.array(random_values(3 * d, -9, 9, 4), dtype=np.int64).reshape(d, 3)
    R = np.array(random_values(d * (d * d - 6), -9, 9, 1), dtype=np.int64).reshape(d, d * d - 6)
    S = np.array(random_values(d * (d * d - 6), -9, 9, 2), dtype=np.int64).reshape(d, d * d - 6)
    A, B = np.hstack([C, R, C]), np.hstack([D, S, D])
K = (A[:, None, :] * B[None, :, :]).reshape(d * d, d * d)
r = flint.nmod_mat(flint.fmpz_mat(K.tolist()), 1073741789).rank()
print(r)
"""

def case_text(d, deficient):
    """The case file; the deficient variant is A = [C | R | C], B = [D | S | D] (C, D: d x 3), whose
    Khatri-Rao product repeats its first three columns at the end (rank d^2 - 3 generically)."""
    dd = d * d
    rnd = lambda m, n, seed: f"{{random: {{shape: [{m}, {n}], low: -9, high: 9, seed: {seed}}}}}"  # noqa: E731
    if deficient:
        let = (f"  C: {rnd(d, 3, 3)}\n  D: {rnd(d, 3, 4)}\n"
               f"  A: {{hstack: [C, {rnd(d, dd - 6, 1)}, C]}}\n  B: {{hstack: [D, {rnd(d, dd - 6, 2)}, D]}}\n")
        cid, title, expect = f"kr{d}-deficient", f"has rank {dd - 3}", dd - 3
    else:
        let = f"  A: {rnd(d, dd, 1)}\n  B: {rnd(d, dd, 2)}\n"
        cid, title, expect = f"kr{d}", "has full rank", "full"
    return cid, (f"id: {cid}\ntitle: Khatri-Rao product of random {d} x {dd} integer matrices {title}\n"
                 f"check: rank\nmatrix: {{khatri_rao: [A, B]}}\nlet:\n{let}expect: {{rank: {expect}}}\n"
                 f"limits: {{max_entries: 20000000}}\n")


def timed(cmd, env):
    gnu = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    full = ([gnu, "-f", "%e %M"] if gnu else []) + cmd
    t = time.perf_counter()
    p = subprocess.run(full, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    mem = None
    if gnu:
        last = p.stderr.strip().splitlines()[-1].split()
        wall, mem = float(last[0]), int(last[1]) / 1024
    return wall, mem, p


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--d", type=int, nargs="+", default=[16, 32, 48, 64])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for d in a.d:
            for deficient in (False, True):
                if deficient and d * d < 12:
                    continue
                cid, text = case_text(d, deficient)
                path = os.path.join(tmp, cid + ".yaml")
                open(path, "w").write(text)
                out = os.path.join(tmp, "out")
                stats = {}
                for stage in ("run", "check", "flint"):
                    vals, mems = [], []
                    for _ in range(a.repeat):
                        if stage == "run":
                            cmd = [sys.executable, "-m", "verify.cli", "run", path, "--no-report", "--out", out]
                        elif stage == "check":
                            cmd = [sys.executable, "-m", "verify.cli", "check", os.path.join(out, cid + ".cert.json")]
                        else:
                            cmd = [sys.executable, "-c", FLINT_ROUTE, str(d), "1" if deficient else "0"]
                        wall, mem, p = timed(cmd, env)
                        if p.returncode not in (0, 1):
                            print(f"stage {stage} failed: {p.stdout}\n{p.stderr}", file=sys.stderr)
                        vals.append(wall)
                        mems.append(mem)
                    stats[stage] = (statistics.median(vals), min(vals), max(m or 0 for m in mems))
                rows.append((d, deficient, stats))
                s = stats
                print(f"d={d:3d} {'deficient' if deficient else 'full     '}  run {s['run'][0]:6.2f}s  "
                      f"check {s['check'][0]:6.2f}s  flint {s['flint'][0]:6.2f}s  "
                      f"flint/run {s['flint'][0] / s['run'][0]:4.1f}x  peak MB run {s['run'][2]:.0f} "
                      f"check {s['check'][2]:.0f} flint {s['flint'][2]:.0f}", flush=True)
    print("\n| d | matrix | verify run | verify check | flint route | flint / run | peak MB (run, check, flint) |")
    print("|---|---|---|---|---|---|---|")
    for d, deficient, s in rows:
        print(f"| {d} | {'rank d²−3' if deficient else 'full rank'} | {s['run'][0]:.2f} (min {s['run'][1]:.2f}) "
              f"| {s['check'][0]:.2f} | {s['flint'][0]:.2f} | {s['flint'][0] / s['run'][0]:.1f}× "
              f"| {s['run'][2]:.0f}, {s['check'][2]:.0f}, {s['flint'][2]:.0f} |")


if __name__ == "__main__":
    main()
