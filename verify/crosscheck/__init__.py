"""Float64 / GPU cross-check: what floating point would have concluded, beside the exact verdict.

Never part of a verdict (see CONTRACTS.md section 1, DESIGN.md "The float cross-check").

    run_crosscheck(M, check, exact, backends=("float64",)) -> list[dict]

`M` is a kernel `Matrix` (the matrix the exact check ran on: `M_at` for `rank_at`), `check` is one
of `rank`, `rank_at`, `generic_rank`, `determinant`, `inertia`, and `exact` the exact value dict
(`{"rank": r}`, `{"det": "p/q"}`, `{"inertia": [p, n, z]}`; empty or None when the exact run did
not settle a value).  One entry per backend (`float64`: numpy on the CPU; `gpu`: cupy or torch on
CUDA, or the same code on numpy labelled `cpu (no GPU present: numpy emulation)`; the optional
`torch` / `torch-float32`: torch.linalg on the CPU, an entry with `skipped` where torch is not
installed).

Every entry has `backend`, `device`, `dtype`, `library`, `check`, `shape`, `status` (one of
`agrees`, `disagrees`, `too-close`), `seconds`, and an optional `note`; the check-specific fields
are documented in `verify.crosscheck.checks`.  Entries that cannot be computed (a polynomial
matrix, an unsupported check, a matrix too large) carry `skipped: <reason>` and status
`too-close` ("floats cannot call it"), so that `status` always stays within the three values
CASES.md allows.  Entries whose matrix overflows float64 carry `overflow: k` and status
`disagrees` (float cannot even represent the problem).
"""

import time

from .arrays import (BACKENDS, EMULATED_GPU_DEVICE, OPTIONAL_BACKENDS, NumpyOps, get_ops, gpu_ops,
                     torch_installed)
from .checks import det_fields, inertia_fields, rank_fields
from .convert import parse_exact_scalar, to_float64

RANK_CHECKS = ("rank", "rank_at", "generic_rank")
CHECKS = RANK_CHECKS + ("determinant", "inertia")
MAX_ENTRIES = 4_000_000  # about 2000 x 2000: a float SVD of that size takes seconds

__all__ = ["run_crosscheck", "crosscheck_with_ops", "BACKENDS", "OPTIONAL_BACKENDS", "CHECKS",
           "EMULATED_GPU_DEVICE", "NumpyOps", "get_ops", "gpu_ops", "torch_installed"]


def _exact_value(check, exact):
    """The exact value the float result is compared with, or None when there is none."""
    exact = exact or {}
    if check in RANK_CHECKS:
        r = exact.get("rank")
        return r if isinstance(r, int) and not isinstance(r, bool) else None
    if check == "determinant":
        v = exact.get("det")
        if v is None:
            return None
        try:
            return parse_exact_scalar(v)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
    if check == "inertia":
        v = exact.get("inertia")
        if isinstance(v, (list, tuple)) and len(v) == 3 and all(isinstance(x, int) for x in v):
            return list(v)
        return None
    return None


def _skip_reason(M, check):
    if check not in CHECKS:
        return f"no float cross-check for check {check!r} (only {', '.join(CHECKS)})"
    if M.is_polynomial():
        vs = ", ".join(M.variables()[:6]) + (", ..." if len(M.variables()) > 6 else "")
        return (f"polynomial matrix (variables {vs}): floats need numbers; "
                "cross-check a rank_at case at a point instead")
    if check in ("determinant", "inertia") and M.nrows != M.ncols:
        return f"{check} needs a square matrix, this one is {M.nrows} x {M.ncols}"
    if M.nrows * M.ncols > MAX_ENTRIES:
        return f"{M.nrows} x {M.ncols} is above the cross-check size limit of {MAX_ENTRIES} entries"
    return None


def crosscheck_with_ops(ops, M, check, exact, *, converted=None):
    """One cross-check entry computed by the given `ArrayOps` (see `run_crosscheck`).

    `converted` may pass a precomputed `to_float64(M)` result to share it between backends.
    """
    t0 = time.perf_counter()
    entry = {"backend": ops.name, "device": ops.device, "dtype": ops.dtype, "library": ops.library,
             "check": check, "shape": [M.nrows, M.ncols]}
    reason = getattr(ops, "unavailable", None) or _skip_reason(M, check)
    if reason:
        entry.update(status="too-close", skipped=reason, note=reason)
        entry["seconds"] = round(time.perf_counter() - t0, 6)
        return entry
    A, info = converted if converted is not None else to_float64(M)
    notes = []
    narrow = ops.narrowing(A) if hasattr(ops, "narrowing") else None  # float32 backends
    if narrow and narrow["underflow"]:
        entry[f"underflow_{ops.dtype}"] = narrow["underflow"]
        notes.append(f"{narrow['underflow']} nonzero entries flush to 0 in {ops.dtype}")
    if narrow and narrow["overflow"]:
        entry[f"overflow_{ops.dtype}"] = narrow["overflow"]
        notes.append(f"{narrow['overflow']} entries overflow {ops.dtype} and become +-inf")
    if info["underflow"]:
        notes.append(f"{info['underflow']} nonzero entries underflow to 0.0 in float64")
        entry["underflow"] = info["underflow"]
    if info["overflow"] or (narrow and narrow["overflow"]):
        entry["overflow"] = info["overflow"] + (narrow["overflow"] if narrow else 0)
        if info["overflow"]:
            notes.append(f"{info['overflow']} entries overflow float64 (|x| > 1.8e308) and become +-inf")
        notes.append("float cannot represent this matrix, so it has no result to compare")
        entry["status"] = "disagrees"
    else:
        value = _exact_value(check, exact)
        try:
            if check in RANK_CHECKS:
                fields = rank_fields(ops, A, value)
            elif check == "inertia":
                fields = inertia_fields(ops, A, value)
            else:
                fields = det_fields(ops, A, value)
        except Exception as exc:  # a float library failure is a finding, not a crash
            fields = {"status": "disagrees",
                      "note": f"the float computation failed: {type(exc).__name__}: {exc}"}
        if "note" in fields:
            notes.append(fields.pop("note"))
        entry.update(fields)
    if notes:
        entry["note"] = "; ".join(notes)
    entry["seconds"] = round(time.perf_counter() - t0, 6)
    return entry


def run_crosscheck(M, check, exact, backends=("float64",)):
    """Float cross-check entries, one per backend name in `backends` (see `BACKENDS`).

    Raises `ValueError` for an unknown backend name (the case loader should validate the names
    against `BACKENDS` first).  Never raises for a matrix or a check it cannot handle: those
    give skipped entries.
    """
    ops_list = [get_ops(b) for b in backends]
    converted = None
    if _skip_reason(M, check) is None:
        converted = to_float64(M)
    return [crosscheck_with_ops(ops, M, check, exact, converted=converted) for ops in ops_list]
