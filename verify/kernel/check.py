"""Check a certificate against an explicit problem: the checker's single entry point.

A problem is what trusted code derived from a case: named exact objects and a statement
(`statement.py`).  A certificate is untrusted JSON.  `check(problem, cert)`:
1. the certificate's format, and its table of objects: exactly the problem's names, each with the
   problem object's content hash and shape (and, where it embeds a copy of a matrix, that copy
   equal to the object), so that no fact can be about anything but the problem's content;
2. the certificate's copy of the statement, if it carries one, equal to the problem's (a copy is
   for readers; one that differs is rejected, never used);
3. every obligation, by its rule (`rules.RULES`), each giving a fact about a named object;
4. the value and the verdict, derived from those facts by `statement.judge`, equal to the ones the
   certificate states.
Nothing else in the certificate is read.
"""

import json

from .errors import CertificateError
from .exact import decode_matrix
from .rules import check_obligation
from .statement import Facts, Verdict, judge

FORMAT = "verify-certificate/2"
VERDICTS = tuple(v.value for v in Verdict)
MALFORMED = (TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError, OverflowError,
             RecursionError)


def check_objects(table, objects):
    """The certificate's object table names exactly the problem's objects, hash for hash."""
    if not isinstance(table, dict):
        raise CertificateError("objects", "the certificate lists no problem objects")
    if set(table) != set(objects):
        raise CertificateError("objects", f"certificate names {sorted(map(str, table))}, the problem has "
                                          f"{sorted(objects)}")
    for name, info in table.items():
        M = objects[name]
        if not isinstance(info, dict) or info.get("sha256") != M.content_hash():
            raise CertificateError("objects", f"{name} is not the matrix the problem defines (content hash differs)")
        if info.get("shape") != [M.nrows, M.ncols]:
            raise CertificateError("objects", f"{name}: shape {info.get('shape')} differs from {[M.nrows, M.ncols]}")
        if "matrix" in info:
            try:
                copy = decode_matrix(info["matrix"], f"objects.{name}.matrix")
            except MALFORMED as e:
                raise CertificateError("objects", f"{name}: unreadable embedded copy ({type(e).__name__})") from None
            if copy != M:
                raise CertificateError("objects", f"{name}: the embedded copy differs from the matrix the problem "
                                                  "defines")


def check_obligations(obligations, objects):
    """(facts, names of the rules checked): every obligation re-checked by its rule; a rejection
    names the obligation's index.  A malformed obligation is a rejection, never a crash."""
    if not isinstance(obligations, list):
        raise CertificateError("format", "obligations must be a list")
    facts, checked = Facts(objects), []
    for k, ob in enumerate(obligations):
        rule = ob.get("rule") if isinstance(ob, dict) else None
        try:
            facts.add(check_obligation(ob, objects))
        except CertificateError as e:
            raise CertificateError(e.rule, f"obligation {k}: {e.message}") from None
        except MALFORMED as e:
            raise CertificateError(str(rule or "format"), f"obligation {k}: malformed ({type(e).__name__}: "
                                                          f"{str(e)[:200]})") from None
        checked.append(rule)
    return facts, checked


def derive(problem, obligations):
    """What the obligations establish about the problem: {value, verdict, holds, checked, reasons,
    facts}.  The pipeline calls this to write a certificate's conclusion; `check` calls it too."""
    facts, checked = check_obligations(obligations, problem["objects"])
    value, verdict, holds, reasons = judge(problem["statement"], facts)
    return {"value": value, "verdict": verdict, "holds": holds, "checked": checked, "reasons": reasons,
            "facts": facts}


def check(problem, cert):
    """Re-check `cert` against `problem` ({"objects": name -> Matrix, "statement": ...}); returns
    what `derive` returns, or raises CertificateError."""
    if not isinstance(cert, dict) or cert.get("format") != FORMAT:
        raise CertificateError("format", f"not a {FORMAT} certificate")
    check_objects(cert.get("objects"), problem["objects"])
    if "statement" in cert and cert["statement"] != problem["statement"]:
        raise CertificateError("statement", "the certificate's copy of the statement differs from the one derived "
                                            "from the case")
    out = derive(problem, cert.get("obligations"))
    conclusion = cert.get("conclusion")
    if not isinstance(conclusion, dict):
        raise CertificateError("conclusion", "missing conclusion")
    if conclusion.get("verdict") != out["verdict"]:
        raise CertificateError("conclusion", f"certificate says {conclusion.get('verdict')}, the facts give "
                                             f"{out['verdict']}")
    if json.dumps(conclusion.get("value"), sort_keys=True) != json.dumps(out["value"], sort_keys=True):  # 1 != true
        raise CertificateError("conclusion", "the certificate's value differs from the one the facts give")
    return out
