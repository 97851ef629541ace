"""Untrusted exact linear-algebra engines: each entry point returns a value and the obligations
(CONTRACTS.md section 3) that `verify.kernel.rules` re-checks.

Backends: `method="flint"` (python-flint), `"sympy"` (DomainMatrix), `"python"` (plain Fraction
arithmetic, the reference), `"auto"` (flint when importable).
"""

from .backends import METHODS, available_methods
from .det import det_certificate, determinant
from .detbool import detbool_certificate
from .fiatshamir import derive_point, derive_prime, is_prime
from .inertia import inertia_certificate
from .rank import kernel_basis, rank_certificate
from .solve import solve_certificate

__all__ = [
    "METHODS", "available_methods", "rank_certificate", "det_certificate", "determinant",
    "inertia_certificate", "kernel_basis", "solve_certificate", "detbool_certificate",
    "derive_prime", "derive_point", "is_prime",
]
