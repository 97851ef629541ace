"""Mutation testing of the checker's code (mutmut 3), file by file, and the score per file.

    python bench/mutation.py [--mutmut PATH] [--jobs N] [FILE ...]      (FILE: e.g. rules.py)
    python bench/mutation.py --report                                   (scores of the last run)

mutmut must live in a virtual environment of its own with the project's dependencies but not the
project (it imports `verify` from its `mutants/` copy):

    python3 -m venv /work/venvs/mut && /work/venvs/mut/bin/pip install mutmut sympy python-flint \
        numpy networkx PyYAML mpmath threadpoolctl pytest hypothesis

The configuration is `[tool.mutmut]` in pyproject.toml: the files mutated (the kernel and the
checking path), and the FAST test selection each mutant runs (the kernel's own tests and the
certificate forgery tests; mutmut runs only the tests that reach the mutated function).  This
script runs mutmut once per file (mutant names `verify.kernel.FILE.*`), so a slow file can be
left for later, then reads mutmut's result files (`mutants/**/*.py.meta`) and prints one table
row per file: mutants, killed, survived, no tests, timeout / other, and the score
killed / (killed + survived) -- the table of bench/RESULTS.md "Mutation testing".  The survivors
themselves: `mutmut results`, `mutmut show NAME`; their classes: verify/kernel/README.md.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tomllib

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
with open(os.path.join(ROOT, "pyproject.toml"), "rb") as _f:   # one list: [tool.mutmut] only_mutate
    FILES = tomllib.load(_f)["tool"]["mutmut"]["only_mutate"]
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", None: "not checked"}


def module_of(path):
    return path[:-3].replace("/", ".")


def scores():
    """{file: {status: count}} from mutmut's result files."""
    out = {}
    for meta in sorted(glob.glob(os.path.join(ROOT, "mutants", "verify", "**", "*.py.meta"), recursive=True)):
        rel = os.path.relpath(meta, os.path.join(ROOT, "mutants"))[:-len(".meta")]
        with open(meta, encoding="utf-8") as f:
            codes = json.load(f)["exit_code_by_key"]
        c = out.setdefault(rel, {})
        for code in codes.values():
            s = STATUS.get(code, "timeout / other")
            c[s] = c.get(s, 0) + 1
    return out


def survivors(path):
    meta = os.path.join(ROOT, "mutants", path + ".meta")
    if not os.path.exists(meta):
        return []
    with open(meta, encoding="utf-8") as f:
        return sorted(k for k, v in json.load(f)["exit_code_by_key"].items() if v == 0)


def table(sc):
    cols = ["killed", "survived", "no tests", "timeout / other", "not checked"]
    lines = ["| file | mutants | " + " | ".join(cols) + " | score killed / (killed + survived) |",
             "|---" * (len(cols) + 3) + "|"]
    tot = {}
    for f in FILES:
        if f not in sc:
            continue
        c = sc[f]
        for k, v in c.items():
            tot[k] = tot.get(k, 0) + v
        lines.append(row(f"`{f}`", c, cols))
    lines.append(row("**all**", tot, cols))
    return "\n".join(lines)


def row(name, c, cols):
    n, k, s = sum(c.values()), c.get("killed", 0), c.get("survived", 0)
    score = f"{100 * k / (k + s):.1f} %" if k + s else "-"
    return f"| {name} | {n} | " + " | ".join(str(c.get(x, 0)) for x in cols) + f" | {score} |"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="kernel file names (rules.py) or paths; default: all")
    ap.add_argument("--mutmut", default=shutil.which("mutmut") or "/work/venvs/mut/bin/mutmut")
    ap.add_argument("--jobs", type=int, default=1, help="mutmut --max-children (default 1)")
    ap.add_argument("--report", action="store_true", help="only print the table of the last run")
    ap.add_argument("--survivors", action="store_true",
                    help="re-run only the surviving mutants of the files (after tests were added)")
    a = ap.parse_args()
    os.chdir(ROOT)
    if not a.report:
        todo = [f if "/" in f else f"verify/kernel/{f}" for f in a.files] or FILES
        for f in todo:
            if f not in FILES:
                sys.exit(f"bench/mutation.py: {f} is not among the mutated files {FILES}")
            names = survivors(f) if a.survivors else [module_of(f) + ".*"]
            print(f"== {f}: {len(names) if a.survivors else 'all'} mutants", file=sys.stderr, flush=True)
            if names:
                subprocess.run([a.mutmut, "run", "--max-children", str(a.jobs), *names],
                               stdout=subprocess.DEVNULL, check=False)
    print(table(scores()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
