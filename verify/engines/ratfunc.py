"""Determinants of rational-function matrices as reduced fractions (untrusted).

The problem gives N = diag(d) M (rows cleared of denominators) and S = d_1 ... d_m; the engine
computes D = det N (a `det` obligation, recomputed by the kernel), then P / Q = D / S reduced by an
exact polynomial gcd G (python-flint's `fmpq_mpoly.gcd`; without flint, the fraction unreduced),
with the first term of Q (in the order of `Poly.to_text`) made 1, and a `det_fraction` obligation
that the kernel checks by D == P G, S == Q G (`kernel/ratfunc.py`).
"""

from fractions import Fraction

from ..checks.base import Proof
from ..kernel.exact import encode_entry, norm
from ..kernel.poly import Poly
from .backends import _flint
from .det import det_certificate


def _vars(x):
    return set(x.variables()) if isinstance(x, Poly) else set()


def _leading(x):
    """The coefficient of the first term of `x` as `Poly.to_text` writes it."""
    if not isinstance(x, Poly):
        return Fraction(x)
    mono, c = min(x.terms.items(), key=lambda mc: (-sum(e for _, e in mc[0]), mc[0]))
    return c


def reduced_fraction(D, S):
    """(P, Q, G) with D = P G, S = Q G, gcd(P, Q) = 1 when python-flint is present, Q's first term 1."""
    if D == 0:
        return 0, 1, S
    variables = sorted(_vars(D) | _vars(S))
    P, Q, G = D, S, 1
    if variables and _flint is not None:
        ring = _flint.PolyRing(variables)
        a, b = ring.element(D), ring.element(S)
        g = ring.gcd(a, b)
        P, Q, G = ring.to_entry(a / g), ring.to_entry(b / g), ring.to_entry(g)
    c = _leading(Q)
    return _scaled(P, 1 / c), _scaled(Q, 1 / c), _scaled(G, c)


def _scaled(x, c):
    return norm(x * c if isinstance(x, Poly) else Fraction(x) * c)


def det_fraction_obligation(name, S, D, P, Q, G):
    return {"rule": "det_fraction", "matrix": name, "scale": encode_entry(S), "det": encode_entry(D),
            "num": encode_entry(P), "den": encode_entry(Q), "gcd": encode_entry(G)}


def det_fraction_proof(N, S, name, ctx, nonzero_only=False):
    """`det` of N and `det_fraction` D / S = P / Q (reduced)."""
    D, obs = det_certificate(N, name, method=ctx.method, seed=ctx.seed)
    P, Q, G = reduced_fraction(D, S)
    notes = ["rational-function entries: row i was multiplied by d_i, a common multiple of its "
             "denominators (object D); det M = det(D M) / (d_1 ... d_m)"]
    return Proof(obs + [det_fraction_obligation(name, S, D, P, Q, G)], notes=notes)
