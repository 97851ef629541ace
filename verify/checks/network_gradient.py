"""Check `network_gradient`: the exact gradient of a network's loss at given weights, and whether
the point is critical (the gradient is zero).  The network spec: `checks/_network.py`."""

from ..errors import CertificateError
from . import _matrix
from . import _network as N
from .base import R, eq, gt, make_statement

NAME = "network_gradient"
SUMMARY = "gradient of a network's loss at given weights: is the point critical?"
KEYS = ("network", "data")
REQUIRED = ("network", "data")
EXPECT = {"critical": "true | false (the gradient is zero / not zero)"}
REPORT_GRADIENT_UP_TO = 64


def validate(item, case, err):
    N.validate_spec(item, case, err)
    if case.expect is not None:
        _matrix.only(case.expect, ("critical",), err)
        if not isinstance(case.expect["critical"], bool):
            raise err("expect.critical", "expected true or false")


def params(case):
    return N.params(case)


def build(case, ev, witness=None):
    if witness is not None:
        raise CertificateError("witness", "the gradient is about the point the case defines: no witness")
    net, X, Y, objs = N.build_network(case, ev)
    objs["G"] = N.memo("G", objs, params(case), lambda: net.gradient(X, Y))
    if net.loss_kind == "square":
        objs["J"] = N.one(net.loss(X, Y))
    return objs


def statement(case, objects):
    want = (case.expect or {}).get("critical")
    crit = eq(R("G"), 0)  # the gradient is zero iff its rank is 0 (certified, so bound to G's content)
    pred = None if want is None else crit if want else gt(R("G"), 0)
    report = {"critical": crit}
    if "J" in objects:
        report["loss"] = {"entry": ["J", 0, 0]}
    if objects["G"].nrows <= REPORT_GRADIENT_UP_TO:
        report["gradient"] = {"object": "G"}
    return make_statement(pred, polarity="confirmed", report=report)


def prove(case, objects, ctx):
    G = objects["G"]
    nz = sum(1 for r in G.rows if r[0] != 0)
    proof = _matrix.prove_rank(case, objects, ctx, name="G")
    proof.notes = [f"the exact gradient has {nz} nonzero entr{'y' if nz == 1 else 'ies'} of {G.nrows}; its rank (0: "
                   "critical, 1: not) is certified"]
    return proof
