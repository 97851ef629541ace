"""Check a whole certificate against the problem objects rebuilt from its case.

`check_certificate(cert, objects)` is the checker's single entry point:
1. the certificate's format and the list of problem objects, each bound by its content hash to the
   object the case defines (a certificate replayed against a different matrix is rejected here);
2. every obligation, by its rule in `rules.RULES`;
3. the value and the verdict, re-derived from the checked facts by `verdicts.decide` and compared
   with what the certificate claims.
"""

from ..errors import CertificateError
from .rules import check_obligation
from .verdicts import Facts, decide

FORMAT = "verify-certificate/1"
VERDICTS = ("CONFIRMED", "REFUTED", "COMPUTED", "UNKNOWN")


def check_objects(cert, objects):
    """The objects named in the certificate are exactly the rebuilt ones, hash for hash."""
    declared = cert.get("objects")
    if not isinstance(declared, dict):
        raise CertificateError("objects", "the certificate lists no problem objects")
    if set(declared) != set(objects):
        raise CertificateError("objects", f"certificate names {sorted(declared)}, the case defines {sorted(objects)}")
    for name, info in declared.items():
        M = objects[name]
        if not isinstance(info, dict) or info.get("sha256") != M.content_hash():
            raise CertificateError("objects", f"{name} is not the matrix the case defines (content hash differs)")
        if info.get("shape") != [M.nrows, M.ncols]:
            raise CertificateError("objects", f"{name}: shape {info.get('shape')} differs from {[M.nrows, M.ncols]}")


def check_obligations(obligations, objects):
    """(facts, names of the rules checked): every obligation re-checked by its rule; a rejection
    names the obligation's index."""
    if not isinstance(obligations, list):
        raise CertificateError("format", "obligations must be a list")
    facts, checked = Facts(objects), []
    for k, ob in enumerate(obligations):
        try:
            facts.add(check_obligation(ob, objects), ob.get("label"))
        except CertificateError as e:
            raise CertificateError(e.rule, f"obligation {k}: {e.message}") from None
        checked.append(ob["rule"])
    return facts, checked


def check_certificate(cert, objects):
    """Re-check `cert` against `objects` (name -> Matrix); returns {value, verdict, checked}."""
    if not isinstance(cert, dict) or cert.get("format") != FORMAT:
        raise CertificateError("format", f"not a {FORMAT} certificate")
    check_objects(cert, objects)
    facts, checked = check_obligations(cert.get("obligations"), objects)
    value, verdict = decide(cert, facts)
    conclusion = cert.get("conclusion")
    if not isinstance(conclusion, dict):
        raise CertificateError("conclusion", "missing conclusion")
    if conclusion.get("verdict") != verdict:
        raise CertificateError("conclusion", f"certificate says {conclusion.get('verdict')}, the facts give {verdict}")
    if conclusion.get("value") != value:
        raise CertificateError("conclusion", f"certificate says {conclusion.get('value')}, the facts give {value}")
    return {"value": value, "verdict": verdict, "checked": checked}
