"""Helpers shared by the check kinds whose problem is one matrix `M` (trusted: they build and state).

Rank forms of `expect` (CASES.md): r, ">= r", "<= r", "full", "deficient"; stored canonically as an
int or the text ">= r" / "<= r" / "full" / "deficient".
"""

import re

from ..cases.numbers import FloatLiteral, InputError, OddLiteral, describe, did_you_mean, parse_number
from ..cases.ratfunc import RationalMatrix
from .base import R, eq, ge, le, lt

_RANK_TEXT = re.compile(r"\s*(>=|<=|=)?\s*([0-9]+)\s*", re.ASCII)
RANK_FORMS = 'r, ">= r", "<= r", full or deficient'


def only(expect, allowed, err):
    """`expect` is a non-empty mapping whose keys are among `allowed`."""
    if not isinstance(expect, dict) or not expect:
        raise err("expect", f"expected a mapping with {' or '.join(allowed)}, got {describe(expect)}")
    for k in expect:
        if k not in allowed:
            raise err(f"expect.{k}", f"not an expectation of this check{did_you_mean(k, allowed)} "
                                     f"(allowed: {', '.join(allowed)})")


def rank_form(v, err, key="expect.rank"):
    """The canonical rank form of an `expect` value."""
    if isinstance(v, int) and not isinstance(v, bool):
        if v < 0:
            raise err(key, f"a rank is non-negative, got {v}")
        return v
    if isinstance(v, str) and not isinstance(v, (FloatLiteral, OddLiteral)):
        s = v.strip()
        if s in ("full", "deficient"):
            return s
        m = _RANK_TEXT.fullmatch(s)
        if m:
            op, r = m.groups()
            return int(r) if op in (None, "=") else f"{op} {int(r)}"
    if isinstance(v, (FloatLiteral, OddLiteral)):
        try:
            parse_number(v)
        except InputError as e:
            raise err(key, e.message) from None
    raise err(key, f"expected {RANK_FORMS}, got {describe(v)}")


def rank_predicate(form, name, M):
    """The predicate of a rank form about object `name` (the matrix M)."""
    full = min(M.nrows, M.ncols)
    if form == "full":
        return eq(R(name), full)
    if form == "deficient":
        return lt(R(name), full)
    if isinstance(form, int):
        return eq(R(name), form)
    op, r = form.split()
    return ge(R(name), int(r)) if op == ">=" else le(R(name), int(r))


def build_matrix(case, ev, key="matrix"):
    """Every `let` entry (so that every error of the file is reported), then the case's matrix."""
    ev.build_all_lets()
    return ev.build(getattr(case, key) if key == "matrix" else case.operands[key], key)


def build_rational(case, ev):
    """The case's matrix with rational-function entries allowed (`cases/ratfunc.py`): (M, None, None)
    for a matrix of polynomials, else (N, D, R): N = diag(D) R the row-cleared polynomial matrix, D
    its m x 1 column of row multipliers (nonzero polynomials), R the matrix as written."""
    ev.allow_rational = True
    M = build_matrix(case, ev)
    if not isinstance(M, RationalMatrix):
        return M, None, None
    N, D = M.cleared()
    return N, D, M


def require_square(case, M, what=None):
    if M.nrows != M.ncols:
        raise case.error("matrix", f"check {what or case.check} needs a square matrix, got {M.nrows} x {M.ncols}")


def require_rational(case, M, hint=""):
    if M.is_polynomial():
        raise case.error("matrix", f"check {case.check} needs a rational (not polynomial) matrix{hint}")


def prove_rank(case, objects, ctx, name="M"):
    """Obligations for the rank of one object (the engines choose their method)."""
    from ..engines.auto import rank_proof

    return rank_proof(objects[name], name, ctx, expect=(case.expect or {}).get("rank"))
