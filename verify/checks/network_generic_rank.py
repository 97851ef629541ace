"""Check `network_generic_rank`: the rank of the Jacobian P(W) over all weights, i.e. over the field
of rational functions in symbolic weights (odds for a logistic / tanh first layer).  It is the
largest rank P(W) attains, attained on a dense open set of weights.  With odds, each column of P is
multiplied by the nonzero factor prod_k (N_ik + D_ik)^2 (`builders/network.py`), which leaves the
rank over the rational functions unchanged."""

from ..errors import CertificateError
from . import _network as N
from .network_jacobian import rank_expect, rank_statement
from ._matrix import RANK_FORMS, prove_rank

NAME = "network_generic_rank"
SUMMARY = "rank of the Jacobian P(W) over all weights (symbolic weights or odds)"
KEYS = ("network", "data")
REQUIRED = ("network", "data")
EXPECT = {"rank": RANK_FORMS}


def validate(item, case, err):
    N.validate_spec(item, case, err, symbolic_check=True)
    rank_expect(case, err)


def params(case):
    return N.params(case)


def build(case, ev, witness=None):
    if witness is not None:
        raise CertificateError("witness", "the generic rank is about all weights: no witness")
    net, X, Y, objs = N.build_network(case, ev)
    objs = {"X": X}
    try:
        objs["P"] = N.memo("Pgen", objs, params(case), lambda: net.jacobian_generic(X))
    except ValueError as e:
        raise case.error("network", str(e)) from None
    return objs


def statement(case, objects):
    return rank_statement(case, objects, "P")


def prove(case, objects, ctx):
    from ..engines.apolar import apolar_rank_proof

    def general():
        return prove_rank(case, objects, ctx, name="P")

    return apolar_rank_proof(case, objects["P"], objects["X"], "P", ctx, fallback=general) or general()
