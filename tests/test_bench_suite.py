"""bench/run_all.py --quick writes the engines section with every row, and every row agrees with its peer."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))


def test_quick_suite_writes_every_row_in_agreement(tmp_path):
    import run_all

    out = tmp_path / "RESULTS.md"
    out.write_text("# Results\n\nolder text that must stay\n")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    p = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "run_all.py"), "--quick", "--repeat", "1",
                        "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert p.returncode == 0, p.stderr
    text = out.read_text()
    assert text.startswith("# Results\n\nolder text that must stay\n")
    assert text.count(run_all.BEGIN) == 1 and text.count(run_all.END) == 1
    body = text[text.index(run_all.BEGIN):text.index(run_all.END)]
    assert "## Engines suite (bench/run_all.py)" in body
    for key in ("load average", "blas threads", "python-flint", "sympy", "cores"):
        assert key in body.lower()
    rows = [line for line in body.splitlines() if line.startswith("| ") and not line.startswith("| benchmark")]
    spec = run_all.rows_for(True)
    assert len(rows) == len(spec)
    for line, (bench, label, *_rest) in zip(rows, spec):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[0] == bench and cells[1] == label
        assert cells[-1] == "true", line
        assert re.match(r"[0-9.e-]+ \(", cells[2]), line            # ours ran (no failure, no skip)
    assert "FAILED" not in body and "failed" not in body
    # a second run replaces the section, it does not append another one
    p = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "run_all.py"), "--quick", "--repeat", "1",
                        "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert p.returncode == 0, p.stderr
    assert out.read_text().count(run_all.BEGIN) == 1


def test_section_write_is_in_place(tmp_path):
    import run_all

    out = tmp_path / "R.md"
    out.write_text(f"head\n{run_all.BEGIN}\nold\n{run_all.END}\ntail\n")
    run_all.write_section(str(out), f"{run_all.BEGIN}\nnew\n{run_all.END}\n")
    assert out.read_text() == f"head\n{run_all.BEGIN}\nnew\n{run_all.END}\ntail\n"
