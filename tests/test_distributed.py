"""Distributed runs on a real Dask cluster (a scheduler and two worker processes on 127.0.0.1).

The run of `cases/basics/` through the cluster must give the results and certificates of a local
`verify.runner.execute` run, and `verify check` must accept the certificates the client wrote.
"""

import json
import os
import socket
import time

import pytest

distributed = pytest.importorskip(
    "distributed", reason="the Dask `distributed` package is not installed (pip install 'dask[distributed]')",
    exc_type=ImportError)

from verify import runner  # noqa: E402
from verify.cases import cases_from_document  # noqa: E402
from verify.checker import check_file  # noqa: E402
from verify.distributed import DistributedError, execute_dask  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 60.0


@pytest.fixture(scope="module")
def repo_cwd():
    """Run from the repository root, as `verify run cases/basics` would (case paths are relative)."""
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        yield ROOT
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def cluster(repo_cwd):
    """A real scheduler and two single-threaded worker processes on loopback, stopped afterwards."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as c:
        yield c


def _kwargs(out):
    return dict(out_dir=str(out), method="auto", limits={"timeout": TIMEOUT}, crosscheck=True)


def _comparable(result):
    """A result without what legitimately differs between runs: timings and the output paths."""
    r = {k: v for k, v in result.items() if k not in ("seconds", "certificate", "report")}
    r["crosscheck"] = [{k: v for k, v in e.items() if k != "seconds"} for e in result["crosscheck"]]
    return r


def _read(path):
    with open(path) as f:
        text = f.read()
    return text, json.loads(text)


def test_basics_on_the_cluster_match_a_local_run(cluster, tmp_path):
    cases, errors = runner.load_cases(["cases/basics"])
    assert errors == [] and len(cases) >= 20
    t0 = time.monotonic()
    local = runner.execute(cases, jobs=2, timeout=TIMEOUT, **_kwargs(tmp_path / "local"))
    calls = []
    remote = execute_dask(cases, cluster.scheduler_address, timeout=TIMEOUT,
                          progress=lambda done, total, r: calls.append((done, total, r["id"])),
                          **_kwargs(tmp_path / "dask"))
    assert time.monotonic() - t0 < 60

    # input order, progress as results arrive
    assert [r["id"] for r in remote] == [c.id for c in cases]
    assert [d for d, _, _ in calls] == list(range(1, len(cases) + 1))
    assert {t for _, t, _ in calls} == {len(cases)}
    assert sorted(i for _, _, i in calls) == sorted(c.id for c in cases)

    # a run that means something: settled verdicts of every kind, data files read by the workers
    verdicts = {r["id"]: r["verdict"] for r in remote}
    assert {"CONFIRMED", "REFUTED", "COMPUTED"} <= set(verdicts.values())
    assert verdicts["basics.hilbert-12"] == "CONFIRMED" and verdicts["basics.mtx-det"] == "CONFIRMED"

    for lo, re_ in zip(local, remote):
        assert _comparable(re_) == _comparable(lo), lo["id"]
        assert "_cert_text" not in re_
        assert (lo["certificate"] is None) == (re_["certificate"] is None), lo["id"]
        if lo["certificate"] is None:
            continue
        assert re_["certificate"] == os.path.join(str(tmp_path / "dask"), os.path.basename(lo["certificate"]))
        lo_text, lo_cert = _read(lo["certificate"])
        re_text, re_cert = _read(re_["certificate"])
        # same layout as the pipeline writes; the same certificate except the timings in meta
        assert re_text == json.dumps(re_cert, indent=1, sort_keys=True) + "\n"
        lo_seconds, re_seconds = lo_cert["meta"].pop("seconds"), re_cert["meta"].pop("seconds")
        assert set(lo_seconds) == set(re_seconds)
        assert re_cert == lo_cert, lo["id"]
        assert re_cert["case"]["file_sha256"] == cases[[c.id for c in cases].index(lo["id"])].file_sha256
        # the independent checker accepts the certificate the client wrote, with the same conclusion
        checked = check_file(re_["certificate"])
        assert checked["verdict"] == re_["verdict"] and checked["value"] == re_["value"], lo["id"]


def test_time_limit_and_file_errors_on_the_cluster(cluster, tmp_path):
    """A case past the limit ends UNKNOWN as in a local run; a missing data file reads the same too."""
    doc = {"cases": [
        {"id": "dist.slow", "check": "determinant",
         "matrix": {"random": {"shape": [200, 200], "low": -1000, "high": 1000, "seed": 1}}},
        {"id": "dist.missing-file", "check": "rank", "matrix": {"file": "data/nowhere.csv"}},
        {"id": "dist.small", "check": "rank", "matrix": [[1, 2], [2, 4]], "expect": {"rank": 1}},
    ]}
    cases = cases_from_document(doc, "dist.yaml", base_dir=str(tmp_path))
    kw = dict(out_dir=str(tmp_path / "out"), method="python", limits=None, crosscheck=False)
    t0 = time.monotonic()
    remote = execute_dask(cases, cluster.scheduler_address, timeout=1.0, **kw)
    assert time.monotonic() - t0 < 20
    local = runner.execute(cases, jobs=1, timeout=1.0, **kw)
    assert [r["verdict"] for r in remote] == ["UNKNOWN", "ERROR", "CONFIRMED"]
    assert remote[0]["reason"] == local[0]["reason"] == "time limit of 1 s exceeded"
    assert str(tmp_path) in remote[1]["reason"] and remote[1]["reason"] == local[1]["reason"]
    assert _comparable(remote[2]) == _comparable(local[2])


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.monotonic()
    with pytest.raises(DistributedError, match="cannot reach the Dask scheduler"):
        execute_dask([], f"tcp://127.0.0.1:{port}", connect_timeout=2, out_dir=str(tmp_path))
    assert time.monotonic() - t0 < 15
