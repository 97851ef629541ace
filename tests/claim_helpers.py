"""Shared by the claim tests: one build-prove-check path (`verify.pipeline.prove_claim`)."""

from verify.pipeline import prove_claim


def run(cid, params, expect="confirmed"):
    """(holds, objects, facts, proof) of claim `cid` on `params`: the trusted problem (rebuilt with
    the proof's witness where the statement quantifies over one), every obligation checked by the
    kernel, and the statement's truth after its quantifier (True, False or kernel UNKNOWN)."""
    r = prove_claim(cid, dict(params), expect)
    return r["holds"], r["problem"]["objects"], r["outcome"]["facts"], r["proof"]


def inertia(facts, name):
    return facts.values[("inertia", name)]
