"""verify: exact-arithmetic verifier with independently checked certificates.

`import verify` gives the library (`verify.api`, loaded on first use so that the checker and the
kernel stay light):

    verify.rank(M, expect=...)      verify.det(M)          verify.inertia(M)
    verify.generic_rank(M)          verify.rank_at(M, point)  verify.detbool(M)
    verify.nullspace(M)             verify.solve(A, b)     verify.rank_inequality(kind, A, B, C)
    verify.claim(claim_id, **params)   verify.network(widths, layers, X, Y, quantity=...)

each returning a `Result` with `.value`, `.verdict`, `.certificate`, `.check()` and `.save(path)`;
`verify.as_matrix(x)` reads any supported input as an exact `Matrix`; `verify.check_certificate(path)`
re-checks a saved certificate.
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

_API = ("rank", "det", "inertia", "generic_rank", "rank_at", "detbool", "nullspace", "solve", "rank_inequality",
        "claim", "network", "as_matrix", "check_certificate", "Result", "Checked", "InvalidInput")
__all__ = ["__version__", *_API, "Matrix", "Poly", "CertificateError"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .api import (Checked, InvalidInput, Result, as_matrix, check_certificate, claim, det, detbool, generic_rank,
                      inertia, network, nullspace, rank, rank_at, rank_inequality, solve)
    from .kernel.errors import CertificateError
    from .kernel.exact import Matrix
    from .kernel.poly import Poly


def __getattr__(name):
    if name in _API:
        from . import api

        return getattr(api, name)
    if name == "Matrix":
        from .kernel.exact import Matrix

        return Matrix
    if name == "Poly":
        from .kernel.poly import Poly

        return Poly
    if name == "CertificateError":
        from .kernel.errors import CertificateError

        return CertificateError
    raise AttributeError(f"module 'verify' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
