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
    certs = [json.load(open(f)) for f in files]
    t0 = time.time()
    total = accepted = 0
    failures = []
    by_kind = {}
    for i, f in enumerate(files):
        others = [certs[(i + 1) % len(certs)], certs[(i + 7) % len(certs)]]
        res = forge.forge_certificate(f, others, most=a.most)
        total += res["mutants"]
        accepted += res["accepted"]
        failures += [(f, *x) for x in res["failures"]]
        k = by_kind.setdefault(certs[i].get("check"), [0, 0, 0])
        k[0], k[1], k[2] = k[0] + 1, k[1] + res["mutants"], k[2] + res["accepted"]
        if (i + 1) % 50 == 0:
            print(f"  {i + 1}/{len(files)} certificates, {total} mutants so far", file=sys.stderr, flush=True)
    print(f"| check kind | certificates | mutants | accepted (same verdict or UNKNOWN) |\n|---|---|---|---|")
    for k, (n, m, acc) in sorted(by_kind.items()):
        print(f"| {k} | {n} | {m} | {acc} |")
    print(f"| **all** | **{len(files)}** | **{total}** | **{accepted}** |")
    print(f"\naccepted with a changed verdict: {len(failures)}; {time.time() - t0:.0f} s")
    for f, label, verdict in failures:
        print(f"FORGED {f}: {label}: {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
