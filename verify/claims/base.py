"""The plug-in interface of the paper-claim modules (see CONTRACTS.md section 6).

A claim module turns a paper statement on one instance into problem objects (exact matrices built by
trusted, engine-free code) and a proof: certificate obligations for the kernel, a predicate over the
facts those obligations establish, and values to report.
"""

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Proof:
    """What `Claim.prove` returns.

    obligations: rule instances (dicts, CONTRACTS.md section 3) the kernel re-checks.
    predicate:   expression (CONTRACTS.md section 4) that is true iff the statement holds on the instance.
    report:      name -> expression, values shown in the report and `--json` value.
    witness:     JSON data `build` needs besides `params` to rebuild the objects (a searched witness).
    notes:       plain-text lines for the human report (what was checked, typo and fix, smallest witness).
    objects:     extra objects created while proving (e.g. a searched witness matrix); they must be
                 rebuilt identically by `build(params, witness)`.
    """

    obligations: list
    predicate: Any
    report: dict = field(default_factory=dict)
    witness: Any = None
    notes: list = field(default_factory=list)
    objects: dict = field(default_factory=dict)


@dataclass
class Context:
    """What a claim's `prove` may use: the engines, the Fiat-Shamir seed of the case, limits."""

    seed: bytes
    method: str = "auto"
    limits: dict = field(default_factory=dict)

    @property
    def engines(self):
        from verify import engines

        return engines


@dataclass
class Claim:
    """One checkable statement of CLAIMS.md.

    build(params, witness) -> dict[str, Matrix]: the problem objects (trusted base: no engines).
    prove(objects, params, ctx) -> Proof.
    params_doc: what `params` keys mean (shown by `verify claims` and in the README table).
    """

    id: str
    title: str
    source: str
    build: Callable
    prove: Callable
    params_doc: str = ""
    default_params: dict = field(default_factory=dict)
