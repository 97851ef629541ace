"""Run many cases: loading, worker processes with a wall-clock limit, progress, results, reports.

python-flint holds the GIL and cannot be interrupted, so every case runs in its own worker process;
a case that exceeds the time limit is killed and ends as UNKNOWN with the reason, and the run goes on.

Faults (issue 13):
- every file is written atomically (`verify.outputs`): a killed run leaves each file complete or
  absent; result records and pages are written as each case finishes (`OutputSink`), and the index
  is rewritten every few seconds and at the end, so it lists what finished;
- SIGINT / SIGTERM stop a run promptly: the parent's handler only sets a flag (it never raises
  inside a fork), the running workers are killed, the finished cases are kept, and `execute`
  raises `Interrupted` with them; workers ignore SIGINT (the parent ends them) and die with the
  parent (PR_SET_PDEATHSIG on Linux);
- a failure to write (`verify.outputs.OutputError`) stops the run, in a worker or here;
- `resume=True` skips a case whose certificate under `out_dir` names it and is accepted by the
  checker (`certificate_check`), re-using its result record.
"""

import contextlib
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
import time

from . import outputs
from .errors import CaseError
from .outputs import OutputError
from .pipeline import adopt_partial, run_case
from .report import page_stem
from .verdicts import ERROR, Verdict

EXIT_OK, EXIT_REFUTED, EXIT_USAGE, EXIT_UNKNOWN = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT (SIGTERM: 143)


class Interrupted(Exception):
    """A run stopped by a signal: `results` are the finished cases (in case order), `not_run` how
    many cases have no result, `signum` the signal."""

    def __init__(self, signum, results, not_run):
        self.signum, self.results, self.not_run = signum, results, not_run
        super().__init__(f"interrupted by {signal.Signals(signum).name}: {not_run} cases not run")

    @property
    def exit_status(self):
        return 128 + self.signum


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
        found = []
        try:
            loaded = load_file(f, errors=found)
        except CaseError as e:
            errors.append(error_result(f, e.case if e.case is not None else "-", str(e)))
            continue
        for e in found:  # a malformed case: its own ERROR; the file's other cases run
            errors.append(error_result(f, e.case if e.case is not None else "-", str(e)))
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


def _worker(case, kwargs, queue, options):
    _worker_setup(options)
    try:
        res = resume_result(case, kwargs["out_dir"]) if options.get("resume") else None
        if res is None:
            res = run_case(case, **kwargs)
    except OutputError as e:
        res = {"_output_error": [e.path, e.reason]}
    queue.put(res)


def _worker_setup(options):
    """In a freshly forked worker: ^C is the parent's to handle (it kills the workers), the
    parent's data-path policy, and death with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from .cases import sources

    sources.allow_data_paths(options.get("allow_paths", ()))
    parent = options.get("parent")
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent and os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


_BLAS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def blas_limit(threads):
    """A context that limits the BLAS threads of this process (and of the workers it forks, which
    inherit the setting) to `threads`; no limit when None.  Without threadpoolctl the limit can
    only be set through the environment before numpy is first imported: it is then, and left so
    (a BLAS library reads it once when it loads); a variable the user set is never overridden."""
    import contextlib

    if threads:
        try:
            from threadpoolctl import threadpool_limits

            return threadpool_limits(limits=threads)
        except ImportError:
            if "numpy" not in sys.modules and not any(v in os.environ for v in _BLAS_ENV):
                for v in _BLAS_ENV:
                    os.environ[v] = str(threads)
    return contextlib.nullcontext()


def _cpu_times():
    """(busy, total) jiffies of the whole machine from /proc/stat, or None where it is not readable."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)       # idle + iowait
    return sum(fields) - idle, sum(fields)


def busy_cores(sample=0.1):
    """Cores busy with other work now: the busy share of the machine's CPU time over `sample`
    seconds (/proc/stat) times its core count, rounded; where /proc/stat is missing, the 1-minute load
    average rounded.  The load average lags: right after a heavy job it still reads about 1 on an idle
    machine (measured: d = 64 Khatri-Rao then ran on one BLAS thread, 2.5 s instead of 1.7 s)."""
    a = _cpu_times()
    if a is not None:
        time.sleep(sample)
        b = _cpu_times()
        if b is not None and b[1] > a[1]:
            return int((b[0] - a[0]) / (b[1] - a[1]) * (os.cpu_count() or 1) + 0.5)
    try:
        return int(os.getloadavg()[0] + 0.5)
    except (AttributeError, OSError):
        return 0


def _usable_cores():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def free_cores():
    """Cores this process may use that are not busy: the affinity set (os.sched_getaffinity) less
    `busy_cores()`, at least 1.  A lone case on a machine whose other core is busy thus runs one BLAS
    thread: two threads on one free core time-slice against the other load and are slower (d = 64
    Khatri-Rao: 7.0 s with 2 vs 3.9 s with 1)."""
    n = _usable_cores()
    return max(1, min(n, n - busy_cores()))


def blas_threads_per_worker(jobs, ncases, free=None):
    """BLAS threads for each worker: the free cores (`free_cores`) shared among the workers that run
    at once, at least 1 each; never more threads than free cores when they are at least 1 each.
    With at least as many workers as cores the answer is 1 whatever is busy, so the CPU is not
    sampled (no 0.1 s wait on a run of many cases)."""
    workers = min(max(1, jobs), max(1, ncases))
    if free is None and workers >= _usable_cores():
        return 1
    free = free_cores() if free is None else free
    return max(1, free // workers)


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

        claims.registry()  # scanned once here; the workers inherit it (verify/claims/__init__.py)
    if sys.platform.startswith("linux"):
        import ctypes  # noqa: F401 - for the workers' PR_SET_PDEATHSIG


def execute(cases, *, jobs=1, timeout=600.0, progress=None, resume=False, stop=None, **kwargs):
    """Run cases in worker processes (at most `jobs` at once), each under `timeout` seconds.

    Returns the results in the order of `cases`.  Raises `Interrupted` (with the finished results)
    on SIGINT or SIGTERM, and `OutputError` when a file cannot be written; the running workers are
    killed either way.  `resume`: see `resume_result`.  `stop`: a `StopSignals` the caller
    installed earlier (a signal it caught before counts too)."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    from .cases import sources

    options = {"resume": resume, "allow_paths": sources.allowed_data_paths(), "parent": os.getpid()}
    with stop or StopSignals() as stop:
        preload(cases)  # imports: a raising ^C handler here could be swallowed by importlib's callbacks
        with blas_limit(blas_threads_per_worker(jobs, len(cases))):
            return _execute(ctx, cases, jobs, timeout, progress, kwargs, options, stop)


class StopSignals:
    """While active (in the main thread), SIGINT and SIGTERM only set `signum`: the runner's loop
    sees it and stops.  A handler that raises (Python's default for SIGINT) can fire inside code
    that prints and swallows the exception, and the run would go on: `os.fork`'s at-fork hooks
    ("Exception ignored in _releaseLock"), importlib's module-lock callbacks ("Exception ignored
    in _get_module_lock.<locals>.cb", while the cases' modules are imported)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self.signum, self.saved, self.depth = None, {}, 0

    def _handler(self, signum, frame):
        if self.signum is None:
            self.signum = signum

    def _install(self):
        if threading.current_thread() is threading.main_thread():
            for s in self.SIGNALS:
                self.saved[s] = signal.signal(s, self._handler)

    def _restore(self):
        for s, h in self.saved.items():
            signal.signal(s, h)
        self.saved = {}

    def __enter__(self):  # re-entrant: a caller may hold it around `execute(..., stop=...)`
        if self.depth == 0:
            self._install()
        self.depth += 1
        return self

    def __exit__(self, *exc):
        self.depth -= 1
        if self.depth == 0:
            self._restore()
        return False

    @contextlib.contextmanager
    def paused(self):
        """The previous handlers meanwhile (e.g. KeyboardInterrupt for code that blocks on a network
        client or computes in this process)."""
        active = bool(self.saved)
        self._restore()
        try:
            yield self
        finally:
            if active:
                self._install()


def _execute(ctx, cases, jobs, timeout, progress, kwargs, options, stop):
    pending, running, results = list(enumerate(cases)), {}, {}

    def fill():
        while pending and len(running) < max(1, jobs) and not stop.signum:
            k, case = pending.pop(0)
            q = ctx.Queue()
            p = ctx.Process(target=_worker, args=(case, kwargs, q, options), daemon=True)
            p.start()
            running[k] = (p, q, time.monotonic(), case)

    try:
        while (pending or running) and not stop.signum:
            fill()
            time.sleep(0.005)
            arrived = []
            for k, (p, q, start, case) in list(running.items()):
                if stop.signum:
                    break
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
                    p.join(timeout=5)
                    res = adopt_partial(_timeout_result(case, case_timeout(case, timeout)), kwargs["out_dir"],
                                        case.id, p.pid)
                if res is not None:
                    p.join(timeout=5)
                    del running[k]
                    if "_output_error" in res:
                        raise OutputError(*res["_output_error"])
                    results[k] = res
                    arrived.append(res)
            if arrived and progress:
                fill()  # the next cases start before this process writes the results' files
                for n, res in enumerate(arrived, len(results) - len(arrived) + 1):
                    progress(n, len(cases), res)
    finally:
        for p, q, start, case in running.values():  # interrupted, or an error: end the workers
            p.kill()
        for p, q, start, case in running.values():
            p.join(timeout=5)
    if stop.signum:
        raise Interrupted(stop.signum, [results[k] for k in sorted(results)], len(cases) - len(results))
    return [results[k] for k in range(len(cases))]


def execute_inline(cases, progress=None, resume=False, **kwargs):
    """Run cases in this process (no time limit): for tests and debugging.  ^C raises
    `Interrupted` with the finished results."""
    out = []
    try:
        for case in cases:
            res = resume_result(case, kwargs["out_dir"]) if resume else None
            out.append(res if res is not None else run_case(case, **kwargs))
            if progress:
                progress(len(out), len(cases), out[-1])
    except KeyboardInterrupt:
        raise Interrupted(signal.SIGINT, out, len(cases) - len(out)) from None
    return out


# ---------------------------------------------------------------------------------- resuming
def certificate_check(path, case_file):
    """The checker's verdict on the certificate file `path` of the case in `case_file`: {value,
    verdict, checked}; raises when it is rejected or unreadable.  The one place `--resume` calls the
    checker (with the case root that holds the case file as the run named it)."""
    from .checker import check_file

    root = os.path.dirname(os.path.realpath(case_file)) if os.path.isabs(case_file) else None
    return check_file(path, root)


def resume_result(case, out_dir):
    """The result of `case` from an earlier run into `out_dir`, or None when it must run: its
    certificate (`<id>.cert.json`, a regular file) must name this case and this case file and be
    accepted by the checker.  The earlier result record is re-used when it agrees with the
    checker's value and verdict; otherwise the record is rebuilt from the certificate."""
    stem = page_stem({"id": case.id})
    cert_path = os.path.join(out_dir, stem + ".cert.json")
    cert = outputs.read_json(cert_path)
    info = cert.get("case") if isinstance(cert, dict) else None
    if not isinstance(info, dict) or info.get("id") != case.id or not isinstance(info.get("file"), str) \
            or os.path.realpath(info["file"]) != os.path.realpath(case.file):
        return None
    t0 = time.perf_counter()
    try:
        checked = _plain(certificate_check(cert_path, info["file"]))
    except Exception:  # noqa: BLE001 - rejected, unreadable, or the checker failed: run the case
        return None
    prev = outputs.read_json(os.path.join(out_dir, stem + ".result.json"))
    if (isinstance(prev, dict) and prev.get("id") == case.id and prev.get("verdict") == checked["verdict"]
            and _plain(prev.get("value")) == checked["value"]):
        res = prev
    else:
        res = error_result(case.file, case.id, None)
        res.update(title=case.title, source=case.source, check=case.check, expect=case.expect,
                   claim=case.claim if case.check == "claim" else None, verdict=checked["verdict"],
                   value=checked["value"], checked=checked["checked"], sweep=getattr(case, "sweep_of", None),
                   seconds=round(time.perf_counter() - t0, 4),
                   notes=["Result rebuilt by `verify run --resume` from the certificate of an earlier run."])
        if checked["verdict"] == "UNKNOWN":
            res["reason"] = "the certified facts do not settle the statement"
    res.update(certificate=cert_path, resumed=True)
    return res


def _plain(x):
    return json.loads(json.dumps(x, sort_keys=True, default=str))


# ---------------------------------------------------------------------------------- writing
class OutputSink:
    """Writes each result as it arrives: its result record and pages under `out_dir` (a stale
    certificate of a case that has none now is removed, so the directory never pairs this run's
    record with an earlier run's certificate), and the index over the results so far every
    `index_every` seconds, or less often when writing it takes more than 5% of that time (the
    index of a large run takes tens of milliseconds); `finish()` writes the final index.  Raises
    `OutputError`."""

    def __init__(self, out_dir, reports=True, index_every=2.0):
        self.out_dir, self.reports, self.index_every = out_dir, reports, index_every
        self.results, self.last_index, self.index_cost = [], time.monotonic(), 0.0
        outputs.ensure_dir(out_dir)

    def add(self, r):
        write_result(r, self.out_dir, self.reports)
        self.results.append(r)
        if self.index_every is not None and \
                time.monotonic() - self.last_index >= max(self.index_every, 20 * self.index_cost):
            self.write_index()

    def write_index(self, results=None):
        if self.reports:
            try:
                from .report import write_index
            except ImportError:
                return
            t = time.monotonic()
            write_index(self.results if results is None else results, self.out_dir)
            self.last_index = time.monotonic()
            self.index_cost = self.last_index - t

    def finish(self, results=None):
        self.write_index(results)
        outputs.sync_dir(self.out_dir)


def write_result(r, out_dir, reports=True):
    """One case's result record (`<id>.result.json`) and pages (`<id>.md`, `<id>.html`)."""
    stem = page_stem(r)
    if r.get("certificate"):
        cert = outputs.read_json(r["certificate"])
    else:
        cert = None
        outputs.remove(os.path.join(out_dir, stem + ".cert.json"))
    if reports:
        try:
            from .report import write_case_report

            md, _html = write_case_report(r, cert, out_dir)
            r["report"] = md
        except ImportError:
            pass
    outputs.write_json(os.path.join(out_dir, stem + ".result.json"), r, default=str)


def write_outputs(results, out_dir, reports=True):
    """Result records, per-case reports and the index under `out_dir`."""
    sink = OutputSink(out_dir, reports, index_every=None)
    for r in results:
        sink.add(r)
    sink.finish()


def exit_status(results):
    """0 all CONFIRMED/COMPUTED; 2 any ERROR (malformed input); 1 any REFUTED; 3 any UNKNOWN."""
    verdicts = {r["verdict"] for r in results}
    if ERROR in verdicts:
        return EXIT_USAGE
    if Verdict.REFUTED in verdicts:
        return EXIT_REFUTED
    if Verdict.UNKNOWN in verdicts:
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
