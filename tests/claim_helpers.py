"""Shared by the claim tests: build, prove and kernel-check one claim instance."""

from verify.claims import registry
from verify.claims.base import Context
from verify.kernel.rules import check_obligation
from verify.kernel.verdicts import Facts, evaluate

REG = registry()


def run(cid, params):
    """(predicate value, objects, facts, proof) of claim `cid` on `params`, every obligation checked
    by the kernel (objects rebuilt with the proof's witness, as the pipeline does)."""
    c = REG[cid]
    objs = c.build(dict(params), None)
    pr = c.prove(objs, dict(params), Context(seed=b"test"))
    if pr.witness is not None:
        objs = c.build(dict(params), pr.witness)
    facts = Facts(objs)
    for ob in pr.obligations:
        facts.add(check_obligation(ob, objs), ob.get("label"))
    return evaluate(pr.predicate, facts), objs, facts, pr
