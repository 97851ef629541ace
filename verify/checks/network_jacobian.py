"""Check `network_jacobian`: the Jacobian of a network's outputs with respect to its parameters at
given weights, P(W) = J^T (N x T n_L, Shen's P(W)), and its exact rank."""

from ..errors import CertificateError
from . import _matrix
from . import _network as N
from .base import R, make_statement

NAME = "network_jacobian"
SUMMARY = "rank of the Jacobian P(W) of a network's outputs with respect to its parameters"
KEYS = ("network", "data")
REQUIRED = ("network", "data")
EXPECT = {"rank": _matrix.RANK_FORMS}


def validate(item, case, err):
    N.validate_spec(item, case, err)
    rank_expect(case, err)


def rank_expect(case, err):
    if case.expect is not None:
        _matrix.only(case.expect, ("rank",), err)
        case.expect = {"rank": _matrix.rank_form(case.expect["rank"], err)}


def params(case):
    return N.params(case)


def build(case, ev, witness=None):
    if witness is not None:
        raise CertificateError("witness", "the Jacobian is about the point the case defines: no witness")
    net, X, Y, objs = N.build_network(case, ev)
    objs.pop("Y", None)
    objs["P"] = N.memo("P", objs, params(case), lambda: net.jacobian(X))
    return objs


def rank_statement(case, objects, name):
    expect = (case.expect or {}).get("rank")
    pred = None if expect is None else _matrix.rank_predicate(expect, name, objects[name])
    return make_statement(pred, polarity="confirmed",
                          report={"rank": R(name), "rows": {"nrows": name}, "cols": {"ncols": name}})


def statement(case, objects):
    return rank_statement(case, objects, "P")


def prove(case, objects, ctx):
    return _matrix.prove_rank(case, objects, ctx, name="P")
