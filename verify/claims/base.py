"""The interface of the paper-claim packages (one package per paper under `verify/claims/`).

A claim has three parts, and only the first two are trusted (CONTRACTS.md section 6):
  build(params, witness) -> {name: Matrix}     the exact objects (kernel types and `verify.builders`
                                               only; a witness only where the statement quantifies
                                               over one, and `build` checks its form)
  statement(params, objects) -> (predicate, report)
                                               what the paper asserts, as kernel expressions
                                               (`verify/kernel/statement.py`); every number in it
                                               comes from the params or the objects' shapes, or is a
                                               fact the kernel checks; it imports no proof code
  prove(objects, params, ctx) -> Proof         everything clever: search, floats, engines
and `quantifier(params)`: None (the statement is about the instance the params define), "exists"
(about a witness, e.g. a searched tight instance) or "forall" (a searched counterexample refutes a
universal statement; finding none leaves it UNKNOWN).

Each paper package keeps them apart: `statements.py` and `builds.py` (trusted), `proofs.py`
(untrusted), `notes.py` (prose for reports), and `__init__.py` registering the claims with `claim()`.
"""

import importlib
from dataclasses import dataclass
from typing import Callable, Optional

from ..checks.base import Context, Proof  # noqa: F401 - re-exported for the claim packages


class Proofs:
    """A paper's proof functions, imported only when one runs: `Proofs(__name__ + ".proofs").a1`
    is a function that imports the module on its first call.  So registering the claims, and the
    whole checking path, never imports proof code (`tests/test_architecture.py`)."""

    def __init__(self, module):
        self._module = module

    def made_by(self, factory, *args):
        """The proof function that `factory(*args)` of the proofs module makes, on its first call."""
        module = self._module

        def prove(objects, params, ctx):
            return getattr(importlib.import_module(module), factory)(*args)(objects, params, ctx)

        prove.__name__ = prove.__qualname__ = f"{module}.{factory}{args!r}"
        return prove

    def __getattr__(self, name):
        module = self._module

        def prove(*args, **kwargs):
            return getattr(importlib.import_module(module), name)(*args, **kwargs)

        prove.__name__ = prove.__qualname__ = f"{module}.{name}"
        return prove


def no_obligations(lines):
    """The proof of a statement the kernel decides without any obligation (identities of trusted
    objects): no obligations, and `lines` for the report."""
    return lambda objects, params, ctx: Proof([], notes=list(lines))


def instance(params):
    """The quantifier of a statement about the instance its params define."""
    return None


@dataclass
class Claim:
    """One checkable statement of CLAIMS.md."""

    id: str
    title: str
    source: str
    build: Callable
    statement: Callable
    prove: Callable
    params_doc: str = ""
    quantifier: Callable[[dict], Optional[str]] = instance


def claims_table(*claims):
    """{id: Claim} from Claim objects, refusing a repeated id."""
    out = {}
    for c in claims:
        if c.id in out:
            raise RuntimeError(f"claim id {c.id} defined twice")
        out[c.id] = c
    return out
