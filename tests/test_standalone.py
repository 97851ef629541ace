"""Standalone certificates: `verify run` embeds each case (file data inlined as exact matrices) and
`verify check` re-checks it in an empty directory; every edit of the embedded problem is rejected;
an embedded problem that differs from the case file is rejected; the checker says where the problem
came from; limits recorded by the run travel with the certificate."""

import copy
import json
import os

import numpy as np
import pytest

from verify import forge, pipeline, problem
from verify.checker import Unreadable, check_certificate, check_file
from verify.cli import main
from verify.errors import CertificateError
from verify.problem import problem_sha256

CASES = """\
cases:
  - {id: s.inline, check: rank, matrix: [[1, 2], [2, 4]], expect: {rank: 1}}
  - {id: s.npy, check: rank, matrix: {product: [B, B]}, let: {B: {file: data/B.npy}}, expect: {rank: 2}}
  - {id: s.csv, check: determinant, matrix: {file: data/C.csv}, expect: {det: -1}}
  - {id: s.mtx, check: inertia, matrix: {file: data/S.mtx}}
  - {id: s.floats, check: determinant, matrix: {file: data/W.npy, exact_floats: true}}
  - {id: s.random, check: rank, matrix: {random: {shape: [30, 30], low: -3, high: 3, seed: 5}}, expect: {rank: full}}
  - {id: s.claim, check: claim, claim: hw.linear.f, params: {seed: 0}, expect: {verdict: confirmed}}
  - {id: s.search, check: claim, claim: hw.linear.a1, params: {part: step}, expect: {verdict: confirmed}}
  - {id: s.solve, check: solve, matrix: [[1, 2], [2, 4]], rhs: {file: data/b.csv}, expect: {solvable: false}}
"""
VERDICTS = {"s.inline": "CONFIRMED", "s.npy": "CONFIRMED", "s.csv": "CONFIRMED", "s.mtx": "COMPUTED",
            "s.floats": "COMPUTED", "s.random": "CONFIRMED", "s.claim": "REFUTED", "s.search": "REFUTED",
            "s.solve": "CONFIRMED"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A run in its own directory (case files and data there), certificates in out/."""
    d = tmp_path_factory.mktemp("standalone")
    (d / "data").mkdir()
    np.save(d / "data" / "B.npy", np.array([[1, 2, 3], [2, 4, 6], [0, 1, 1]], dtype=np.int64))
    np.save(d / "data" / "W.npy", np.array([[0.1, 0.5], [0.25, 3.0]]))
    (d / "data" / "C.csv").write_text("1,1/2\n2,0\n")
    (d / "data" / "b.csv").write_text("1\n3\n")
    (d / "data" / "S.mtx").write_text("%%MatrixMarket matrix coordinate integer symmetric\n2 2 2\n1 1 2\n2 1 3\n")
    (d / "cases.yaml").write_text(CASES)
    old = os.getcwd()
    os.chdir(d)
    try:
        assert main(["run", "cases.yaml", "--out", "out", "--no-report", "-q", "-j", "2"]) == 1
    finally:
        os.chdir(old)
    return d


def cert_of(d, cid):
    return json.loads((d / "out" / f"{cid}.cert.json").read_text())


def check_in(directory, cert, mode="auto"):
    """The checker's outcome for `cert` written into `directory` and checked from there."""
    path = directory / "x.cert.json"
    path.write_text(json.dumps(cert))
    old = os.getcwd()
    os.chdir(directory)
    try:
        return check_file(str(path), problem=mode)
    finally:
        os.chdir(old)


def verdict_in(directory, cert, mode="auto"):
    try:
        return check_in(directory, cert, mode)["verdict"]
    except CertificateError as e:
        return f"rejected: {e}"
    except Unreadable as e:
        return f"unreadable: {e}"


def test_the_run_embeds_every_problem(run):
    for cid, want in VERDICTS.items():
        cert = cert_of(run, cid)
        assert cert["conclusion"]["verdict"] == want, cid
        emb = cert["problem"]
        assert emb["format"] == "verify-problem/1" and emb["sha256"] == problem_sha256(emb["case"])
        assert "file" not in json.dumps(emb["case"]).replace('"file_', ""), cid  # file data inlined
    assert cert_of(run, "s.npy")["problem"]["case"]["let"]["B"] == [[1, 2, 3], [2, 4, 6], [0, 1, 1]]
    assert cert_of(run, "s.csv")["problem"]["case"]["matrix"] == [[1, "1/2"], [2, 0]]
    # the float file, read exactly: 0.1 is the dyadic 3602879701896397 / 2^55
    assert cert_of(run, "s.floats")["problem"]["case"]["matrix"][0][0] == "3602879701896397/36028797018963968"
    assert cert_of(run, "s.claim")["problem"]["case"]["params"] == {"seed": 0}


def test_verify_check_in_an_empty_directory(run, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    for cid in VERDICTS:
        (empty / f"{cid}.cert.json").write_text((run / "out" / f"{cid}.cert.json").read_text())
    old = os.getcwd()
    os.chdir(empty)
    try:
        code = main(["check", "."])
        text = capsys.readouterr().out
        assert main(["check", ".", "--json"]) == 0
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    finally:
        os.chdir(old)
    assert code == 0 and text.count("ACCEPTED") == len(VERDICTS), text
    assert "problem from the embedded problem (sha256 " in text and "case file cases.yaml not found" in text
    for rec in records:
        assert rec["accepted"] and rec["problem"]["from"] == "embedded" and not rec["problem"]["compared"]
        assert rec["problem"]["embedded_sha256"] == cert_of(run, rec["certificate"][2:-10])["problem"]["sha256"]
        assert rec["verdict"] == VERDICTS[rec["certificate"][2:-10]]


def test_with_the_case_file_both_are_compared(run, capsys):
    old = os.getcwd()
    os.chdir(run)
    try:
        assert main(["check", "out", "--json"]) == 0
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    finally:
        os.chdir(old)
    assert len(records) == len(VERDICTS)
    for rec in records:
        p = rec["problem"]
        assert p["from"] == "case-file" and p["compared"] and p["case_file"] == "cases.yaml" and p["case_file_sha256"]
        assert "equal to the embedded problem" in rec["source"] and "case file cases.yaml (sha256" in rec["source"]


def test_any_edit_of_an_embedded_matrix_is_rejected(run, tmp_path):
    empty = tmp_path / "e"
    empty.mkdir()
    cert = cert_of(run, "s.npy")
    edited = copy.deepcopy(cert)
    edited["problem"]["case"]["let"]["B"][2][2] = 2
    assert "edited" in verdict_in(empty, edited) and verdict_in(run, edited).startswith("rejected: PROBLEM")
    edited["problem"]["sha256"] = problem_sha256(edited["problem"]["case"])  # the forger re-hashes it
    assert verdict_in(empty, edited).startswith("rejected: OBJECTS: M is not the matrix")
    got = verdict_in(run, edited)
    assert got.startswith("rejected: PROBLEM: the embedded problem differs from case file cases.yaml"), got
    for cid, path in (("s.inline", ("matrix", 0, 0)), ("s.csv", ("matrix", 0, 1)), ("s.floats", ("matrix", 1, 1)),
                      ("s.solve", ("rhs", 1, 0))):
        e = copy.deepcopy(cert_of(run, cid))
        target = e["problem"]["case"]
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = 7
        assert verdict_in(empty, e).startswith("rejected"), cid
        e["problem"]["sha256"] = problem_sha256(e["problem"]["case"])
        assert verdict_in(empty, e).startswith("rejected"), cid


def test_edited_params_expect_or_a_swapped_problem_are_rejected(run, tmp_path):
    empty = tmp_path / "e"
    empty.mkdir()
    claim = cert_of(run, "s.claim")
    e = copy.deepcopy(claim)
    e["problem"]["case"]["params"]["seed"] = 1
    e["problem"]["sha256"] = problem_sha256(e["problem"]["case"])
    assert verdict_in(empty, e) == "rejected: CASE: certificate parameters differ from the case's"
    e["params"] = {"seed": 1}  # and the certificate's own copy: the objects are then another instance's
    assert verdict_in(empty, e).startswith("rejected")
    e = copy.deepcopy(cert_of(run, "s.inline"))
    e["problem"]["case"]["expect"] = {"rank": 2}
    e["problem"]["sha256"] = problem_sha256(e["problem"]["case"])
    assert verdict_in(empty, e) == "rejected: CASE: certificate statement (expect) differs from the case's"
    swapped = copy.deepcopy(cert_of(run, "s.inline"))
    swapped["problem"] = copy.deepcopy(cert_of(run, "s.random")["problem"])
    assert "the embedded case is 's.random', the certificate is for case 's.inline'" in verdict_in(empty, swapped)
    swapped["problem"]["case"]["id"] = "s.inline"
    swapped["problem"]["sha256"] = problem_sha256(swapped["problem"]["case"])
    assert verdict_in(empty, swapped).startswith("rejected")


@pytest.mark.parametrize("label, edit, match", [
    ("file form", lambda d: d["let"].update(Z={"file": "/etc/passwd"}), "reads no file"),
    ("relative file form", lambda d: d.update(matrix={"file": "data/B.npy"}), "reads no file"),
    ("float entry", lambda d: d["let"]["B"][0].__setitem__(0, 0.5), "inexact number 0.5"),
    ("sweep", lambda d: d.update(sweep={"grid": {"n": [1, 2]}}), "'sweep' key"),
    ("unknown key", lambda d: d.update(python="import os"), "unknown key"),
    ("polynomial code", lambda d: d["let"]["B"][0].__setitem__(0, "__import__('os')"), "not a valid case"),
    ("not a mapping", lambda d: d.clear() or d.update(cases=[]), "'cases' key"),
])
def test_embedded_data_is_validated_like_a_case_file(run, tmp_path, label, edit, match):
    empty = tmp_path / "e"
    empty.mkdir()
    e = copy.deepcopy(cert_of(run, "s.npy"))
    edit(e["problem"]["case"])
    e["problem"]["sha256"] = problem_sha256(e["problem"]["case"])
    got = verdict_in(empty, e)
    assert got.startswith("rejected: PROBLEM") and match in got, (label, got)


def test_malformed_embedded_problems_are_rejected_never_a_crash(run, tmp_path):
    empty = tmp_path / "e"
    empty.mkdir()
    base = cert_of(run, "s.inline")
    for junk in (None, [], "x", {"format": "verify-problem/1"}, {"format": "verify-problem/1", "case": [],
                 "sha256": "0"}, {**base["problem"], "extra": 1}, {**base["problem"], "format": "verify-problem/9"}):
        e = copy.deepcopy(base)
        e["problem"] = junk
        assert verdict_in(empty, e).startswith("rejected: PROBLEM"), junk
    e = copy.deepcopy(base)
    e["case"] = {"file": None, "id": None}
    assert verdict_in(empty, e).startswith("rejected: PROBLEM: the certificate names no case id")


def test_problem_sources(run, tmp_path):
    cert = cert_of(run, "s.inline")
    assert check_in(run, cert, "embedded")["problem"]["from"] == "embedded"
    assert check_in(run, cert, "case")["problem"]["compared"] is True
    empty = tmp_path / "e"
    empty.mkdir()
    assert verdict_in(empty, cert, "case").startswith("unreadable") and "not found" in verdict_in(empty, cert, "case")
    plain = copy.deepcopy(cert)
    del plain["problem"]
    got = verdict_in(empty, plain)
    assert got.startswith("unreadable") and "does not embed its problem" in got
    assert "the certificate embeds no problem" in verdict_in(empty, plain, "embedded")


def test_a_case_file_that_is_there_is_never_skipped(run, tmp_path):
    d = tmp_path / "other"
    d.mkdir()
    (d / "cases.yaml").write_text("id: another\ncheck: rank\nmatrix: [[1]]\n")  # the file, without the case
    got = verdict_in(d, cert_of(run, "s.inline"))
    assert got.startswith("rejected: CASE: case file cases.yaml has changed"), got  # not the embedded problem
    moved = copy.deepcopy(cert_of(run, "s.inline"))
    moved["case"]["file"] = "../cases.yaml"
    # a file outside the case root is never read: auto mode checks the embedded problem and says so,
    # the case mode refuses
    out = check_in(d, moved)
    assert out["verdict"] == "CONFIRMED" and out["problem"]["from"] == "embedded"
    assert "outside the case root" in out["source"], out["source"]
    got = verdict_in(d, moved, "case")
    assert got.startswith("unreadable") and "outside the case root" in got, got


def test_a_changed_case_file_is_rejected_unless_only_the_embedded_problem_is_asked_for(run, tmp_path):
    d = tmp_path / "changed"
    d.mkdir()
    (d / "cases.yaml").write_text(CASES.replace("[[1, 2], [2, 4]], expect: {rank: 1}", "[[1, 2], [2, 5]], expect: {rank: 1}"))
    cert = cert_of(run, "s.inline")
    assert "has changed since the certificate was made" in verdict_in(d, cert)
    assert verdict_in(d, cert, "embedded") == "CONFIRMED"


def test_run_embed_options(tmp_path, monkeypatch):
    from verify.cases import load_file

    (tmp_path / "A.npy").write_bytes(b"")
    np.save(tmp_path / "A.npy", np.eye(3, dtype=np.int64))
    (tmp_path / "c.yaml").write_text("id: e.npy\ncheck: rank\nmatrix: {file: A.npy}\nexpect: {rank: 3}\n")
    case = load_file(str(tmp_path / "c.yaml"))[0]
    monkeypatch.setattr(pipeline, "EMBED_MAX_ENTRIES", 4)
    res = pipeline.run_case(case, out_dir=str(tmp_path / "auto"))
    cert = json.loads(open(res["certificate"]).read())
    assert "problem" not in cert and any("does not embed its problem" in n and "--embed" in n for n in res["notes"])
    res = pipeline.run_case(case, out_dir=str(tmp_path / "always"), embed="always")
    cert = json.loads(open(res["certificate"]).read())
    assert cert["problem"]["case"]["matrix"] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert check_certificate(cert, str(tmp_path / "always"), "embedded")["verdict"] == "CONFIRMED"
    res = pipeline.run_case(case, out_dir=str(tmp_path / "never"), embed="never")
    assert "problem" not in json.loads(open(res["certificate"]).read()) and not res["notes"]


def test_large_inline_matrices_are_held_as_arrays(tmp_path):
    """An embedded 300 x 300 integer matrix is rebuilt as the same IntArrayMatrix a .npy file gives."""
    from verify.kernel.arrays import IntArrayMatrix
    from verify.pipeline import certify_document

    rows = np.random.default_rng(3).integers(-5, 6, (300, 300)).tolist()
    got = certify_document({"id": "big", "check": "rank", "matrix": rows})
    assert isinstance(got["problem"]["objects"]["M"], IntArrayMatrix)
    out = check_certificate(json.loads(json.dumps(got["certificate"])), problem="embedded")
    assert out["verdict"] == "COMPUTED" and out["value"]["rank"] == np.linalg.matrix_rank(np.array(rows))


# ------------------------------------------------------------------------------ limits that travel
SIX = "id: l.six\ncheck: rank\nmatrix: {identity: 6}\nexpect: {rank: 6}\n"


def test_a_raised_size_limit_travels_with_the_certificate(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(problem.DEFAULT_LIMITS, "max_entries", 20)  # a machine whose default refuses 6 x 6
    monkeypatch.chdir(tmp_path)
    (tmp_path / "six.yaml").write_text(SIX)
    assert main(["run", "six.yaml", "--out", "low", "--json", "--no-report"]) == 3  # beyond the default: UNKNOWN
    assert json.loads(capsys.readouterr().out)["verdict"] == "UNKNOWN"
    assert main(["run", "six.yaml", "--out", "raised", "--no-report", "-q", "--max-entries", "100"]) == 0
    cert = json.loads((tmp_path / "raised" / "l.six.cert.json").read_text())
    assert cert["limits"] == {"max_entries": 100}
    capsys.readouterr()
    assert main(["check", "raised/l.six.cert.json"]) == 0  # no extra flags
    os.remove(tmp_path / "six.yaml")
    assert main(["check", "raised/l.six.cert.json"]) == 0  # standalone too
    assert "embedded problem" in capsys.readouterr().out
    cert["limits"] = {"max_entries": 20}
    (tmp_path / "lowered.cert.json").write_text(json.dumps(cert))
    assert main(["check", "lowered.cert.json"]) == 2
    assert "beyond the limit of 20" in capsys.readouterr().out


def test_the_default_size_limit_follows_available_memory(monkeypatch):
    assert problem.default_max_entries() >= problem.MIN_DEFAULT_ENTRIES
    monkeypatch.setattr(problem, "available_memory", lambda: 8 << 30)
    assert problem.default_max_entries() == (8 << 30) // problem.BYTES_PER_ENTRY >= 4096 * 4096
    monkeypatch.setattr(problem, "available_memory", lambda: (8 << 30) + 12345)  # a power of two, stable
    assert problem.default_max_entries() == (8 << 30) // problem.BYTES_PER_ENTRY
    monkeypatch.setattr(problem, "available_memory", lambda: None)
    assert problem.default_max_entries() == 4_000_000
    monkeypatch.setenv("VERIFY_MAX_ENTRIES", "123")
    assert problem.default_max_entries() == 123


# ------------------------------------------------------------------------------ the forger
def test_forge_finds_no_forgery_of_standalone_certificates(run, tmp_path):
    import verify

    api_dir = tmp_path / "api"
    api_dir.mkdir()
    verify.rank([[1, 2], [2, 4]], expect="full", id="api.rank").save(api_dir / "api.rank.cert.json")
    verify.det([["x", 1], [1, "y"]], expect="x*y - 1", id="api.det").save(api_dir / "api.det.cert.json")
    verify.claim("hw.linear.f", seed=0).save(api_dir / "api.claim.cert.json")
    files = sorted(str(p) for p in api_dir.glob("*.cert.json")) + [str(run / "out" / f"{c}.cert.json") for c in
                                                                     ("s.npy", "s.claim", "s.floats", "s.solve")]
    data = [json.loads(open(f).read()) for f in files]
    total = 0
    for mode in ("embedded", "auto"):
        old = os.getcwd()
        os.chdir(run if mode == "auto" else tmp_path)
        try:
            for i, f in enumerate(files):
                res = forge.forge_certificate(f, [data[(i + 1) % len(data)], data[(i + 3) % len(data)]], most=4,
                                              source=mode)
                assert res["failures"] == [], (f, res["failures"])
                total += res["mutants"]
        finally:
            os.chdir(old)
    assert total > 300
