"""Paper claims, one package per paper; `registry()` maps every claim id to its `Claim`.

The packages are listed here explicitly (not discovered on disk), so that every process, a forked
worker too, sees the same claims in the same order.
"""

import importlib

from ..papers import PAPERS

PAPER_PACKAGES = tuple(p.package for p in PAPERS)
_REGISTRY = None  # this process's registry, built once (forked workers inherit it)


def registry():
    """All claims of all paper packages (each defines `CLAIMS: dict[str, Claim]`), imported once per
    process (before the workers fork; a claim module rewritten during a run cannot make its ids
    unknown to a worker)."""
    global _REGISTRY
    if _REGISTRY is None:
        found = {}
        for name in PAPER_PACKAGES:
            module = importlib.import_module(f"{__name__}.{name}")
            for cid, claim in module.CLAIMS.items():
                if cid in found:
                    raise RuntimeError(f"claim id {cid} defined twice")
                found[cid] = claim
        _REGISTRY = found
    return dict(_REGISTRY)  # a copy: no caller can change what the next one sees
