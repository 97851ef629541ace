"""The golden table: every shipped case's verdict and value, committed, so that a changed verdict is
a visible, reviewed change (`tests/test_golden.py` runs the shipped cases and compares).

    python -m verify.report.golden reports/ > cases/golden.json

reads the `*.result.json` files of a run of `verify run cases/`.  Values are the certified values;
UNKNOWN and ERROR cases keep their reason's first words only (reasons name time limits and paths
that vary between machines).
"""

import json
import sys
from pathlib import Path

from ..verdicts import ERROR, Verdict


def entry(result):
    """What the golden table records of one result."""
    out = {"verdict": result.get("verdict"), "value": result.get("value") or {}}
    if result.get("verdict") in (Verdict.UNKNOWN, ERROR):
        out["reason"] = " ".join(str(result.get("reason") or "").split()[:6])
    return out


def table(results):
    return {str(r["id"]): entry(r) for r in sorted(results, key=lambda r: str(r["id"]))}


def read_results(out_dir):
    return [json.loads(p.read_text()) for p in sorted(Path(out_dir).glob("*.result.json"))]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    json.dump(table(read_results(argv[0])), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
