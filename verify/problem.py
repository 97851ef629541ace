"""The problem a case poses, built by trusted code only: its exact objects (the check kind's
`build`, through the case loader) and its statement (the check kind's `statement`).

Both `verify run` (the pipeline) and `verify check` (the checker) derive the problem here, so a
certificate is always checked against what the case file says, never against what the certificate
says.  Nothing here imports an engine or a proof.
"""

import hashlib
import json

from . import checks

DEFAULT_LIMITS = {"max_entries": 4_000_000, "timeout": 600.0}


def case_params(case):
    """The parameters that define a case's problem besides its matrices (JSON)."""
    return json.loads(json.dumps(checks.kind(case.check).params(case), sort_keys=True))


def build_problem(case, limits=None, witness=None):
    """{"objects": {name: Matrix}, "statement": ...} of a case; `witness` only where the case's
    statement quantifies over one (the check kind's `build` refuses it elsewhere)."""
    from .cases import build_objects

    limits = {**DEFAULT_LIMITS, **(limits or {})}
    objects = build_objects(case, max_entries=limits["max_entries"], witness=witness)
    return {"objects": objects, "statement": checks.kind(case.check).statement(case, objects)}


def seed_of(case, objects):
    """Fiat-Shamir seed: a hash of everything that defines the problem (primes and points derived
    from it cannot be chosen after the fact)."""
    h = hashlib.sha256(f"verify-seed/1 {case.id} {case.check}\n".encode())
    h.update(json.dumps(case_params(case), sort_keys=True).encode())
    for name in sorted(objects):
        h.update(f"{name} {objects[name].content_hash()}\n".encode())
    return h.digest()


def object_table(objects, show_up_to=12, show_at_most=64):
    """The certificate's `objects` table: shape, content hash and kind of each object; matrices up
    to `show_up_to` x `show_up_to` are copied in full for readers when there are at most
    `show_at_most` objects (the checker compares such a copy with the object)."""
    from .kernel.exact import encode_matrix

    out = {}
    for n, M in sorted(objects.items()):
        out[n] = {"shape": [M.nrows, M.ncols], "sha256": M.content_hash(), "kind": M.kind()}
        if len(objects) <= show_at_most and M.nrows <= show_up_to and M.ncols <= show_up_to:
            out[n]["matrix"] = encode_matrix(M)
    return out


def file_sha256(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None
