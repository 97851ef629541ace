"""Check `claim`: a statement of a paper (CLAIMS.md) on one instance, through the paper's claim
module (`verify.claims`): its trusted `build` makes the objects, its trusted `statement` says what
the paper asserts of them, and its untrusted `prove` finds the obligations.

A certificate's witness is used only where the statement quantifies over one (the claim's
`quantifier(params)`: "exists" for a witness of an existential statement, "forall" for a
counterexample to a universal one); for a statement about the instance the case fixes, a
certificate that carries a witness is rejected.
"""

from ..cases.numbers import describe
from ..errors import CaseError, CertificateError
from . import _matrix
from .base import make_statement

NAME = "claim"
SUMMARY = "a paper's statement (CLAIMS.md id) on the instance its params define"
KEYS = ("claim", "params")
REQUIRED = ("claim",)
EXPECT = {"verdict": "confirmed | refuted (the case's verdict is then the verdict on the paper)"}
USES_LET = False
TAKES_WITNESS = True  # where the statement quantifies over one (`build` decides; `problem.build_problem`)


def validate(item, case, err):
    claim = item.get("claim")
    if not isinstance(claim, str) or not claim.strip():
        raise err("claim", f"required: a claim id from CLAIMS.md, got {describe(claim)}")
    case.claim = claim.strip()
    if case.expect is None:
        return
    _matrix.only(case.expect, ("verdict",), err)
    v = case.expect["verdict"]
    if not isinstance(v, str) or v.strip().lower() not in ("confirmed", "refuted"):
        raise err("expect.verdict", f"expected confirmed or refuted, got {describe(v)}")
    case.expect = {"verdict": v.strip().lower()}


def claim_of(case):
    from ..claims import registry

    claims = registry()
    if case.claim not in claims:
        raise CaseError(case.file, case.id, "claim", f"unknown claim id {case.claim!r} (see `verify claims`)")
    return claims[case.claim]


def params(case):
    return dict(case.params or {})


def build(case, ev, witness=None):
    claim = claim_of(case)
    params = dict(case.params or {})
    quantifier = claim.quantifier(params)
    if witness is not None and quantifier is None:
        raise CertificateError("witness", f"claim {claim.id} is stated about the instance the case defines; a "
                                          "certificate may not replace it with a witness")
    try:
        return claim.build(params, witness if quantifier else None)
    except (TypeError, ValueError, KeyError, IndexError) as e:
        if witness is not None:
            raise CertificateError("witness", f"the witness does not have the form claim {claim.id} needs: "
                                              f"{type(e).__name__}: {e}") from None
        raise case.error("params", f"{type(e).__name__}: {e}") from None


def statement(case, objects):
    claim = claim_of(case)
    params = dict(case.params or {})
    predicate, report = claim.statement(params, objects)
    return make_statement(predicate, polarity=(case.expect or {}).get("verdict"), quantifier=claim.quantifier(params),
                          report=report, value_holds=True)


def prove(case, objects, ctx):
    return claim_of(case).prove(objects, dict(case.params or {}), ctx)
