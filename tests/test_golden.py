"""Behaviour is pinned: every shipped case's verdict and value equals the committed golden table
`cases/golden.json`.  A change in a shipped verdict fails here until the table is regenerated
(`verify run cases/ --out R && python -m verify.report.golden R > cases/golden.json`) and the change
is reviewed in the diff.

This runs the whole shipped set once (about a minute on 2 cores), without reports."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from verify.report.golden import read_results, table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden-run")
    proc = subprocess.run([sys.executable, "-m", "verify", "run", "cases", "--out", str(out), "--no-report",
                           "--no-crosscheck", "-q", "--progress", "off"],
                          cwd=ROOT, capture_output=True, text=True, timeout=1500,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    assert proc.returncode in (0, 1, 3), proc.stderr[-3000:]
    return table(read_results(out))


def test_every_shipped_case_has_its_golden_verdict_and_value(shipped_run):
    golden = json.loads((ROOT / "cases" / "golden.json").read_text())
    missing = sorted(set(golden) - set(shipped_run))
    new = sorted(set(shipped_run) - set(golden))
    changed = {k: (golden[k], shipped_run[k]) for k in sorted(set(golden) & set(shipped_run))
               if golden[k] != shipped_run[k]}
    lines = [f"{k}: golden {g} != now {n}" for k, (g, n) in list(changed.items())[:20]]
    assert not missing and not new and not changed, (
        f"{len(missing)} cases gone {missing[:10]}, {len(new)} new {new[:10]}, {len(changed)} changed:\n"
        + "\n".join(lines))


def test_golden_table_is_not_trivial():
    golden = json.loads((ROOT / "cases" / "golden.json").read_text())
    verdicts = [v["verdict"] for v in golden.values()]
    assert len(golden) > 500 and verdicts.count("REFUTED") > 20 and verdicts.count("CONFIRMED") > 400
    assert all(v["verdict"] in ("CONFIRMED", "REFUTED", "COMPUTED", "UNKNOWN") for v in golden.values())
