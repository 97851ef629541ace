"""The worker side of distributed runs, without a cluster: shipped data files, the case servers, the
time limit, and the client's certificate writing (`verify.distributed`)."""

import json
import os
import shutil

import pytest

from verify import distributed as vd
from verify.cases import cases_from_document, load_file
from verify.pipeline import run_case

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASICS = os.path.join(ROOT, "cases", "basics")


@pytest.fixture(autouse=True)
def _stop_servers():
    yield
    vd.stop_servers()


def _copy_files_cases(tmp_path):
    """cases/basics/files.yaml and its data, copied to tmp_path/src (the copy can then be removed)."""
    src = tmp_path / "src"
    shutil.copytree(BASICS, src)
    return load_file(str(src / "files.yaml")), src


def test_materialize_keeps_paths_inside_the_root(tmp_path):
    files = {"data/a.csv": b"1,2\n", "../up/b.csv": b"3\n", "../../x/c.npy": 70_000_000, "d.mtx": b"%"}
    root = tmp_path / "root"
    base = vd.materialize(files, str(root))
    assert os.path.commonpath([base, str(root)]) == str(root)
    for rel, content in files.items():
        path = os.path.normpath(os.path.join(base, rel))
        assert os.path.commonpath([path, str(root)]) == str(root), rel
        if isinstance(content, int):
            assert os.path.getsize(path) == content
        else:
            with open(path, "rb") as f:
                assert f.read() == content
    assert vd.materialize({}, str(tmp_path / "empty")) == str(tmp_path / "empty")


def test_data_files_finds_every_file_reference(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "m.csv").write_text("1,2\n3,4\n")
    (tmp_path / "d" / "n.csv").write_text("5\n")
    doc = {"id": "x", "check": "rank_inequality", "inequality": "sylvester",
           "let": {"P": {"file": "d/n.csv"}, "Q": {"kron": ["P", {"file": "d/m.csv"}]}},
           "A": {"file": "d/m.csv"}, "C": {"product": [{"file": "d/missing.csv"}, "Q"]}}
    case = cases_from_document(doc, "x.yaml", base_dir=str(tmp_path))[0]
    assert vd.data_files(case) == {"d/m.csv": b"1,2\n3,4\n", "d/n.csv": b"5\n"}


def test_with_file_hash_rewrites_only_what_differs():
    cert = {"case": {"file": "a.yaml", "file_sha256": None, "id": "a"}, "meta": {"seconds": {"total": 0.5}}}
    text = json.dumps(cert, indent=1, sort_keys=True) + "\n"
    assert vd.with_file_hash(text, None) is text
    fixed = vd.with_file_hash(text, "ab" * 32)
    assert json.loads(fixed)["case"]["file_sha256"] == "ab" * 32
    cert["case"]["file_sha256"] = "ab" * 32
    assert fixed == json.dumps(cert, indent=1, sort_keys=True) + "\n"


def test_a_worker_needs_no_case_files(tmp_path):
    """The case's data travels with it: the run works after the case directory is gone."""
    cases, src = _copy_files_cases(tmp_path)
    kw = dict(method="auto", limits=None, crosscheck=False)
    shipped = [vd.data_files(c) for c in cases]
    expected = [run_case(c, out_dir=str(tmp_path / "local"), **kw) for c in cases]
    shutil.rmtree(src)
    for case, files, exp in zip(cases, shipped, expected):
        res = vd._run_remote(case, files, 60.0, kw)
        assert res["verdict"] == exp["verdict"] and res["value"] == exp["value"], case.id
        assert res["verdict"] in ("CONFIRMED", "COMPUTED")
        assert res["certificate"] is None
        out = vd.finish(case, res, str(tmp_path / "dask"))
        assert "_cert_text" not in out
        with open(out["certificate"]) as f, open(exp["certificate"]) as g:
            got, want = json.load(f), json.load(g)
        # the case file is gone: no hash here, as in a local run that cannot read it
        assert got["case"]["file_sha256"] is None and want["case"]["file_sha256"] is not None
        for c in (got, want):
            c["meta"].pop("seconds")
            c["case"].pop("file_sha256")
        assert got == want
    # without the shipped files the worker cannot build the problem
    res = vd._run_remote(cases[0], {}, 60.0, kw)
    assert res["verdict"] == "ERROR" and "no such file" in res["reason"]


def _slow_case(tmp_path):
    doc = {"id": "slow", "check": "determinant",
           "matrix": {"random": {"shape": [200, 200], "low": -1000, "high": 1000, "seed": 1}}}
    return cases_from_document(doc, "slow.yaml", base_dir=str(tmp_path))[0]


def test_time_limit_inside_the_case_server(tmp_path):
    kw = dict(method="python", limits=None, crosscheck=False)
    res = vd._run_remote(_slow_case(tmp_path), {}, 1.0, kw)
    assert res["verdict"] == "UNKNOWN" and res["reason"] == "time limit of 1 s exceeded"
    server = vd._server()
    assert server.alive()  # the runner killed its forked child; the server goes on


def test_a_server_past_the_grace_is_killed_and_replaced(tmp_path, monkeypatch):
    kw = dict(method="python", limits=None, crosscheck=False)
    first = vd._server()
    monkeypatch.setattr(vd, "GRACE", -59.5)  # the server gets 0.5 s for a 60 s case
    res = vd._run_remote(_slow_case(tmp_path), {}, 60.0, kw)
    assert res["verdict"] == "UNKNOWN" and res["reason"] == "time limit of 60 s exceeded"
    assert first.proc.returncode is not None and first not in vd._all_servers
    monkeypatch.setattr(vd, "GRACE", 60.0)
    small = cases_from_document({"id": "s", "check": "rank", "matrix": [[1, 2], [2, 4]], "expect": {"rank": 1}},
                                "s.yaml", base_dir=str(tmp_path))[0]
    res = vd._run_remote(small, {}, 60.0, kw)
    assert res["verdict"] == "CONFIRMED" and json.loads(res["_cert_text"])["conclusion"]["value"] == {"rank": 1}
    assert vd._server() is not first
