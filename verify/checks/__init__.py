"""The check kinds of the case-file format, one module each; this table is the only list of them.

Adding a check kind is one module with the interface of `base.py` plus one line here.  The case
loader, the pipeline, the checker and the reports all read this table.
"""

import importlib

CHECK_MODULES = {
    "rank": "rank",
    "determinant": "determinant",
    "inertia": "inertia",
    "generic_rank": "generic_rank",
    "rank_at": "rank_at",
    "rank_inequality": "rank_inequality",
    "boolean_determinant": "boolean_determinant",
    "nullspace": "nullspace",
    "solve": "solve",
    "claim": "claim",
    "network_gradient": "network_gradient",
    "network_jacobian": "network_jacobian",
    "network_gauss_newton": "network_gauss_newton",
    "network_hessian": "network_hessian",
    "network_critical_point": "network_critical_point",
    "network_generic_rank": "network_generic_rank",
}
CHECKS = tuple(CHECK_MODULES)

KEY_DOC = {
    "matrix": "a matrix: a list of rows, {file: PATH}, a generator or an expression (CASES.md)",
    "rhs": "the right-hand side b, a matrix with as many rows as the matrix",
    "point": "a mapping variable -> exact value",
    "inequality": "one of sylvester, frobenius, combined",
    "claim": "a claim id from CLAIMS.md (see `verify claims`)",
    "network": "a network spec: widths, layers (activation, weight/odds, bias), loss (README, Network checks)",
    "data": "the samples: X (n_0 x T) and Y (n_L x T), or samples: rows",
    "curves": "candidate descent / ascent curves through the point",
}


def kind(name):
    """The module of check kind `name` (KeyError for an unknown one)."""
    return importlib.import_module(f"{__name__}.{CHECK_MODULES[name]}")


def all_keys():
    """Every check-specific top-level case key, with the checks that use it."""
    out = {}
    for name in CHECKS:
        for k in kind(name).KEYS:
            out.setdefault(k, []).append(name)
    return out
