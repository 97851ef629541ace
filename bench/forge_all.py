"""The certificate mutation test over every certificate of `verify run cases/`.

    python bench/forge_all.py [--out DIR] [--most N]

Runs the shipped cases (unless --out already holds a run), then `verify.forge` over every
certificate: mutants of the statement copy, the verdict and value, every number of the obligations
and the witness, object names and tables, embedded matrices, the case path, and whole certificates
moved onto other cases.  Prints the counts (certificates, mutants, accepted, accepted with a changed
verdict) for bench/RESULTS.md; exit status 1 if any accepted mutant changed a verdict.
"""

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/verify-forge-run")
    ap.add_argument("--most", type=int, default=12)
    ap.add_argument("--log", default=None,
                    help="append one JSON line per certificate here, and skip those already in it (resumable)")
    ap.add_argument("--max-bytes", type=int, default=None,
                    help="leave out certificates larger than this (listed; run them on their own)")
    a = ap.parse_args()
    os.chdir(ROOT)
    if not any(n.endswith(".cert.json") for n in (os.listdir(a.out) if os.path.isdir(a.out) else [])):
        subprocess.run([sys.executable, "-m", "verify.cli", "run", "cases/", "--out", a.out, "--no-report", "-q"],
                       check=False)
    from verify import forge

    files = forge.certificate_files([a.out])
    if a.max_bytes is not None:
        big = [f for f in files if os.path.getsize(f) > a.max_bytes]
        files = [f for f in files if f not in big]
        for f in big:
            print(f"left out (over {a.max_bytes} bytes): {f}", file=sys.stderr)
    done = {}
    if a.log and os.path.exists(a.log):
        with open(a.log, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    done[r["certificate"]] = r
    checks_of = {}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            checks_of[f] = json.load(fh).get("check")
    t0 = time.time()
    results = [done[f] for f in files if f in done]
    # smallest certificates first (most check kinds covered early in a long run); "others" as before
    for i, f in sorted(enumerate(files), key=lambda x: os.path.getsize(x[1])):
        if f in done:
            continue
        t1 = time.time()
        others = []
        for j in ((i + 1) % len(files), (i + 7) % len(files)):
            with open(files[j], encoding="utf-8") as fh:
                others.append(json.load(fh))
        res = forge.forge_certificate(f, others, most=a.most)
        r = {"certificate": f, "check": checks_of[f], "mutants": res["mutants"], "accepted": res["accepted"],
             "failures": res["failures"], "seconds": round(time.time() - t1, 1)}
        results.append(r)
        if a.log:
            with open(a.log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(r) + "\n")
        if len(results) % 50 == 0:
            print(f"  {len(results)}/{len(files)} certificates, {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    total = sum(r["mutants"] for r in results)
    accepted = sum(r["accepted"] for r in results)
    failures = [(r["certificate"], *x) for r in results for x in r["failures"]]
    by_kind = {}
    for r in results:
        k = by_kind.setdefault(r["check"], [0, 0, 0])
        k[0], k[1], k[2] = k[0] + 1, k[1] + r["mutants"], k[2] + r["accepted"]
    print(f"| check kind | certificates | mutants | accepted (same verdict or UNKNOWN) |\n|---|---|---|---|")
    for k, (n, m, acc) in sorted(by_kind.items()):
        print(f"| {k} | {n} | {m} | {acc} |")
    print(f"| **all** | **{len(results)}** | **{total}** | **{accepted}** |")
    print(f"\naccepted with a changed verdict: {len(failures)}; {time.time() - t0:.0f} s")
    for f, label, verdict in failures:
        print(f"FORGED {f}: {label}: {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
