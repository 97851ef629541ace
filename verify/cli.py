"""The `verify` command: run case files, re-check certificates, rebuild reports, list claims."""

import argparse
import json
import os
import sys

from . import __version__
from .outputs import OutputError

DESCRIPTION = """\
verify decides linear-algebra claims exactly (rational and polynomial arithmetic, no floats) and
writes, for every verdict, a certificate that a small independent checker (verify/kernel) re-checks.

commands:
  run PATH...     run case files (.yaml/.yml/.toml; directories recursively)
  check CERT...   re-check certificate files with the independent checker alone
  report DIR      rebuild the Markdown/HTML reports of DIR from its certificates and results
  claims [ID]     list the paper claims a case can name with `check: claim` (one: its params)
  explain [CHECK] the case-file reference: the check kinds, or one check's keys, expect forms, example
  schema          print a JSON Schema of case files for editors (verify schema > cases.schema.json)

Case files are described in docs/cases.md (`verify explain all` prints it) and CASES.md (the
project's contract).
"""

RUN_HELP = """\
Run case files and write, per case, a certificate (<id>.cert.json), a result record
(<id>.result.json) and a report (<id>.md, <id>.html) under --out, plus index.md / index.html.

Every verdict is re-derived by the independent checker from the certificate's checked facts:
  CONFIRMED  the case's `expect` statement holds (certified)
  REFUTED    the statement is false; the certificate proves its negation
  COMPUTED   no `expect`; the computed value is certified
  UNKNOWN    nothing could be certified within the limits (the reason is given)
  ERROR      the case is malformed (the message names the file, the case and the key)

exit status: 0 every case CONFIRMED or COMPUTED; 1 some case REFUTED; 3 some case UNKNOWN and none
REFUTED; 2 malformed input (any ERROR), bad usage, or an output that cannot be written (read-only or
full disk, another run writing into --out); 130 interrupted (^C; 143 for SIGTERM).

Every file is written atomically: a run that is killed leaves each file complete or absent, and
the index lists the cases that finished.  After ^C the finished cases' certificates and reports
stay; `verify run --resume` runs only the cases whose certificate is missing or not accepted.
Data files ({file: ...}) are read only from inside the case file's directory tree unless
--allow-path names another directory.

examples:
  verify run cases/                      all shipped cases, reports under reports/
  verify run cases/basics --json         one JSON object per case on stdout
  verify run big.yaml --timeout 60 -j 1  one case at a time, 60 s per case
  verify run cases/ --scheduler tcp://10.0.0.5:8786   on a Dask cluster (pip install 'verify[dask]')
  verify run cases/ --resume             after ^C: only the cases without an accepted certificate
"""

CHECK_HELP = """\
Re-check certificate files with the independent checker (verify/kernel) alone.  The problem is
rebuilt by trusted code, never read from the certificate: from the case file the certificate names
(its path is relative to the directory the run was started in; --case-root changes that), or, for
a standalone certificate (one that embeds its problem: every certificate made by the Python API,
and those of `verify run` up to a size), from the embedded case data, validated like a case file.
When both are there they must be the same problem.  Each line says where the problem came from.
A certificate whose matrices, numbers or verdict were altered, or that belongs to a different
matrix than its case defines, is rejected.  Size limits the run recorded (--max-entries) are
honoured.

Data files of the cases are read only from inside each case file's directory tree, unless
--allow-path names another directory (as for `verify run`).

exit status: 0 all accepted; 1 any rejected; 2 unreadable input.
"""


def _parser():
    p = argparse.ArgumentParser(prog="verify", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"verify {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser("run", help="run case files", description=RUN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("paths", nargs="+", metavar="PATH", help="case files or directories")
    r.add_argument("--out", default="reports", metavar="DIR", help="where certificates and reports go (default: reports/)")
    r.add_argument("--json", action="store_true", help="print one JSON object per case on stdout")
    r.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="cases run in N worker processes at once (default: the number of CPUs, here %(default)s); "
                        "the cores' BLAS threads are shared among the workers")
    r.add_argument("--timeout", type=float, default=600.0, metavar="SEC", help="wall-clock limit per case; beyond it the case is UNKNOWN (default 600)")
    r.add_argument("--max-entries", type=int, default=None, metavar="N", help="largest matrix (entries) a case may build; beyond it UNKNOWN (default: from the memory available, here %s; the certificate records it and `verify check` honours it)" % _default_entries())
    r.add_argument("--method", choices=["auto", "flint", "sympy", "python"], default="auto", help="exact engine backend (default: auto)")
    r.add_argument("--no-crosscheck", action="store_true", help="skip the float cross-checks the cases ask for")
    r.add_argument("--no-report", action="store_true", help="write certificates and results only")
    r.add_argument("--scheduler", metavar="ADDRESS", help="run the cases on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786); each worker runs as many cases at once as it has threads (--jobs is ignored); needs pip install 'verify[dask]'")
    r.add_argument("--inline", action="store_true", help="run in this process, without time limit (debugging)")
    r.add_argument("--progress", choices=["auto", "on", "off"], default="auto", help="progress bar on stderr (default: when stderr is a terminal)")
    r.add_argument("-q", "--quiet", action="store_true", help="no per-case lines, only the summary")
    r.add_argument("--embed", dest="embed", action="store_const", const="always", default="auto",
                   help="embed every case's problem in its certificate, whatever its size (default: up to "
                        "1,000,000 entries of file data and 16 MiB), so that `verify check` needs no case file")
    r.add_argument("--no-embed", dest="embed", action="store_const", const="never",
                   help="never embed the problem: `verify check` then needs the case files")
    r.add_argument("--resume", action="store_true", help="skip every case whose certificate in --out names it and is accepted by "
                   "the checker (as `verify check` would), re-using its result; run the others")
    r.add_argument("--allow-path", action="append", default=[], metavar="DIR",
                   help="also read data files ({file: ...}) from inside DIR (repeatable); by default only from "
                        "inside each case file's directory tree")
    r.add_argument("--wait", action="store_true", help="when another run is writing into --out, wait for it to end "
                   "(default: refuse, exit status 2)")

    c = sub.add_parser("check", help="re-check certificates with the independent checker", description=CHECK_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("certs", nargs="+", metavar="CERT", help="certificate files (*.cert.json) or directories holding them")
    c.add_argument("--case-root", metavar="DIR", help="directory the certificates' case paths are relative to")
    c.add_argument("--json", action="store_true", help="one JSON object per certificate on stdout")
    c.add_argument("--export-problem", metavar="DIR",
                   help="also write, per certificate, DIR/<id>.problem.json: the explicit problem trusted code builds for it, "
                        "for `python -m verify.kernel PROBLEM.json CERT.json` (the kernel alone)")
    c.add_argument("-j", "--jobs", type=int, default=_free_cores(), metavar="N",
                   help="certificates checked at once, each in a process of its own (default: the free cores, here %(default)s)")
    c.add_argument("--timeout", type=float, default=600.0, metavar="SEC",
                   help="wall-clock limit per certificate; one not checked in time is rejected (default 600)")
    c.add_argument("--problem", choices=["auto", "embedded", "case"], default="auto",
                   help="where the problem comes from: auto (default) the case file when it is found (an embedded "
                        "problem must then equal it), else the certificate's embedded problem; embedded: only the "
                        "embedded problem; case: only the case file")
    c.add_argument("--allow-path", action="append", default=[], metavar="DIR",
                   help="also read the cases' data files from inside DIR (repeatable), as `verify run --allow-path`")

    rp = sub.add_parser("report", help="rebuild reports from existing certificates", description="Rebuild the per-case pages and the index of DIR from its *.cert.json and *.result.json files, without recomputing anything.")
    rp.add_argument("dir", metavar="DIR")
    rp.add_argument("--latex", metavar="OUT", help="also write, into OUT, a LaTeX appendix per case (<id>.tex) and "
                                                  "appendix.tex, a document that inputs them all")
    rp.add_argument("--wait", action="store_true", help="when a run is writing into DIR, wait for it to end (default: refuse)")

    cl = sub.add_parser("claims", help="list the paper claims", description="List the claim ids that `check: claim` accepts, "
                        "with their titles, sources and params; with ID, that claim only.")
    cl.add_argument("id", nargs="?", metavar="ID", help="one claim id (its params in full)")
    ex = sub.add_parser("explain", help="the case-file reference (one check, or the list)",
                        description="Print the case-file reference (docs/cases.md) for one check kind: its keys, "
                                    "its expect forms and an example; without CHECK, the list of check kinds; "
                                    "`verify explain all` prints the whole reference.")
    ex.add_argument("check", nargs="?", metavar="CHECK", help="a check kind; or a topic: keys, numbers, matrices, "
                    "sweeps, verdicts; or all")
    sub.add_parser("schema", help="print a JSON Schema of case files",
                   description="Print a JSON Schema (draft 2020-12) of case files, for editors: "
                               "verify schema > cases.schema.json (a copy is docs/cases.schema.json).")
    return p


def _default_entries():
    from .problem import DEFAULT_LIMITS

    return DEFAULT_LIMITS["max_entries"]


def _summary(results):
    from .verdicts import SUMMARY_ORDER

    counts = {}
    for r in results:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    return ", ".join(f"{counts[v]} {v}" for v in SUMMARY_ORDER if v in counts) or "no cases"


def _value_text(v, short=False):
    """`key=value, ...` of a result's value; `short`: long values replaced by their size (the
    terminal line; the files keep the full value)."""
    if short:
        return ", ".join(f"{k}={shorten(x)}" for k, x in (v or {}).items() if k != "ranks")
    return ", ".join(f"{k}={json.dumps(x)}" for k, x in (v or {}).items() if k != "ranks")


SHORT_LIMIT = 80


def _count_terms(text):
    """Top-level terms of a polynomial text (`+` / `-` outside parentheses, not after `^` or `(`)."""
    depth, terms, prev = 0, 1, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch in "+-" and depth == 0 and prev not in ("", "^", "*", "/", "e", "E"):
            terms += 1
        if not ch.isspace():
            prev = ch
    return terms


def shorten(x, limit=SHORT_LIMIT):
    """A value as terminal text, with anything longer than `limit` characters replaced by its size:
    "integer of 300 digits", "fraction of 612 digits", "polynomial of 40,320 terms", "list of 64
    entries"."""
    import re

    text = json.dumps(x, sort_keys=True, default=str)
    if len(text) <= limit:
        return text
    if isinstance(x, str):
        s = x.strip()
        if re.fullmatch(r"-?[0-9]+", s):
            return f"<integer of {len(s.lstrip('-')):,} digits>"
        if re.fullmatch(r"-?[0-9]+/[0-9]+", s):
            return f"<fraction of {len(s.lstrip('-')) - 1:,} digits>"
        if re.search(r"[A-Za-z_]", s):
            return f"<polynomial of {_count_terms(s):,} terms>"
        return json.dumps(s[:limit - 20] + "...") + f" <{len(s):,} characters>"
    if isinstance(x, dict):
        inner = ", ".join(f"{k}: {shorten(v, limit // 2)}" for k, v in x.items())
        if len(inner) <= 2 * limit:
            return "{" + inner + "}"
        return f"<mapping of {len(x):,} keys>"
    if isinstance(x, (list, tuple)):
        return f"<list of {len(x):,} entries>"
    return text[:limit] + "..."


def _result_line(r):
    line = f"{r['verdict']:<9} {r['id']}  {_value_text(r['value'], short=True)}  ({r['seconds']:.2f}s)"
    if r.get("resumed"):
        line += "  resumed"
    for note in r.get("input_notes") or ():
        line += f"\n          note: {note}"
    if r.get("reason"):
        line += f"\n          {r['reason']}"
    return line


def _check_allow_paths(dirs, command):
    """None when every --allow-path is a directory, else the usage error's message."""
    for d in dirs:
        if not os.path.isdir(d):
            return f"verify {command}: --allow-path {d}: not a directory"
    return None


def cmd_run(a):
    from . import runner
    from .cases import sources

    if a.max_entries is None:
        a.max_entries = _default_entries()
    if a.jobs < 1 or a.timeout <= 0 or a.max_entries < 1:
        print("verify run: --jobs, --timeout and --max-entries must be positive", file=sys.stderr)
        return runner.EXIT_USAGE
    if a.inline and a.scheduler:
        print("verify run: --inline and --scheduler exclude each other", file=sys.stderr)
        return runner.EXIT_USAGE
    bad = _check_allow_paths(a.allow_path, "run")
    if bad:
        print(bad, file=sys.stderr)
        return runner.EXIT_USAGE
    saved = sources.allow_data_paths(a.allow_path)
    try:
        return _run(a)
    finally:
        sources.allow_data_paths(saved)


def _run(a):
    from . import runner

    with runner.StopSignals() as stop:  # ^C only sets a flag from here on (see StopSignals)
        return _run_stoppable(a, stop)


def _run_stoppable(a, stop):
    import signal

    from . import runner
    from .outputs import DirectoryBusy, OutputError, OutputLock, clean_temporaries

    cases, errors = runner.load_cases(a.paths)
    if not cases and not errors:
        print(f"verify run: no case files (.yaml, .yml, .toml) under {' '.join(a.paths)}", file=sys.stderr)
        return runner.EXIT_USAGE
    progress = runner.Progress({"auto": None, "on": True, "off": False}[a.progress])
    kwargs = dict(out_dir=a.out, method=a.method, limits={"max_entries": a.max_entries, "timeout": a.timeout},
                  crosscheck=not a.no_crosscheck, embed=a.embed)

    def waiting(holder):
        who = f" (pid {holder})" if holder else ""
        print(f"verify run: another run{who} is writing into {a.out}; waiting for it to end", file=sys.stderr)

    sink, results, stopped = None, None, None
    try:
        with OutputLock(a.out, wait=a.wait, on_wait=waiting, cancelled=lambda: stop.signum):
            clean_temporaries(a.out)
            sink = runner.OutputSink(a.out, reports=not a.no_report)

            def emit(r):
                """Print one case's line (or JSON record) now, as it finishes (streaming)."""
                if a.json:
                    text = json.dumps(r, sort_keys=True, default=str)
                elif a.quiet:
                    return
                else:
                    text = _result_line(r)
                if progress.enabled:  # clear the bar; it is redrawn by the next progress call
                    progress.stream.write("\r\033[K")
                    progress.stream.flush()
                print(text, flush=True)

            for r in errors:
                sink.add(r)
                emit(r)
            sink.write_index()

            def on_result(done, total, r):
                sink.add(r)
                emit(r)
                progress(done, total, r)

            try:
                if stop.signum:  # while the cases were read
                    raise runner.Interrupted(stop.signum, [], len(cases))
                if a.inline:
                    with stop.paused():  # in this process: ^C raises, between and inside cases
                        results = runner.execute_inline(cases, progress=on_result, resume=a.resume, **kwargs)
                elif a.scheduler:
                    from .distributed import DistributedError

                    try:
                        with stop.paused():  # the Dask client blocks: ^C raises KeyboardInterrupt
                            results = _run_on_cluster(cases, a, kwargs, on_result)
                    except DistributedError as e:
                        print(f"verify run: {e}", file=sys.stderr)
                        return runner.EXIT_USAGE
                else:
                    results = runner.execute(cases, jobs=a.jobs, timeout=a.timeout, progress=on_result,
                                             resume=a.resume, stop=stop, **kwargs)
            except runner.Interrupted as e:
                stopped = e
            except KeyboardInterrupt:  # the Dask client path
                done = sink.results[len(errors):]
                stopped = runner.Interrupted(signal.SIGINT, done, len(cases) - len(done))
            if stopped is not None and progress.enabled:
                progress.stream.write("\n")
            results = errors + (results if stopped is None else stopped.results)
            sink.finish(results)
    except DirectoryBusy as e:
        print(f"verify run: {e}", file=sys.stderr)
        return runner.EXIT_USAGE
    except OutputError as e:
        finished = len(sink.results) - len(errors) if sink else 0
        print(f"verify run: {e}; the run stopped ({finished} of {len(cases)} cases finished)", file=sys.stderr)
        return runner.EXIT_USAGE
    resumed = sum(1 for r in results if r.get("resumed"))
    summary = _summary(results) + (f" ({resumed} resumed from earlier certificates)" if resumed else "")
    if stopped is not None:
        name = signal.Signals(stopped.signum).name
        print(f"verify: interrupted ({name}); {summary}; {stopped.not_run} of {len(cases)} cases not run; "
              f"the finished cases' certificates and reports are in {a.out}/ "
              f"(verify run --resume with the same arguments runs the rest)", file=sys.stderr)
        return stopped.exit_status
    print(f"verify: {summary}; certificates and reports in {a.out}/", file=sys.stderr)
    return runner.exit_status(results)


def _run_on_cluster(cases, a, kwargs, on_result):
    """The cases on the Dask scheduler `a.scheduler`; with --resume the cases with an accepted
    certificate are taken from it here, and only the others are sent."""
    from . import runner
    from .distributed import execute_dask

    kept = {}
    if a.resume:
        for i, c in enumerate(cases):
            r = runner.resume_result(c, a.out)
            if r is not None:
                kept[i] = r
                on_result(len(kept), len(cases), r)
    todo = [c for i, c in enumerate(cases) if i not in kept]
    ran = iter(execute_dask(todo, a.scheduler, timeout=a.timeout,
                            progress=lambda done, total, r: on_result(len(kept) + done, len(cases), r), **kwargs))
    return [kept[i] if i in kept else next(ran) for i in range(len(cases))]


def _export_problems(files, a):
    from .checker import CertificateError, Unreadable, export_problem, read_certificate
    from .outputs import write_text

    os.makedirs(a.export_problem, exist_ok=True)
    for f in files:
        name = os.path.basename(f)[:-len(".cert.json")] if f.endswith(".cert.json") else os.path.basename(f)
        try:
            doc = export_problem(read_certificate(f), a.case_root, a.problem)
        except (CertificateError, Unreadable) as e:
            print(f"verify check: cannot export the problem of {f}: {e}", file=sys.stderr)
            return 2
        write_text(os.path.join(a.export_problem, name + ".problem.json"), json.dumps(doc, sort_keys=True))
    return 0


def _free_cores():
    """Cores this process may use that are not busy (affinity minus the load average, at least 1)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    try:
        busy = int(os.getloadavg()[0])
    except OSError:
        busy = 0
    return max(1, min(n, n - busy + 1))


def cmd_check(a):
    from .cases import sources

    bad = _check_allow_paths(a.allow_path, "check")
    if bad:
        print(bad, file=sys.stderr)
        return 2
    saved = sources.allow_data_paths(a.allow_path)
    try:
        return _check(a)
    finally:
        sources.allow_data_paths(saved)


def _check(a):
    from .checker import check_files_limited, preload, warm_case_files

    files = []
    for p in a.certs:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, n) for n in os.listdir(p) if n.endswith(".cert.json"))
        else:
            files.append(p)
    if not files:
        print("verify check: no certificate files given", file=sys.stderr)
        return 2
    if a.timeout <= 0:
        print("verify check: --timeout must be positive", file=sys.stderr)
        return 2
    if a.jobs < 1:
        print("verify check: --jobs must be positive", file=sys.stderr)
        return 2
    preload()
    warm_case_files(files, a.case_root)
    if a.export_problem and _export_problems(files, a) != 0:
        return 2
    status = 0
    for f, (kind, res) in check_files_limited(files, a.case_root, a.timeout, a.problem, a.jobs):
        if kind == "ok":
            out = {"certificate": f, "accepted": True, **res}
            text = (f"ACCEPTED  {f}: {res['verdict']} {_value_text(res['value'], short=True)} ({len(res['checked'])} obligations; "
                    f"problem from {res['source']})")
        elif kind == "rejected":
            status = max(status, 1)
            out, text = {"certificate": f, "accepted": False, "reason": res}, f"REJECTED  {f}: {res}"
        else:
            status = 2
            out, text = {"certificate": f, "accepted": False, "reason": res}, f"UNREADABLE {f}: {res}"
        print(json.dumps(out, sort_keys=True, default=str) if a.json else text, flush=True)
    return status


def cmd_report(a):
    if not os.path.isdir(a.dir):
        print(f"verify report: {a.dir} is not a directory", file=sys.stderr)
        return 2
    from .outputs import DirectoryBusy, OutputError, OutputLock
    from .report import ReportError, rebuild

    def waiting(holder):
        print(f"verify report: a run is writing into {a.dir}; waiting for it to end", file=sys.stderr)

    try:
        with OutputLock(a.dir, wait=a.wait, on_wait=waiting):
            n = rebuild(a.dir)
            if a.latex:
                from .report.latex import write_latex

                k = write_latex(a.dir, a.latex)
                print(f"verify: wrote the LaTeX appendices of {k} cases in {a.latex.rstrip('/')}/ (appendix.tex)",
                      file=sys.stderr)
    except (ReportError, DirectoryBusy, OutputError) as e:
        print(f"verify report: {e}", file=sys.stderr)
        return 2
    print(f"verify: rebuilt the reports of {n} cases in {a.dir.rstrip('/')}/", file=sys.stderr)
    return 0 if n else 2


def cmd_claims(a):
    from .cases.numbers import did_you_mean
    from .claims import registry

    claims = registry()
    if a.id is not None:
        if a.id not in claims:
            print(f"verify claims: unknown claim id {a.id!r}{did_you_mean(a.id, claims)} "
                  f"(`verify claims` lists them)", file=sys.stderr)
            return 2
        c = claims[a.id]
        print(f"{c.id}\n  title:  {c.title}\n  source: {c.source}\n  params: {c.params_doc or '(none)'}\n"
              f"  use:    check: claim, claim: {c.id}, params: {{...}}, expect: {{verdict: confirmed}}")
        return 0
    for cid, c in sorted(claims.items()):
        print(f"{cid:<22} {c.title}\n{'':<22} source: {c.source}")
        if c.params_doc:
            print(f"{'':<22} params: {c.params_doc}")
    return 0


def cmd_explain(a):
    from .cases.reference import explain

    out, status = explain(a.check)
    (sys.stdout if status == 0 else sys.stderr).write(out)
    return status


def cmd_schema(a):
    from .cases.reference import schema

    print(json.dumps(schema(), indent=2, sort_keys=False, ensure_ascii=False))
    return 0


def main(argv=None):
    parser = _parser()
    a = parser.parse_args(argv)
    if a.command is None:
        parser.print_help()
        return 2
    try:
        status = {"run": cmd_run, "check": cmd_check, "report": cmd_report, "claims": cmd_claims,
                  "explain": cmd_explain, "schema": cmd_schema}[a.command](a)
        if argv is None:  # the program: a ^C while the interpreter exits no longer changes the status
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)
        return status
    except KeyboardInterrupt:
        print("verify: interrupted", file=sys.stderr)
        return 130
    except OutputError as e:  # a write outside the commands' own handling
        print(f"verify: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into a program that stopped reading (e.g. head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
