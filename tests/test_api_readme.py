"""The README's notebook session (section "Python library") runs as a doctest: its outputs are the
library's."""

import doctest
import os
import re

ROOT = os.path.join(os.path.dirname(__file__), "..")


def test_readme_notebook_session(tmp_path):
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text.split("## Python library", 1)[1].split("\n## ", 1)[0]
    session = re.search(r"```pycon\n(.*?)```", section, re.S).group(1)
    session = session.replace("/tmp/verify-rank.cert.json", str(tmp_path / "r.cert.json"))
    test = doctest.DocTestParser().get_doctest(session, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 10
    from verify.checker import check_file  # the saved certificate is standalone

    out = check_file(str(tmp_path / "r.cert.json"), case_root=str(tmp_path))
    assert out["verdict"] == "CONFIRMED" and out["problem"]["from"] == "embedded"
