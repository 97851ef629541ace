"""`verify check`: re-check certificate files with the independent kernel.

The problem is re-derived from the case file the certificate names, by trusted code only (the case
loader, the check kinds' `build` and `statement`, the claims' trusted builds and statements:
`verify.problem`), never from the certificate.  The case file is resolved strictly inside the case
root (default: the current directory) and must have the bytes (sha256) it had when the certificate
was made.  The kernel then checks the certificate against that problem.  No engine and no proof
code is imported on this path (`tests/test_architecture.py`).
"""

import json
import os

from .errors import CaseError, CertificateError, Unknown, VerifyError
from .kernel.check import MALFORMED, check

MAX_CERTIFICATE_BYTES = 1 << 30
MAX_INTEGER_DIGITS = 1_000_000


class Unreadable(VerifyError):
    """A certificate or its case cannot be read (exit status 2)."""


def _parse_int(text):
    if len(text) > MAX_INTEGER_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits (more than {MAX_INTEGER_DIGITS})")
    return int(text)


def _no_constant(text):
    raise ValueError(f"{text} is not JSON")


def read_certificate(path):
    try:
        if os.path.getsize(path) > MAX_CERTIFICATE_BYTES:
            raise Unreadable(f"{path}: larger than {MAX_CERTIFICATE_BYTES} bytes")
        with open(path, encoding="utf-8") as f:
            cert = json.load(f, parse_int=_parse_int, parse_constant=_no_constant)
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
    """The real path of a certificate's case file, which must lie inside the case root."""
    root = os.path.realpath(case_root or os.getcwd())
    if not isinstance(rel, str) or not rel or "\0" in rel:
        raise Unreadable("the certificate names no case file")
    if os.path.isabs(rel) or ".." in rel.replace("\\", "/").split("/"):
        raise CertificateError("case", f"case file {rel!r} is not a plain relative path inside the case root")
    path = os.path.realpath(os.path.join(root, rel))
    if os.path.commonpath([root, path]) != root:
        raise CertificateError("case", f"case file {rel!r} resolves outside the case root {root}")
    if not os.path.isfile(path):
        raise Unreadable(f"case file {rel} not found under {root} (use --case-root)")
    return path


def find_case(cert, case_root=None):
    """(case, description of where it came from) for the case the certificate was made for."""
    from .cases import load_file

    info = cert.get("case")
    if not isinstance(info, dict) or not isinstance(info.get("id"), str):
        raise Unreadable("the certificate names no case file and id")
    path = resolve_case_file(info.get("file"), case_root)
    try:
        cases = load_file(path)
    except CaseError as e:
        raise Unreadable(str(e)) from None
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


def problem_for(cert, case_root=None):
    """(problem, source): the problem trusted code derives from the certificate's case."""
    from .problem import build_problem, case_params

    case, source = find_case(cert, case_root)
    if cert.get("check") != case.check:
        raise CertificateError("case", f"certificate is for check {cert.get('check')!r}, the case has {case.check!r}")
    if case.check == "claim" and cert.get("claim") != case.claim:
        raise CertificateError("case", "certificate is for another claim")
    if cert.get("params") != case_params(case):
        raise CertificateError("case", "certificate parameters differ from the case's")
    if cert.get("expect") != case.expect:
        raise CertificateError("case", "certificate statement (expect) differs from the case's")
    try:
        problem = build_problem(case, limits_of(cert), cert.get("witness"))
    except (CaseError, Unknown) as e:
        raise Unreadable(f"cannot rebuild the problem: {e}") from None
    return problem, source


def check_file(path, case_root=None):
    """Check one certificate file; returns the kernel's outcome with `source` (where the problem
    came from).  Raises CertificateError (rejected) or Unreadable."""
    cert = read_certificate(path)
    try:
        problem, source = problem_for(cert, case_root)
        out = check(problem, cert)
    except Unreadable as e:
        raise Unreadable(f"{path}: {e}") from None
    except MALFORMED as e:
        raise CertificateError("format", f"malformed certificate ({type(e).__name__}: {str(e)[:200]})") from None
    out["source"] = source
    return out


def _check_in_child(path, case_root, conn):
    try:
        out = check_file(path, case_root)
        conn.send(("ok", {k: out[k] for k in ("value", "verdict", "checked", "reasons", "source")}))
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


def check_file_limited(path, case_root=None, timeout=600.0):
    """`check_file` in a child process killed after `timeout` seconds: ("ok", outcome),
    ("rejected", reason) or ("unreadable", reason)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_check_in_child, args=(path, case_root, child), daemon=True)
    p.start()
    child.close()
    if parent.poll(timeout):
        try:
            got = parent.recv()
        except EOFError:
            got = ("unreadable", f"{path}: the checker process died (exit code {p.exitcode})")
    else:
        got = ("rejected", f"TIMEOUT: {path}: not checked within {timeout:g} s")
    p.kill()
    p.join(5)
    return got
