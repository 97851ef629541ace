"""The README's Python example runs as written."""

import os
import re

ROOT = os.path.join(os.path.dirname(__file__), "..")


def test_library_example_runs(monkeypatch, tmp_path):
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text.split("## Use as a Python library", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code.replace("/tmp/verify-example", str(tmp_path)), "README.md", "exec"), {})
