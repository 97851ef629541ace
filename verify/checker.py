"""`verify check`: re-check certificate files with the independent kernel.

The problem is re-derived by trusted code only (the case loader, the check kinds' `build` and
`statement`, the claims' trusted builds and statements: `verify.problem`), never read from the
certificate, from one of two sources:
- the case file the certificate names, resolved strictly inside the case root (default: the
  current directory), which must have the bytes (sha256) it had when the certificate was made;
- the certificate's embedded problem (a standalone certificate: `verify.problem`, "Embedded
  problems"), validated by the same loader as a case file.
With `problem="auto"` (the default) the case file is used when it is found, and an embedded problem
must then be the same problem (same objects by content hash, same statement) or the certificate is
rejected; without the case file the embedded problem is used.  "embedded" ignores any case file,
"case" requires it.  The outcome says which source was used (`source`, and `problem` in detail).
The kernel then checks the certificate against that problem.  No engine and no proof code is
imported on this path (`tests/test_architecture.py`).
"""

import hashlib
import json
import os

from .errors import CaseError, CertificateError, Unknown, VerifyError
from .kernel.check import MALFORMED, check

PROBLEM_SOURCES = ("auto", "embedded", "case")

MAX_CERTIFICATE_BYTES = 1 << 30
MAX_INTEGER_DIGITS = 1_000_000


class Unreadable(VerifyError):
    """A certificate or its case cannot be read (exit status 2)."""


class OutsideRoot(Unreadable):
    """The certificate's case file lies outside the case root: it is never read."""


def _json_loads(text):
    """json.loads with integers of at most MAX_INTEGER_DIGITS digits and no NaN/Infinity.  The digit
    limit is Python's own (in C, so a certificate with millions of entries parses at full speed),
    set for the duration of the call and restored after it."""
    import sys

    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(MAX_INTEGER_DIGITS)
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicate_keys)
    except ValueError as e:
        if "integer string conversion" in str(e):
            raise ValueError(f"an integer of more than {MAX_INTEGER_DIGITS} digits") from None
        raise
    finally:
        sys.set_int_max_str_digits(old)


def _no_constant(text):
    raise ValueError(f"{text} is not JSON")


def _no_duplicate_keys(pairs):
    """A JSON object whose keys are distinct (a repeated key, e.g. two conclusions, is ambiguous:
    readers differ on which one counts)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        raise ValueError(f"the key {next(k for k, _ in pairs if k in seen or seen.add(k))!r} is repeated in an object")
    return out


def read_certificate(path):
    try:
        if os.path.getsize(path) > MAX_CERTIFICATE_BYTES:
            raise Unreadable(f"{path}: larger than {MAX_CERTIFICATE_BYTES} bytes")
        with open(path, encoding="utf-8") as f:
            cert = _json_loads(f.read())
    except (OSError, UnicodeDecodeError) as e:
        raise Unreadable(f"{path}: cannot read: {e}") from None
    except RecursionError:
        raise Unreadable(f"{path}: not a certificate: JSON nested too deeply") from None
    except ValueError as e:
        raise Unreadable(f"{path}: not a certificate: {e}") from None
    if not isinstance(cert, dict):
        raise Unreadable(f"{path}: a certificate is a JSON object")
    return cert


def resolve_case_file(rel, case_root=None):
    """The real path of a certificate's case file, which must lie inside the case root (after
    resolving `..` and links: a path that leaves the root is rejected, whatever its spelling)."""
    root = os.path.realpath(case_root or os.getcwd())
    if not isinstance(rel, str) or not rel or "\0" in rel:
        raise Unreadable("the certificate names no case file")
    path = os.path.realpath(os.path.join(root, rel))  # an absolute rel stays itself
    if os.path.commonpath([root, path]) != root:
        raise OutsideRoot(f"case file {rel} resolves outside the case root {root}; it is not read (use --case-root)")
    if not os.path.isfile(path):
        raise Unreadable(f"case file {rel} not found under {root} (use --case-root)")
    return path


_LOADED = {}   # (path, sha256 of its bytes) -> cases or the CaseError: a file is parsed once per content


def load_case_file(path):
    """The cases of a case file (Unreadable if the loader refuses it), parsed once per content:
    the cache is keyed by the file's bytes, and the cases carry the hash of the bytes they were
    read from, which `find_case` compares with the certificate's."""
    from .cases import load_file

    try:
        with open(path, "rb") as f:
            key = (path, hashlib.sha256(f.read()).hexdigest())
    except OSError:
        key = None
    got = _LOADED.get(key) if key else None
    if got is None:
        try:
            got = load_file(path)
        except CaseError as e:
            got = e
        if key:
            _LOADED[key] = got
    if isinstance(got, CaseError):
        raise Unreadable(str(got))
    return got


def warm_case_files(paths, case_root=None):
    """Parse, once and in this process, the case files the certificates `paths` name (so that the
    child processes forked per certificate inherit them).  Only a cache: anything unreadable is
    left for the check itself to report."""
    for path in paths:
        try:
            info = read_certificate(path).get("case") or {}
            load_case_file(resolve_case_file(info.get("file"), case_root))
        except Exception:  # noqa: BLE001 - reported by the check of that certificate
            pass


def find_case(cert, case_root=None):
    """(case, description of where it came from) for the case the certificate was made for."""
    info = cert.get("case")
    if not isinstance(info, dict) or not isinstance(info.get("id"), str):
        raise Unreadable("the certificate names no case file and id")
    path = resolve_case_file(info.get("file"), case_root)
    cases = load_case_file(path)
    sha = cases[0].file_sha256 if cases else None
    if info.get("file_sha256") != sha:
        raise CertificateError("case", f"case file {info.get('file')} has changed since the certificate was made "
                                       f"(sha256 {sha} differs from the recorded {info.get('file_sha256')})")
    for case in cases:
        if case.id == info["id"]:
            return case, f"case file {info.get('file')} (sha256 {sha[:12]}...)"
    raise Unreadable(f"case {info['id']} is not in {info.get('file')}")


def limits_of(cert):
    """The size limit the run recorded (a raised --max-entries travels with the certificate)."""
    from .problem import DEFAULT_LIMITS

    got = (cert.get("limits") or {}).get("max_entries") if isinstance(cert.get("limits"), dict) else None
    if isinstance(got, int) and not isinstance(got, bool) and got > 0:
        return {**DEFAULT_LIMITS, "max_entries": got}
    return dict(DEFAULT_LIMITS)


def _matches(cert, case):
    """The certificate's copies of what defines the problem are the case's."""
    from .problem import case_params

    if cert.get("check") != case.check:
        raise CertificateError("case", f"certificate is for check {cert.get('check')!r}, the case has {case.check!r}")
    if case.check == "claim" and cert.get("claim") != case.claim:
        raise CertificateError("case", "certificate is for another claim")
    if cert.get("params") != case_params(case):
        raise CertificateError("case", "certificate parameters differ from the case's")
    if cert.get("expect") != case.expect:
        raise CertificateError("case", "certificate statement (expect) differs from the case's")


def _rebuild(cert, case, what, embedded=False):
    """The problem of `case` (whose definition must be the certificate's).  A case the loader
    refuses is unreadable input when it is a case file, and a rejected certificate when it is the
    certificate's own embedded problem; beyond the limits, it cannot be checked (unreadable)."""
    from .problem import build_problem

    _matches(cert, case)
    try:
        return build_problem(case, limits_of(cert), cert.get("witness"))
    except CaseError as e:
        if embedded:
            raise CertificateError("problem", f"the embedded problem is not a valid case: {e}") from None
        raise Unreadable(f"cannot rebuild the problem from {what}: {e}") from None
    except Unknown as e:
        raise Unreadable(f"cannot rebuild the problem from {what}: {e}") from None


def embedded_problem(cert):
    """The problem trusted code builds from the certificate's embedded case (CertificateError when
    the embedded data is not a valid case, or not the certificate's)."""
    from .problem import EmbeddedProblemError, embedded_case

    info = cert.get("case") if isinstance(cert.get("case"), dict) else {}
    if not isinstance(info.get("id"), str):
        raise CertificateError("problem", "the certificate names no case id for its embedded problem")
    try:
        with embedded_case(cert["problem"], info["id"]) as case:
            return _rebuild(cert, case, "the embedded problem", embedded=True)
    except EmbeddedProblemError as e:
        raise CertificateError("problem", str(e)) from None
    except CaseError as e:
        raise CertificateError("problem", f"the embedded problem is not a valid case: {e}") from None


def _embeds_exactly(cert, case):
    """Whether the certificate's embedded problem is, byte for byte in canonical JSON, the one trusted
    code embeds for `case` (format, case document, sha256).  Then it defines the same problem as the
    case file by construction and need not be built a second time; any difference (or anything
    that cannot be embedded) leaves the full rebuild and object-by-object comparison to decide."""
    from .problem import canonical_json, embed_case

    try:
        return canonical_json(embed_case(case, max_entries=None, max_bytes=None)) == canonical_json(cert["problem"])
    except Exception:  # noqa: BLE001 - not embeddable, or odd data: the full comparison decides
        return False


def resolve_problem(cert, case_root=None, problem="auto"):
    """(problem, source text, source record): the problem trusted code derives for the certificate,
    from its case file or its embedded problem (module docstring)."""
    if problem not in PROBLEM_SOURCES:
        raise ValueError(f"problem source must be one of {PROBLEM_SOURCES}")
    has_embedded = "problem" in cert
    if problem == "embedded" and not has_embedded:
        raise Unreadable("the certificate embeds no problem (it was made with --no-embed, or by an older verify)")
    record = {"from": None, "case_file": None, "case_file_sha256": None, "embedded_sha256": None,
              "compared": False}
    from_file = file_text = None
    if problem != "embedded":
        info = cert.get("case") if isinstance(cert.get("case"), dict) else {}
        if has_embedded and problem == "auto" and info.get("file") is None:
            missing = "the certificate names no case file"
        else:
            record["case_file"] = info.get("file")
            try:
                case, file_text = find_case(cert, case_root)
            except Unreadable as e:
                not_found = isinstance(e, OutsideRoot) or str(e).startswith(f"case file {info.get('file')} not found")
                if not has_embedded and not_found:
                    raise Unreadable(f"{e}; the certificate does not embed its problem") from None
                if not has_embedded or problem == "case" or not not_found:
                    raise  # a case file that is there but unreadable, or lacks the case, is never skipped
                missing = str(e) if isinstance(e, OutsideRoot) else f"case file {info.get('file')} not found"
            else:
                from_file = _rebuild(cert, case, f"case file {case.file}")
                record.update({"from": "case-file", "case_file_sha256": case.file_sha256})
    if not has_embedded:
        return from_file, file_text, record
    if from_file is not None and _embeds_exactly(cert, case):
        sha = cert["problem"]["sha256"]
        record.update(embedded_sha256=sha, compared=True)
        return from_file, f"{file_text}, equal to the embedded problem (sha256 {sha[:12]}...)", record
    emb = embedded_problem(cert)
    sha = cert["problem"]["sha256"]
    record["embedded_sha256"] = sha
    if from_file is not None:
        from .problem import problem_differences

        diffs = problem_differences(from_file, emb)
        if diffs:
            raise CertificateError("problem", f"the embedded problem differs from {file_text}: {'; '.join(diffs)[:400]}")
        record["compared"] = True
        return from_file, f"{file_text}, equal to the embedded problem (sha256 {sha[:12]}...)", record
    record["from"] = "embedded"
    why = "" if problem == "embedded" else f"; {missing}"
    return emb, f"the embedded problem (sha256 {sha[:12]}...{why})", record


def problem_for(cert, case_root=None, problem="auto"):
    """(problem, source): the problem trusted code derives for the certificate (`resolve_problem`)."""
    got, source, _ = resolve_problem(cert, case_root, problem)
    return got, source


def check_certificate(cert, case_root=None, problem="auto"):
    """Check a certificate (a JSON object as read); returns the kernel's outcome with `source`
    (where the problem came from, in words) and `problem` (the same as a record).  Raises
    CertificateError (rejected) or Unreadable."""
    try:
        got, source, record = resolve_problem(cert, case_root, problem)
        out = check(got, cert)
    except MALFORMED as e:
        raise CertificateError("format", f"malformed certificate ({type(e).__name__}: {str(e)[:200]})") from None
    out["source"], out["problem"] = source, record
    return out


def parse_certificate(text, what="certificate"):
    """A certificate from JSON text, read as `verify check` reads a file."""
    try:
        cert = _json_loads(text)
    except RecursionError:
        raise Unreadable(f"{what}: not a certificate: JSON nested too deeply") from None
    except ValueError as e:
        raise Unreadable(f"{what}: not a certificate: {e}") from None
    if not isinstance(cert, dict):
        raise Unreadable(f"{what}: a certificate is a JSON object")
    return cert


def check_file(path, case_root=None, problem="auto"):
    """Check one certificate file; returns the kernel's outcome with `source` (where the problem
    came from) and `problem` (the same as a record).  Raises CertificateError (rejected) or Unreadable."""
    cert = read_certificate(path)
    try:
        return check_certificate(cert, case_root, problem)
    except Unreadable as e:
        raise Unreadable(f"{path}: {e}") from None


def _check_in_child(path, case_root, conn, problem="auto"):
    try:
        out = check_file(path, case_root, problem)
        conn.send(("ok", {k: out[k] for k in ("value", "verdict", "checked", "reasons", "source", "problem")}))
    except CertificateError as e:
        conn.send(("rejected", str(e)))
    except Unreadable as e:
        conn.send(("unreadable", str(e)))
    except MemoryError:
        conn.send(("rejected", "MEMORY: the certificate needs more memory than is available"))
    except Exception as e:  # noqa: BLE001 - a checker bug is reported, never a traceback
        conn.send(("unreadable", f"{path}: internal error {type(e).__name__}: {e}"))


def preload(claims=False):
    """Import what checking needs once, before forking a child per certificate."""
    from . import checks, problem  # noqa: F401
    from .cases import load_file  # noqa: F401

    for name in checks.CHECKS:
        checks.kind(name)
    if claims:
        from .claims import registry

        registry()


def check_file_limited(path, case_root=None, timeout=600.0, problem="auto"):
    """`check_file` in a child process killed after `timeout` seconds: ("ok", outcome),
    ("rejected", reason) or ("unreadable", reason)."""
    return next(check_files_limited([path], case_root, timeout, problem, jobs=1))[1]


def check_files_limited(paths, case_root=None, timeout=600.0, problem="auto", jobs=1):
    """Yield (path, outcome) for each certificate, in the order given, each checked by `check_file`
    in a child process of its own killed after `timeout` seconds; at most `jobs` children at once."""
    import multiprocessing as mp
    import time
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    paths, done, running, nxt, start = list(paths), {}, {}, 0, 0
    while nxt < len(paths):
        while start < len(paths) and len(running) < max(1, jobs):
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_check_in_child, args=(paths[start], case_root, child, problem), daemon=True)
            proc.start()
            child.close()
            running[parent] = (start, proc, time.monotonic() + timeout)
            start += 1
        ready = wait(list(running), timeout=max(0.0, min(d for _, _, d in running.values()) - time.monotonic()))
        now = time.monotonic()
        for conn in list(running):
            i, proc, deadline = running[conn]
            if conn in ready:
                try:
                    got = conn.recv()
                except EOFError:
                    proc.join(5)
                    got = ("unreadable", f"{paths[i]}: the checker process died (exit code {proc.exitcode})")
            elif now >= deadline:
                got = ("rejected", f"TIMEOUT: {paths[i]}: not checked within {timeout:g} s")
            else:
                continue
            proc.kill()
            proc.join(5)
            conn.close()
            del running[conn]
            done[i] = got
        while nxt in done:
            yield paths[nxt], done.pop(nxt)
            nxt += 1


def export_problem(cert, case_root=None, problem="auto"):
    """The explicit problem that `python -m verify.kernel PROBLEM.json CERT.json` checks `cert`
    against: {"objects": {name: {shape, rows}}, "statement": ..., "source": ...}, built by trusted
    code from the case file (or the embedded problem), exactly as `verify check` builds it."""
    from .kernel.exact import encode_matrix

    got, source, _ = resolve_problem(cert, case_root, problem)
    return {"objects": {k: encode_matrix(M) for k, M in got["objects"].items()},
            "statement": got["statement"], "source": source}
