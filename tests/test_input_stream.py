"""Streaming output of `verify run` (each case's line as it finishes) and short terminal values."""

import json

import sympy

from verify import cli, runner

CASES = """
cases:
  - {id: s1, check: rank, matrix: [[1, 2], [2, 4]]}
  - {id: s2, check: determinant, matrix: {symbolic: [4, 4], name: x}}
  - {id: s3, check: rank, matrix: {identity: 3}}
"""


def _run_streaming(tmp_path, capsys, monkeypatch, extra):
    f = tmp_path / "c.yaml"
    f.write_text(CASES)
    seen = []
    real = runner.run_case

    def spy(case, **kw):
        seen.append((case.id, capsys.readouterr().out))  # what stdout held when this case started
        return real(case, **kw)

    monkeypatch.setattr(runner, "run_case", spy)
    status = cli.main(["run", "--inline", "--out", str(tmp_path / "out"), "--no-report", *extra, str(f)])
    return status, seen, capsys.readouterr().out


def test_json_records_stream_one_per_case(tmp_path, capsys, monkeypatch):
    status, seen, rest = _run_streaming(tmp_path, capsys, monkeypatch, ["--json"])
    assert status == 0
    assert [s[0] for s in seen] == ["s1", "s2", "s3"]
    assert seen[0][1] == ""
    # s1's record was on stdout before s2 started, s2's before s3 started
    assert json.loads(seen[1][1])["id"] == "s1"
    assert json.loads(seen[2][1])["id"] == "s2"
    assert json.loads(rest)["id"] == "s3"


def test_terminal_lines_stream_and_shorten(tmp_path, capsys, monkeypatch):
    status, seen, rest = _run_streaming(tmp_path, capsys, monkeypatch, [])
    assert status == 0
    assert seen[1][1].startswith("COMPUTED  s1  rank=1")
    # the 4 x 4 symbolic determinant: its size on the terminal, the full value in the record
    terms = len(sympy.Add.make_args(sympy.Matrix(4, 4, sympy.symbols("a:16")).det()))
    assert terms == 24
    assert f"det=<polynomial of {terms} terms>" in seen[2][1]
    rec = json.loads((tmp_path / "out" / "s2.result.json").read_text())
    assert len(rec["value"]["det"]) > 200 and "<" not in rec["value"]["det"]


def test_shorten_sizes():
    assert cli.shorten("-" + "7" * 300) == "<integer of 300 digits>"
    assert cli.shorten("1" * 300 + "/" + "3" * 312) == "<fraction of 612 digits>"
    poly = " + ".join(f"x_{i}*y_{i}" for i in range(40320))
    assert cli.shorten(poly) == "<polynomial of 40,320 terms>"
    assert cli.shorten("(a + b)^2 - 3*x_1 + " + "c*" * 40 + "d") == "<polynomial of 3 terms>"
    assert cli.shorten("12") == '"12"'
    assert cli.shorten([1] * 100) == "<list of 100 entries>"
    assert cli.shorten({"inertia": [3, 0, 6]}) == '{"inertia": [3, 0, 6]}'
