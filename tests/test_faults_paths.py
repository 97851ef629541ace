"""Data files (issue 13): a case file may name `.npy` / `.csv` / `.mtx` files only inside its own
directory tree (an absolute path, `..`, or a link that resolves outside is refused, naming the file,
the case and the key), unless `--allow-path DIR` allows more, for `verify run` and `verify check`
alike."""

import json
import os

import pytest

from verify.cli import main


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def data_case(tmp_path, ref, name="c.yaml"):
    d = tmp_path / "cases"
    d.mkdir(exist_ok=True)
    p = d / name
    p.write_text(f"id: d.case\ncheck: rank\nmatrix: {{file: {ref}}}\n")
    return str(p)


@pytest.mark.parametrize("how", ["dotdot", "absolute", "link", "linked-dir"])
def test_data_files_outside_the_case_tree_are_refused(tmp_path, capsys, how):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "s.csv").write_text("7,7\n7,8\n")
    (tmp_path / "cases").mkdir()
    if how == "dotdot":
        ref = "../secret/s.csv"
    elif how == "absolute":
        ref = str(secret / "s.csv")
    elif how == "link":
        os.symlink(secret / "s.csv", tmp_path / "cases" / "inside.csv")
        ref = "inside.csv"
    else:
        os.symlink(secret, tmp_path / "cases" / "sub")
        ref = "sub/s.csv"
    f = data_case(tmp_path, ref)
    out = str(tmp_path / "out")
    status, stdout, _ = run(["run", f, "--out", out, "--json"], capsys)
    rec = json.loads(stdout.splitlines()[0])
    assert status == 2 and rec["verdict"] == "ERROR" and rec["certificate"] is None
    assert f in rec["reason"] and "case d.case" in rec["reason"] and "matrix" in rec["reason"]
    assert "outside the case file's directory" in rec["reason"] and "--allow-path" in rec["reason"]
    assert rec["value"] == {} and not os.path.exists(os.path.join(out, "d.case.cert.json"))
    # allowed by the user: read, certified, and re-checked with the same permission
    status, stdout, _ = run(["run", f, "--out", out, "--json", "--allow-path", str(secret)], capsys)
    rec = json.loads(stdout.splitlines()[0])
    assert status == 0 and rec["value"] == {"rank": 2}
    root = ["--case-root", str(tmp_path)]
    # from the case file, the checker too refuses to read the data file
    assert run(["check", rec["certificate"], "--problem", "case", *root], capsys)[0] == 2
    assert run(["check", rec["certificate"], "--problem", "case", *root, "--allow-path", str(secret)], capsys)[0] == 0
    # the certificate embeds the data it was made from: checked without reading the file
    assert run(["check", rec["certificate"], "--problem", "embedded"], capsys)[0] == 0


def test_data_files_inside_the_tree_and_links_within_it_are_read(tmp_path, capsys):
    (tmp_path / "cases" / "data").mkdir(parents=True)
    (tmp_path / "cases" / "data" / "m.csv").write_text("1,2\n2,4\n")
    os.symlink("data/m.csv", tmp_path / "cases" / "alias.csv")
    f = data_case(tmp_path, "alias.csv")
    status, stdout, _ = run(["run", f, "--out", str(tmp_path / "out"), "--json"], capsys)
    assert json.loads(stdout.splitlines()[0])["value"] == {"rank": 1}


def test_allow_path_must_be_a_directory(tmp_path, capsys):
    f = data_case(tmp_path, "x.csv")
    status, _, err = run(["run", f, "--allow-path", str(tmp_path / "nowhere")], capsys)
    assert status == 2 and "not a directory" in err
