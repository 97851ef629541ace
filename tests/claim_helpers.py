"""Shared by the claim tests: build, prove and kernel-check one claim instance."""

from verify.claims import registry
from verify.claims.base import Context
from verify.kernel.check import check_obligations
from verify.kernel.verdicts import evaluate

REG = registry()


def run(cid, params):
    """(predicate value, objects, facts, proof) of claim `cid` on `params`, every obligation checked
    by the kernel (objects rebuilt with the proof's witness, as the pipeline does)."""
    c = REG[cid]
    objs = c.build(dict(params), None)
    pr = c.prove(objs, dict(params), Context(seed=b"test"))
    if pr.witness is not None:
        objs = c.build(dict(params), pr.witness)
    facts = check_obligations(pr.obligations, objs)[0]
    return evaluate(pr.predicate, facts), objs, facts, pr
