"""Check `network_gauss_newton`: the generalised Gauss-Newton matrix of a network's loss at given
weights, c sum_i Jz_i^T Lambda_i Jz_i (square loss: c sum_i J_i^T 2I J_i; cross entropy:
Lambda = diag(sigma') at the logits), and its exact rank."""

from ..errors import CertificateError
from . import _network as N
from .network_jacobian import rank_expect, rank_statement
from ._matrix import RANK_FORMS, prove_rank

NAME = "network_gauss_newton"
SUMMARY = "rank of the Gauss-Newton matrix of a network's loss at given weights"
KEYS = ("network", "data")
REQUIRED = ("network", "data")
EXPECT = {"rank": RANK_FORMS}


def validate(item, case, err):
    N.validate_spec(item, case, err)
    rank_expect(case, err)


def params(case):
    return N.params(case)


def build(case, ev, witness=None):
    if witness is not None:
        raise CertificateError("witness", "the Gauss-Newton matrix is about the point the case defines: no witness")
    net, X, Y, objs = N.build_network(case, ev)
    objs.pop("Y", None)
    objs["GN"] = N.memo("GN", objs, params(case), lambda: net.gauss_newton(X))
    return objs


def statement(case, objects):
    return rank_statement(case, objects, "GN")


def prove(case, objects, ctx):
    return prove_rank(case, objects, ctx, name="GN")
