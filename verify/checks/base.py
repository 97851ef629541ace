"""What every check kind and every paper claim shares: the statement constructor, the expression
helpers that trusted statement code writes with, and the untrusted proof's shape.

A check kind is a module of `verify.checks` (one per check of CASES.md, listed in `CHECKS` in this
package's `__init__`) with:

    NAME, SUMMARY, KEYS (its top-level case keys), EXPECT (its `expect` forms, for the docs)
    validate(item, case, err)       the check's own keys and `expect`, into `case` (trusted)
    params(case) -> JSON            what defines the problem besides its matrices (trusted)
    build(case, ev, witness) -> {name: Matrix}   the problem objects (trusted)
    statement(case, objects) -> statement        what the case asserts (trusted; `kernel/statement.py`)
    prove(case, objects, ctx) -> Proof           obligations for the kernel (untrusted; engines are
                                                 imported inside it, never at module level)
    describe(case or result) ... words for reports live in `verify.report.words`, keyed by NAME.
"""

from dataclasses import dataclass, field
from typing import Any, Callable, Optional


def make_statement(predicate=None, *, polarity=None, quantifier=None, report=None, value_holds=False):
    """A statement (the JSON form `verify/kernel/statement.py` evaluates)."""
    return {"predicate": predicate, "polarity": polarity if predicate is not None else None,
            "quantifier": quantifier if predicate is not None else None, "report": dict(report or {}),
            "value_holds": bool(value_holds)}


# --------------------------------------------------------------------------- expressions
def R(name):
    """The rank of an object (an interval of certified bounds until both bounds meet)."""
    return {"rank": name}


def add(*xs):
    return {"add": list(xs)}


def sub(a, b):
    return {"sub": [a, b]}


def mul(*xs):
    return {"mul": list(xs)}


def AND(*xs):
    return {"and": list(xs)}


def OR(*xs):
    return {"or": list(xs)}


def NOT(x):
    return {"not": x}


def implies(a, b):
    return {"implies": [a, b]}


def eq(a, b):
    return {"eq": [a, b]}


def ge(a, b):
    return {"ge": [a, b]}


def le(a, b):
    return {"le": [a, b]}


def gt(a, b):
    return {"gt": [a, b]}


def lt(a, b):
    return {"lt": [a, b]}


def equal(a, b):
    return {"equal": [a, b]}


def lit(x):
    """An exact number as an expression literal (int, or "p/q" text)."""
    from ..kernel.exact import encode_entry

    return encode_entry(x)


def full_rank(name, M):
    return eq(R(name), min(M.nrows, M.ncols))


# --------------------------------------------------------------------------- proofs
@dataclass
class Proof:
    """What an (untrusted) prover returns.

    obligations: rule instances (dicts, CONTRACTS.md section 3) for the kernel.
    witness:     JSON data the trusted `build` needs to make the objects of an existential or a
                 counterexample (only where the statement quantifies; `build` checks its form).
    notes:       plain-text lines for the human report (never part of a verdict).
    engine_value: the engines' own values, compared with the certified ones (a consistency check).
    fallback:    a callable returning another Proof, tried when the kernel rejects this one (an
                 optimistic proposal that failed).
    """

    obligations: list
    witness: Any = None
    notes: list = field(default_factory=list)
    engine_value: dict = field(default_factory=dict)
    fallback: Optional[Callable] = None


@dataclass
class Context:
    """What a prover may use: the engines, the Fiat-Shamir seed of the case, the method, limits."""

    seed: bytes
    method: str = "auto"
    limits: dict = field(default_factory=dict)

    @property
    def engines(self):
        from verify import engines

        return engines

    def rank(self, objects, names):
        """Certified ranks of the named objects: ({name: rank}, obligations)."""
        out, obs = {}, []
        for name in names:
            r, ob = self.engines.rank_certificate(objects[name], name, method=self.method, seed=self.seed)
            out[name] = r
            obs.extend(ob)
        return out, obs
