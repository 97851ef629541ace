"""`verify check`: re-check certificate files with the independent kernel alone.

The problem is re-read from the case the certificate names (through the case loader, or the claim's
`build`), never from the certificate; the kernel then checks the certificate against it.  No engine
runs here: the trusted base is `verify/kernel/`, the case loader `verify/cases/` and, for claims,
the claim module's `build`.
"""

import json
import os

from .errors import CaseError, CertificateError, Unknown, VerifyError
from .kernel.check import check_certificate


class Unreadable(VerifyError):
    """A certificate or its case cannot be read (exit status 2)."""


def read_certificate(path):
    try:
        with open(path) as f:
            cert = json.load(f)
    except (OSError, UnicodeDecodeError) as e:
        raise Unreadable(f"{path}: cannot read: {e}") from None
    except json.JSONDecodeError as e:
        raise Unreadable(f"{path}: not JSON: {e}") from None
    if not isinstance(cert, dict):
        raise Unreadable(f"{path}: a certificate is a JSON object")
    return cert


def find_case(cert, cert_path, case_root=None):
    """The case the certificate was made for, located by the file path and the case id it records."""
    from .cases import load_file

    info = cert.get("case") or {}
    rel, cid = info.get("file"), info.get("id")
    if not isinstance(rel, str) or not isinstance(cid, str):
        raise Unreadable(f"{cert_path}: the certificate names no case file and id")
    candidates = [os.path.join(case_root, rel)] if case_root else []
    candidates += [rel, os.path.join(os.path.dirname(os.path.abspath(cert_path)), "..", rel)]
    for c in candidates:
        if os.path.isfile(c):
            try:
                cases = load_file(c)
            except CaseError as e:
                raise Unreadable(str(e)) from None
            for case in cases:
                if case.id == cid:
                    return case
            raise Unreadable(f"{cert_path}: case {cid} is not in {c}")
    raise Unreadable(f"{cert_path}: case file {rel} not found (use --case-root)")


def check_file(path, case_root=None):
    """Check one certificate file; returns the kernel's {value, verdict, checked}."""
    from .pipeline import DEFAULT_LIMITS, build_problem, case_params

    cert = read_certificate(path)
    case = find_case(cert, path, case_root)
    if cert.get("check") != case.check:
        raise CertificateError("objects", f"certificate is for check {cert.get('check')!r}, the case has {case.check!r}")
    if cert.get("params") != json.loads(json.dumps(case_params(case), default=str)):
        raise CertificateError("objects", "certificate parameters differ from the case's")
    if cert.get("expect") != case.expect:
        raise CertificateError("objects", "certificate statement (expect) differs from the case's")
    if case.check == "claim" and cert.get("claim") != case.claim:
        raise CertificateError("objects", "certificate is for another claim")
    try:
        objects = build_problem(case, DEFAULT_LIMITS, cert.get("witness"))
    except (CaseError, Unknown) as e:
        raise Unreadable(f"{path}: cannot rebuild the problem: {e}") from None
    except (TypeError, ValueError, KeyError) as e:
        raise CertificateError("objects", f"the witness does not rebuild a problem: {e}") from None
    return check_certificate(cert, objects)
