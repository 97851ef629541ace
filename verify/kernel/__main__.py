"""`python -m verify.kernel PROBLEM.json CERT.json`: check a certificate against an explicit problem
with nothing but the kernel.

PROBLEM.json is {"objects": {NAME: {"shape": [m, n], "rows": [...]}, ...}, "statement": {...}} (the
statement as in `statement.py`); `verify check CERT --export-problem DIR` writes one per certificate.
Exit status: 0 accepted, 1 rejected, 2 unreadable input.
"""

import json
import sys

from .check import MALFORMED, check
from .errors import CertificateError
from .exact import MAX_DIGITS, decode_matrix
from .statement import to_json


def _int(text):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"an integer of more than {MAX_DIGITS} digits")
    return int(text)


def _no_constant(text):
    raise ValueError(f"{text} is not JSON")


def _no_duplicate_keys(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("a key is repeated in an object")
    return out


def _read(path):
    """JSON with integers of at most MAX_DIGITS digits (importing the kernel lifts Python's own
    limit, and decimal text converts in quadratic time), no NaN / Infinity, no repeated keys."""
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_int=_int, parse_constant=_no_constant, object_pairs_hook=_no_duplicate_keys)


def load_problem(doc):
    if not isinstance(doc, dict) or not isinstance(doc.get("objects"), dict) or "statement" not in doc:
        raise CertificateError("problem", "a problem is {\"objects\": {...}, \"statement\": {...}}")
    return {"objects": {str(k): decode_matrix(v, f"objects.{k}") for k, v in doc["objects"].items()},
            "statement": doc["statement"]}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    try:
        problem, cert = _read(argv[0]), _read(argv[1])
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        print(f"UNREADABLE: {type(e).__name__}: {str(e)[:300]}")
        return 2
    try:
        out = check(load_problem(problem), cert)
    except CertificateError as e:
        print(f"REJECTED: {e}")
        return 1
    except MALFORMED as e:
        print(f"REJECTED: malformed input ({type(e).__name__}: {str(e)[:300]})")
        return 1
    print(f"ACCEPTED: {out['verdict']} {json.dumps(to_json(out['value']), sort_keys=True)[:2000]}")
    print(f"checked {len(out['checked'])} obligations: {', '.join(sorted(set(out['checked']))) or 'none'}")
    for r in out["reasons"]:
        print(f"undecided: {r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
