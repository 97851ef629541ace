"""Paper-claim modules, one per paper; `registry()` maps every claim id to its `Claim`."""

import importlib
import pkgutil


def registry():
    """All claims of all modules in this package (modules define `CLAIMS: dict[str, Claim]`)."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for cid, claim in getattr(module, "CLAIMS", {}).items():
            if cid in found:
                raise RuntimeError(f"claim id {cid} defined twice")
            found[cid] = claim
    return found
