"""Run many cases: loading, worker processes with a wall-clock limit, progress, results, reports.

python-flint holds the GIL and cannot be interrupted, so every case runs in its own worker process;
a case that exceeds the time limit is killed and ends as UNKNOWN with the reason, and the run goes on.
"""

import json
import multiprocessing as mp
import os
import sys
import time

from .errors import CaseError
from .pipeline import run_case
from .report import page_stem

EXIT_OK, EXIT_REFUTED, EXIT_USAGE, EXIT_UNKNOWN = 0, 1, 2, 3


def error_result(file, case_id, reason):
    return {"id": case_id, "title": None, "source": None, "file": file, "check": None, "claim": None,
            "verdict": "ERROR", "value": {}, "expect": None, "certificate": None, "report": None,
            "seconds": 0.0, "reason": reason, "checked": [], "crosscheck": [], "notes": []}


def load_cases(paths):
    """(cases, error results): every file is read; a malformed file becomes an ERROR result."""
    from .cases import case_files, load_file

    files, missing = case_files(paths)
    cases, errors = [], [error_result(p, "-", f"{p}: no such file or directory") for p in missing]
    seen = {}
    for f in files:
        try:
            loaded = load_file(f)
        except CaseError as e:
            errors.append(error_result(f, e.case if e.case is not None else "-", str(e)))
            continue
        for c in loaded:
            if c.id in seen:
                errors.append(error_result(f, c.id, str(CaseError(f, c.id, "id", f"duplicate id (also in {seen[c.id]})"))))
                continue
            seen[c.id] = f
            cases.append(c)
    return cases, errors


def case_timeout(case, default):
    """A case's own `limits.seconds` when it sets one, else the run's limit."""
    own = (getattr(case, "limits", None) or {}).get("seconds")
    return own if own else default


def _worker(case, kwargs, queue):
    queue.put(run_case(case, **kwargs))


def blas_limit(threads):
    """A context that limits the BLAS threads of this process (and of the workers it forks, which
    inherit the setting) to `threads`; no limit when None or when threadpoolctl is missing."""
    import contextlib

    if threads:
        try:
            from threadpoolctl import threadpool_limits

            return threadpool_limits(limits=threads)
        except ImportError:
            pass
    return contextlib.nullcontext()


def blas_threads_per_worker(jobs, ncases):
    """BLAS threads for each worker: all cores when one case runs at a time, else cores / workers."""
    workers = min(max(1, jobs), max(1, ncases))
    return None if workers == 1 else max(1, (os.cpu_count() or 1) // workers)


def _timeout_result(case, seconds):
    r = error_result(case.file, case.id, f"time limit of {seconds:g} s exceeded")
    r.update(verdict="UNKNOWN", title=case.title, source=case.source, check=case.check,
             claim=case.claim if case.check == "claim" else None, expect=case.expect, seconds=seconds)
    return r


def preload(cases=()):
    """Import the engines (and the claim modules and the cross-check when some case needs them)
    once, so that forked workers start warm."""
    from . import engines

    if len(cases) > 1:  # a batch: pay the slow imports once here, not in every forked worker
        engines.backends._sympy_backend()
        import networkx  # noqa: F401

    if any(getattr(c, "crosscheck", None) for c in cases):
        try:
            from . import crosscheck  # noqa: F401
        except ImportError:
            pass
    if any(c.check == "claim" for c in cases):
        from . import claims

        claims.registry()


def execute(cases, *, jobs=1, timeout=600.0, progress=None, **kwargs):
    """Run cases in worker processes (at most `jobs` at once), each under `timeout` seconds."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    preload(cases)
    with blas_limit(blas_threads_per_worker(jobs, len(cases))):
        return _execute(ctx, cases, jobs, timeout, progress, kwargs)


def _execute(ctx, cases, jobs, timeout, progress, kwargs):
    pending, running, results = list(enumerate(cases)), {}, {}
    while pending or running:
        while pending and len(running) < max(1, jobs):
            k, case = pending.pop(0)
            q = ctx.Queue()
            p = ctx.Process(target=_worker, args=(case, kwargs, q), daemon=True)
            p.start()
            running[k] = (p, q, time.monotonic(), case)
        time.sleep(0.005)
        for k, (p, q, start, case) in list(running.items()):
            res = None
            if not q.empty():
                res = q.get()
            elif not p.is_alive():
                try:
                    res = q.get(timeout=1.0)
                except Exception:  # noqa: BLE001 - the worker died without a result
                    res = _timeout_result(case, round(time.monotonic() - start, 2))
                    res["reason"] = f"worker process died (exit code {p.exitcode})"
            elif time.monotonic() - start > case_timeout(case, timeout):
                p.kill()
                res = _timeout_result(case, case_timeout(case, timeout))
            if res is not None:
                p.join(timeout=5)
                del running[k]
                results[k] = res
                if progress:
                    progress(len(results), len(cases), res)
    return [results[k] for k in range(len(cases))]


def execute_inline(cases, progress=None, **kwargs):
    """Run cases in this process (no time limit): for tests and debugging."""
    out = []
    for case in cases:
        out.append(run_case(case, **kwargs))
        if progress:
            progress(len(out), len(cases), out[-1])
    return out


def write_outputs(results, out_dir, reports=True):
    """Result records, per-case reports and the index under `out_dir`."""
    os.makedirs(out_dir, exist_ok=True)
    for r in results:
        path = os.path.join(out_dir, page_stem(r) + ".result.json")
        if reports:
            try:
                from .report import write_case_report

                cert = None
                if r.get("certificate"):
                    with open(r["certificate"]) as f:
                        cert = json.load(f)
                md, _html = write_case_report(r, cert, out_dir)
                r["report"] = md
            except ImportError:
                pass
        with open(path, "w") as f:
            json.dump(r, f, indent=1, sort_keys=True, default=str)
            f.write("\n")
    if reports:
        try:
            from .report import write_index

            write_index(results, out_dir)
        except ImportError:
            pass


def exit_status(results):
    """0 all CONFIRMED/COMPUTED; 2 any ERROR (malformed input); 1 any REFUTED; 3 any UNKNOWN."""
    verdicts = {r["verdict"] for r in results}
    if "ERROR" in verdicts:
        return EXIT_USAGE
    if "REFUTED" in verdicts:
        return EXIT_REFUTED
    if "UNKNOWN" in verdicts:
        return EXIT_UNKNOWN
    return EXIT_OK


class Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal, or when forced)."""

    def __init__(self, enabled=None, stream=None):
        self.stream = stream = stream or sys.stderr
        self.enabled = stream.isatty() if enabled is None else enabled
        self.t0 = time.monotonic()

    def __call__(self, done, total, result):
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        line = f"\r[{bar}] {done}/{total} {time.monotonic() - self.t0:6.1f}s {result['verdict']:<9} {str(result['id'])[:40]:<40}"
        self.stream.write(line)
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
