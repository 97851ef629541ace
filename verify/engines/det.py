"""Exact determinants with a `det` obligation (the kernel recomputes the value independently)."""

from ..errors import EngineError
from ..kernel.exact import encode_entry
from .backends import backend, check_limits


def det_obligation(name, value):
    return {"rule": "det", "matrix": name, "value": encode_entry(value)}


def determinant(M, *, method="auto", max_entries=None, max_dim=None, name="M"):
    """det(M) exactly: rational (flint fmpz_mat / sympy / Bareiss) or polynomial (fraction-free Bareiss)."""
    check_limits(M, max_entries, max_dim, name)
    if M.nrows != M.ncols:
        raise EngineError(f"determinant of {name}: the matrix is {M.nrows} x {M.ncols}, not square")
    be = backend(method)
    if M.nrows == 0:
        return 1
    if M.is_polynomial():
        return be.PolyRing(M.variables()).det(M)
    return be.Rational(M).det()


def det_certificate(M, name="M", *, method="auto", seed=b"", max_entries=None, max_dim=None):
    """(det M, [det]) for a square rational or polynomial matrix."""
    d = determinant(M, method=method, max_entries=max_entries, max_dim=max_dim, name=name)
    return d, [det_obligation(name, d)]
