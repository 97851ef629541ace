"""Each case of a file is validated on its own: a malformed case is an ERROR with its id and line,
the file's other cases run; keys get did-you-mean suggestions (top-level and nested)."""

import json

import pytest

from verify import cli
from verify.cases import load_file
from verify.errors import CaseError

GOOD_BAD_GOOD = """\
cases:
  - id: g1
    check: rank
    matrix: [[1, 2], [2, 4]]
  - id: b1
    chekc: rank
    matrix: [[1]]
  - id: g2
    check: determinant
    matrix: [[2, 0], [0, 3]]
  - id: b2
    check: rank
    matrix: [[1, 2], [3]]
    expect: {rnak: 1}
"""


def test_load_file_collects_errors_and_keeps_good_cases(tmp_path):
    f = tmp_path / "mixed.yaml"
    f.write_text(GOOD_BAD_GOOD)
    errors = []
    cases = load_file(str(f), errors=errors)
    assert [c.id for c in cases] == ["g1", "g2"]
    assert [(e.case, e.key, e.line) for e in errors] == [("b1", "chekc", 5), ("b2", "expect.rnak", 11)]
    assert "did you mean 'check'?" in errors[0].message
    assert "did you mean 'rank'?" in errors[1].message
    assert str(errors[0]).endswith("(line 5)")
    with pytest.raises(CaseError):  # without a list, the first error still raises
        load_file(str(f))


def test_run_reports_every_error_and_runs_the_rest(tmp_path, capsys):
    f = tmp_path / "mixed.yaml"
    f.write_text(GOOD_BAD_GOOD)
    status = cli.main(["run", "--inline", "--json", "--no-report", "--out", str(tmp_path / "o"), str(f)])
    recs = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert status == 2
    assert recs["g1"]["verdict"] == "COMPUTED" and recs["g1"]["value"] == {"rank": 1}
    assert recs["g2"]["verdict"] == "COMPUTED" and recs["g2"]["value"] == {"det": "6"}
    assert recs["b1"]["verdict"] == recs["b2"]["verdict"] == "ERROR"
    assert "case b1: chekc" in recs["b1"]["reason"] and "line 5" in recs["b1"]["reason"]
    assert (tmp_path / "o" / "b1.result.json").exists()  # the page is named by the id, not `_1`


def test_toml_lines(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text('[[cases]]\nid = "a"\ncheck = "rank"\nmatrix = [[1]]\n\n[[cases]]\nid = "b"\ncheck = "rnak"\nmatrix = [[1]]\n')
    errors = []
    assert [c.id for c in load_file(str(f), errors=errors)] == ["a"]
    assert (errors[0].case, errors[0].key, errors[0].line) == ("b", "check", 6)
    assert "did you mean 'rank'?" in errors[0].message


@pytest.mark.parametrize("body, key, hint", [
    ("check: rank\nmatrix: [[1]]\nlimits: {max_entrys: 10}", "limits.max_entrys", "max_entries"),
    ("check: rank\nmatrix: [[1]]\nsweep: {gird: {n: [1]}}", "sweep.gird", "grid"),
    ("check: rank\nmatrx: [[1]]", "matrx", "matrix"),
    ("check: determinant\nmatrix: [[1]]\nexpect: {dte: 1}", "expect.dte", "det"),
])
def test_did_you_mean_nested(tmp_path, body, key, hint):
    f = tmp_path / "c.yaml"
    f.write_text("id: k1\n" + body + "\n")
    errors = []
    load_file(str(f), errors=errors)
    assert len(errors) == 1 and errors[0].case == "k1" and errors[0].key == key
    assert f"did you mean '{hint}'?" in errors[0].message


def test_did_you_mean_matrix_operator(tmp_path, capsys):
    f = tmp_path / "c.yaml"
    f.write_text("id: op1\ncheck: rank\nmatrix: {identiy: 3}\n")
    cli.main(["run", "--inline", "--json", "--no-report", "--out", str(tmp_path / "o"), str(f)])
    rec = json.loads(capsys.readouterr().out)
    assert rec["verdict"] == "ERROR" and "did you mean 'identity'?" in rec["reason"]


def test_one_indexing_convention(tmp_path, capsys):
    """Ragged rows, entries, operands, symmetry and network layers: all 1-based, as in papers."""
    f = tmp_path / "c.yaml"
    f.write_text("cases:\n"
                 "- {id: r, check: rank, matrix: [[1, 2], [3]]}\n"
                 "- {id: e, check: rank, matrix: [[1, 2], [3, 0.5]]}\n"
                 "- {id: s, check: inertia, matrix: [[1, 2], [3, 4]]}\n"
                 "- {id: p, check: rank, matrix: {product: [[[1, 2]], [[1, 2]]]}}\n")
    cli.main(["run", "--inline", "--json", "--no-report", "--out", str(tmp_path / "o"), str(f)])
    recs = {r["id"]: r["reason"] for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert "matrix[2]: rows are not of equal length: row 1 has 2 entries, row 2 has 1" in recs["r"]
    assert "matrix[2][2]: float literal 0.5" in recs["e"]
    assert "entry (2, 1) differs from entry (1, 2)" in recs["s"]
    assert "matrix.product[2]: cannot multiply" in recs["p"] and "factor 2 is 1 x 2" in recs["p"]
