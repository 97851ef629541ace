"""Choosing a backend: `method="auto"|"flint"|"sympy"|"python"` and the size limits."""

from ..errors import EngineError, Unknown
from . import _python

try:  # the fast path, selected by a capability probe
    from . import _flint
except ImportError:  # pragma: no cover - python-flint missing
    _flint = None



def _sympy_backend():
    """The sympy backend, imported on first use (sympy takes a noticeable time to import)."""
    try:
        from . import _sympy
    except ImportError:  # pragma: no cover - sympy missing
        return None
    return _sympy

METHODS = ("auto", "flint", "sympy", "python")


def backend(method):
    """The backend module for `method` (auto: flint when importable, else python)."""
    if method not in METHODS:
        raise EngineError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if method == "auto":
        return _flint or _python
    mod = _sympy_backend() if method == "sympy" else {"flint": _flint, "python": _python}[method]
    if mod is None:
        raise EngineError(f"method {method!r} is not available (its library is not installed)")
    return mod


def available_methods():
    """The concrete backends importable here (for tests that run every backend)."""
    return [name for name, mod in (("flint", _flint), ("sympy", _sympy_backend()), ("python", _python)) if mod]


def check_limits(M, max_entries=None, max_dim=None, what="matrix"):
    """Raise `Unknown` when M exceeds the given size limits (None means no limit)."""
    m, n = M.shape
    if max_entries is not None and m * n > max_entries:
        raise Unknown(f"{what} has {m} x {n} = {m * n} entries, above the limit max_entries={max_entries}")
    if max_dim is not None and max(m, n) > max_dim:
        raise Unknown(f"{what} is {m} x {n}, above the limit max_dim={max_dim}")
