"""Run cases on a Dask distributed cluster ("Past one machine").

`execute_dask(cases, "tcp://HOST:8786", ...)` is `verify.runner.execute` spread over the workers of a
Dask scheduler: one Dask task per case, results in input order, the same per-case wall-clock limit,
the same result records and the same certificate files as a local run.

How a case runs on a worker (`_run_remote`):
- The worker needs only `pip install verify[dask]`: no checkout and no case files.  A case is sent
  as its parsed `verify.cases.Case` (picklable dataclass); the data files its matrices read
  (`{file: PATH}`, resolved against `case.base_dir`, read at build time) are read on the client and
  shipped with it (scattered once per case file), written into a private temporary directory on
  the worker, and `case.base_dir` points there.
- A Dask worker is normally a daemonic process, which may not fork `multiprocessing` children, and
  python-flint holds the GIL and cannot be interrupted.  So each worker thread keeps a warm "case
  server": a Python subprocess (its own process group, an empty working directory) that has
  imported the engines once and runs every case through `verify.runner.execute([case],
  timeout=...)`, the local runner itself, whose forked child is killed past the limit and gives the
  runner's UNKNOWN "time limit" result.  A server that overruns the limit by `GRACE` seconds is
  killed with its process group (same UNKNOWN result) and replaced for the next case.
- The case's run writes the certificate into the temporary directory; the task returns its JSON
  text in the result under the private key `_cert_text`.  The client writes it to
  `<out_dir>/<case-id>.cert.json` (the path a local run writes) and removes the key.

Certificates are those of a local run except `meta`: `meta.seconds` (timings) always, and
`meta.versions` when a worker has other library versions than the client.  `case.file_sha256` is
computed on the client, from the case file that was loaded (the worker does not have it), exactly
as a local run computes it.  Temporary paths in a result's `reason`/`notes` (a data-file error) are
mapped back to the case's own directory, so those read as in a local run too.

Nothing here decides a verdict: results and certificates come from `verify.pipeline.run_case` on the
worker, and `verify check` re-checks the certificates the client wrote.
"""

import atexit
import dataclasses
import json
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
import uuid

from . import runner
from .errors import VerifyError
from .pipeline import _safe_name
from .problem import file_sha256 as _file_hash

GRACE = 60.0          # seconds a case server may take past the case limit (start-up, clean-up)
RESULT_NAME = "result.pickle"


class DistributedError(VerifyError):
    """The Dask cluster cannot be used (library missing, scheduler unreachable): exit status 2."""


# ------------------------------------------------------------------------------------ client side
def execute_dask(cases, address, *, timeout=600.0, progress=None, connect_timeout=30.0, **kwargs):
    """Run `cases` on the Dask scheduler at `address` (e.g. "tcp://10.0.0.5:8786").

    Each case is one Dask task; on the worker it runs under the same `timeout` (wall-clock seconds)
    as `verify.runner.execute`.  `kwargs` are those of `verify.pipeline.run_case` (`out_dir`
    required, `method`, `limits`, `crosscheck`); certificates are written under `out_dir` on this
    machine.  `progress(done, total, result)` is called as results arrive.  Returns the result
    records in the order of `cases`.  A task that fails on the cluster (a worker lost, a library
    mismatch) becomes an UNKNOWN result with the reason; the run goes on.  Raises
    `DistributedError` when `distributed` is not installed or the scheduler cannot be reached.
    """
    if "out_dir" not in kwargs:
        raise TypeError("execute_dask() needs out_dir= (where the certificates are written)")
    Client, as_completed = _dask()
    cases = list(cases)
    out_dir = kwargs["out_dir"]
    remote_kwargs = {k: v for k, v in kwargs.items() if k != "out_dir"}
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise DistributedError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    results, futures = {}, []
    try:
        bundles, index = {}, {}
        run = uuid.uuid4().hex[:8]
        for k, case in enumerate(cases):
            bkey = (case.base_dir, tuple(sorted(_file_refs([case.matrix, case.let, case.operands]))))
            if bkey not in bundles:  # each case file's data is read and sent once
                files = data_files(case)
                bundles[bkey] = client.scatter([files], hash=False)[0] if files else {}
            fut = client.submit(_run_remote, case, bundles[bkey], timeout, remote_kwargs,
                                key=f"verify-{run}-{k}-{_safe_name(str(case.id))}", pure=False)
            index[fut.key] = k
            futures.append(fut)
        for fut in as_completed(futures, loop=client.loop):
            k = index[fut.key]
            try:
                res = fut.result()
            except Exception as e:  # noqa: BLE001 - a lost task is an UNKNOWN case, not a crash
                res = _failed_result(cases[k], f"the Dask task failed: {type(e).__name__}: {e}")
            results[k] = finish(cases[k], res, out_dir)
            if progress:
                progress(len(results), len(cases), results[k])
    finally:
        if len(results) < len(cases):  # interrupted: take the rest of the run off the cluster
            client.cancel(futures)
        client.close()
    return [results[k] for k in range(len(cases))]


def _dask():
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise DistributedError("running on a Dask cluster needs the `distributed` package: "
                               "pip install 'verify[dask]'  (or: pip install 'dask[distributed]')") from None
    return Client, as_completed


def finish(case, res, out_dir):
    """On the client: write the certificate text the worker returned where a local run writes it."""
    res = dict(res)
    text = res.pop("_cert_text", None)
    res["certificate"] = None
    if text is not None:
        text = with_file_hash(text, _file_hash(case.file))
        from .outputs import ensure_dir, write_text

        ensure_dir(out_dir)
        path = os.path.join(out_dir, _safe_name(case.id) + ".cert.json")
        write_text(path, text)        # atomic: a killed client leaves the old file or the new one
        res["certificate"] = path
    return res


def with_file_hash(text, file_sha256):
    """The certificate text with `case.file_sha256` set to the client's hash of the case file.

    The worker has no copy of the case file; the hash is informational (the object hashes bind the
    certificate), and a local run records the hash of the file as read here.  The text is re-written
    in the pipeline's layout (indent 1, sorted keys) only when the value differs.
    """
    cert = json.loads(text)
    info = cert.get("case")
    if not isinstance(info, dict) or info.get("file_sha256") == file_sha256:
        return text
    info["file_sha256"] = file_sha256
    from .pipeline import certificate_text

    return certificate_text(cert)


def data_files(case):
    """The data files a case's matrix forms read, `{path as written: bytes}` (sizes for huge files).

    Every `{file: PATH}` mapping in `matrix`, `let` and the top-level operands, relative to
    `case.base_dir`.  Missing files are left out (the worker then reports the same "no such file" as
    a local run); absolute paths are left out (they must exist on the workers, e.g. a shared disk).
    Files larger than the loader's limit travel as their size only, enough to give the same error.
    """
    from .cases.sources import MAX_FILE_BYTES

    out = {}
    for rel in sorted(_file_refs([case.matrix, case.let, case.operands])):
        if os.path.isabs(rel):
            continue
        path = os.path.join(case.base_dir, rel)
        try:
            if not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            if size > MAX_FILE_BYTES:
                out[rel] = size
            else:
                with open(path, "rb") as f:
                    out[rel] = f.read()
        except OSError:
            continue
    return out


def _file_refs(form, depth=0):
    refs = set()
    if depth > 200:
        return refs
    if isinstance(form, dict):
        if isinstance(form.get("file"), str) and form["file"].strip():
            refs.add(form["file"])
        for v in form.values():
            refs |= _file_refs(v, depth + 1)
    elif isinstance(form, (list, tuple)):
        for v in form:
            refs |= _file_refs(v, depth + 1)
    return refs


def _failed_result(case, reason):
    r = runner._timeout_result(case, 0.0)
    r["reason"] = reason
    return r


# ------------------------------------------------------------------------------------ worker side
def _run_remote(case, files, timeout, kwargs):
    """One case on a Dask worker (see the module docstring); returns the result with `_cert_text`."""
    with tempfile.TemporaryDirectory(prefix="verify-dask-") as tmp:
        base = materialize(files or {}, os.path.join(tmp, "data"))
        local = dataclasses.replace(case, base_dir=base)
        job, result_path = os.path.join(tmp, "job.pickle"), os.path.join(tmp, RESULT_NAME)
        with open(job, "wb") as f:
            pickle.dump((local, timeout, dict(kwargs, out_dir=os.path.join(tmp, "out")), result_path), f)
        server = _server()
        status = server.run(job, timeout + GRACE)
        if status == "timeout":
            return runner._timeout_result(case, timeout)
        try:
            with open(result_path, "rb") as f:
                res = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            return _failed_result(case, f"the worker's case process ended without a result ({status})")
        res = _unmap_paths(res, base, case.base_dir)
        if res.get("certificate"):
            with open(res["certificate"], encoding="utf-8") as f:
                res["_cert_text"] = f.read()
        res["certificate"] = None
        return res


class CaseServer:
    """A Python subprocess (own process group, empty working directory) that runs jobs one at a time.

    It imports the engines once, then runs every job through `verify.runner.execute` (which forks a
    worker per case and kills it past the limit), so a case costs a fork, not an interpreter start.
    A Dask worker is a daemonic process and may not fork `multiprocessing` children itself.
    """

    def __init__(self):
        self.cwd = tempfile.TemporaryDirectory(prefix="verify-dask-cwd-")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from verify.distributed import _serve; _serve()"],
            cwd=self.cwd.name, stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)

    def alive(self):
        return self.proc.poll() is None

    def run(self, job, limit):
        """Run one job; "done", "timeout" (the server was killed) or "exit code N" (it died)."""
        try:
            self.proc.stdin.write(job.encode() + b"\n")
            self.proc.stdin.flush()
            ready, _, _ = select.select([self.proc.stdout], [], [], max(limit, 0.0))
            line = self.proc.stdout.readline() if ready else None
        except (BrokenPipeError, OSError, ValueError):
            line = b""
        if line is None:
            self.stop(kill=True)
            return "timeout"
        if line.strip() != b"done":
            self.stop(kill=True)
            return f"exit code {self.proc.returncode}"
        return "done"

    def stop(self, kill=False):
        """End the server: closing its input ends it; `kill` ends its process group at once."""
        if self.proc.returncode is None and kill:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # before reaping: the group id is still ours
            except (ProcessLookupError, PermissionError):
                pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.stop(kill=True)
        self.cwd.cleanup()
        with _lock:
            if self in _all_servers:
                _all_servers.remove(self)


_local = threading.local()
_all_servers = []
_lock = threading.Lock()


def _server():
    """This thread's case server (a Dask worker runs one task per thread at a time)."""
    server = getattr(_local, "server", None)
    if server is None or not server.alive():
        if server is not None:
            server.stop(kill=True)
        server = _local.server = CaseServer()
        with _lock:
            _all_servers.append(server)
    return server


@atexit.register
def stop_servers():
    """End every case server this process started."""
    for server in list(_all_servers):
        server.stop()


def _serve():
    """Main loop of a case server: job paths on stdin, one "done" line on stdout per job."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a case prints may pass for the reply
    for name in ("verify.cases", "verify.engines", "verify.claims", "verify.crosscheck"):
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a missing optional part shows up in the case's result
            pass
    while True:
        line = sys.stdin.buffer.readline()
        if not line:
            return
        try:
            _child_main(line.decode().strip())
        except Exception:  # noqa: BLE001 - reported as "ended without a result" by the task
            traceback.print_exc()
        out.write(b"done\n")
        out.flush()


def materialize(files, root):
    """Write the shipped files under `root`; returns the directory to use as the case's base_dir.

    Paths keep their form (`data/x.csv`, `../shared/y.npy`): the base is nested as deep as the
    deepest `..` so that every path stays inside `root`.  A size-only entry becomes a sparse file of
    that size (the loader rejects it by size, as it would the real file).
    """
    depth = 0
    for rel in files:
        parts = os.path.normpath(rel).split(os.sep)
        depth = max(depth, next((i for i, p in enumerate(parts) if p != ".."), len(parts)))
    base = os.path.join(root, *(["_"] * depth)) if depth else root
    os.makedirs(base, exist_ok=True)
    for rel, content in files.items():
        path = os.path.normpath(os.path.join(base, rel))
        if os.path.commonpath([path, root]) != root:
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            if isinstance(content, int):
                f.truncate(content)
            else:
                f.write(content)
    return base


def _unmap_paths(res, base, orig_base):
    """Temporary data paths in the reason and notes, written as the case's own paths."""
    def fix(s):
        return s.replace(base, orig_base) if isinstance(s, str) else s

    res = dict(res)
    res["reason"] = fix(res.get("reason"))
    res["notes"] = [fix(n) for n in res.get("notes") or []]
    return res


def _child_main(job):
    """One job of a case server: the local runner on one case, the result pickled to a file."""
    with open(job, "rb") as f:
        case, timeout, kwargs, result_path = pickle.load(f)
    res = runner.execute([case], jobs=1, timeout=timeout, **kwargs)[0]
    tmp = result_path + ".part"
    with open(tmp, "wb") as f:
        pickle.dump(res, f)
    os.replace(tmp, result_path)
