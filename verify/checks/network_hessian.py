"""Check `network_hessian`: the exact Hessian of a network's loss at given weights and its inertia
(n+, n-, n0) (Sylvester's law: no eigenvalue is computed)."""

from ..cases.numbers import InputError, describe, parse_int
from ..errors import CertificateError
from . import _matrix
from . import _network as N
from .base import AND, add, eq, ge, gt, le, lt, make_statement
from .inertia import DEFINITENESS

NAME = "network_hessian"
SUMMARY = "inertia of the Hessian of a network's loss at given weights"
KEYS = ("network", "data")
REQUIRED = ("network", "data")
EXPECT = {"inertia": "[positive, negative, zero] counts", "definiteness": " | ".join(DEFINITENESS),
          "rank": _matrix.RANK_FORMS}


def validate(item, case, err):
    N.validate_spec(item, case, err)
    if case.expect is None:
        return
    _matrix.only(case.expect, ("inertia", "definiteness", "rank"), err)
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
    if "rank" in case.expect:
        out["rank"] = _matrix.rank_form(case.expect["rank"], err)
    case.expect = out


def params(case):
    return N.params(case)


def build(case, ev, witness=None):
    if witness is not None:
        raise CertificateError("witness", "the Hessian is about the point the case defines: no witness")
    net, X, Y, objs = N.build_network(case, ev)
    objs["H"] = N.memo("H", objs, params(case), lambda: net.hessian(X, Y))
    want = (case.expect or {}).get("inertia")
    if want is not None and sum(want) != objs["H"].nrows:
        raise case.error("expect.inertia", f"the counts add up to {sum(want)}, not to the {objs['H'].nrows} "
                                           "parameters")
    return objs


def definiteness(kind, name="H"):
    p, n, z = (N.inertia_count(name, k) for k in range(3))
    return {"pd": AND(eq(n, 0), eq(z, 0)), "psd": eq(n, 0), "nd": AND(eq(p, 0), eq(z, 0)), "nsd": eq(p, 0),
            "indefinite": AND(gt(p, 0), gt(n, 0))}[kind]


def rank_from_inertia(form, name, M):
    """A rank form about a symmetric matrix, through its inertia (rank = n+ + n-)."""
    r = add(N.inertia_count(name, 0), N.inertia_count(name, 1))
    full = M.nrows
    if form == "full":
        return eq(r, full)
    if form == "deficient":
        return lt(r, full)
    if isinstance(form, int):
        return eq(r, form)
    op, k = form.split()
    return ge(r, int(k)) if op == ">=" else le(r, int(k))


def statement(case, objects):
    want = case.expect or {}
    parts = []
    if "inertia" in want:
        parts.append(eq({"inertia": "H"}, list(want["inertia"])))
    if "definiteness" in want:
        parts.append(definiteness(want["definiteness"]))
    if "rank" in want:
        parts.append(rank_from_inertia(want["rank"], "H", objects["H"]))
    pred = None if not parts else parts[0] if len(parts) == 1 else AND(*parts)
    return make_statement(pred, polarity="confirmed",
                          report={"inertia": {"inertia": "H"},
                                  "rank": add(N.inertia_count("H", 0), N.inertia_count("H", 1))})


def prove(case, objects, ctx):
    from ..engines.auto import inertia_proof

    return inertia_proof(objects["H"], "H", ctx)
