"""Check `inertia`: the numbers of positive, negative and zero eigenvalues of a symmetric rational
matrix (Sylvester's law of inertia; no eigenvalue is computed)."""

from ..cases.numbers import InputError, describe, parse_int
from ..builders.matrices import is_symmetric
from . import _matrix
from .base import AND, eq, gt, make_statement

NAME = "inertia"
SUMMARY = "inertia (n+, n-, n0) of a symmetric rational matrix"
KEYS = ("matrix",)
REQUIRED = ("matrix",)
DEFINITENESS = ("pd", "psd", "nd", "nsd", "indefinite")
EXPECT = {"inertia": "[positive, negative, zero] counts", "definiteness": " | ".join(DEFINITENESS)}


def validate(item, case, err):
    if case.expect is None:
        return
    _matrix.only(case.expect, ("inertia", "definiteness"), err)
    out = {}
    if "inertia" in case.expect:
        v = case.expect["inertia"]
        if not isinstance(v, list) or len(v) != 3:
            raise err("expect.inertia", f"expected [positive, negative, zero] counts, got {describe(v)}")
        try:
            out["inertia"] = [parse_int(x, minimum=0, what="a count") for x in v]
        except InputError as e:
            raise err("expect.inertia", e.message) from None
    if "definiteness" in case.expect:
        v = case.expect["definiteness"]
        if v not in DEFINITENESS:
            raise err("expect.definiteness", f"expected one of {', '.join(DEFINITENESS)}, got {describe(v)}")
        out["definiteness"] = v
    case.expect = out


def params(case):
    return {}


def build(case, ev, witness=None):
    M = _matrix.build_matrix(case, ev)
    _matrix.require_rational(case, M)
    _matrix.require_square(case, M)
    if not is_symmetric(M):
        i, j = next((i, j) for i in range(M.nrows) for j in range(i) if M.rows[i][j] != M.rows[j][i])
        raise case.error("matrix", f"check inertia needs a symmetric matrix: entry ({i + 1}, {j + 1}) differs "
                                   f"from entry ({j + 1}, {i + 1})")
    want = (case.expect or {}).get("inertia")
    if want is not None and sum(want) != M.nrows:
        raise case.error("expect.inertia", f"the counts add up to {sum(want)}, not to the size {M.nrows}")
    return {"M": M}


def count(k):
    return {"index": [{"inertia": "M"}, k]}


def definiteness(kind):
    """The predicate of a definiteness class in terms of the inertia (p, n, z)."""
    p, n, z = count(0), count(1), count(2)
    return {"pd": AND(eq(n, 0), eq(z, 0)), "psd": eq(n, 0), "nd": AND(eq(p, 0), eq(z, 0)), "nsd": eq(p, 0),
            "indefinite": AND(gt(p, 0), gt(n, 0))}[kind]


def statement(case, objects):
    want = case.expect or {}
    parts = []
    if "inertia" in want:
        parts.append(eq({"inertia": "M"}, list(want["inertia"])))
    if "definiteness" in want:
        parts.append(definiteness(want["definiteness"]))
    pred = None if not parts else parts[0] if len(parts) == 1 else AND(*parts)
    return make_statement(pred, polarity="confirmed", report={"inertia": {"inertia": "M"}})


def prove(case, objects, ctx):
    from ..engines.auto import inertia_proof

    return inertia_proof(objects["M"], "M", ctx)
