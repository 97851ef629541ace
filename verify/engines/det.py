"""Exact determinants with a `det` obligation (the kernel recomputes the value independently) or, from
16 x 16 on, a `det_residues` obligation (the kernel checks the value from residues and one solution)."""

import hashlib
from fractions import Fraction
from math import gcd, lcm, prod

from ..errors import EngineError
from ..kernel.exact import Matrix, encode_entry, integer_rows
from . import dense
from .backends import backend, check_limits
from .fiatshamir import _as_bytes, derive_prime


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


RESIDUES_MIN_DIM = 16   # from here on the kernel checks a rational determinant from residues (`kernel/detmod.py`)


def _solution(A, b, method):
    """(s, y) with A y = s b, y integer, for A nonsingular (flint's exact solver, else Fraction RREF)."""
    from .solve import _solve_flint, _solve_rational

    M, B = Matrix.from_rows(A), Matrix.from_rows([[v] for v in b])
    X = _solve_flint(M, B) if backend(method).Rational.name == "flint" else None
    x = [r[0] for r in (X if X is not None else _solve_rational(M, B)).rows]
    s = lcm(*[Fraction(v).denominator for v in x], 1)
    return s, [int(v * s) for v in x]


def residues_obligation(M, name, d, *, method="auto", seed=b""):
    """A `det_residues` obligation for det M = d (M square, rational): hints that make the kernel's
    work a few determinants mod p and one exact product A y = s b (see `kernel/detmod.py`)."""
    A, L = integer_rows(M)
    n, dA = len(A), d * L
    ob = {"rule": "det_residues", "matrix": name, "value": encode_entry(d)}
    if dA == 0:
        from .rank import kernel_basis

        z = dense.primitive([r[0] for r in kernel_basis(Matrix.from_rows(A), method=method, seed=seed, name=name).rows])
        return {**ob, "null": [int(v) for v in z]}
    b = [int.from_bytes(hashlib.sha256(bytes(_as_bytes(seed)) + b"det-rhs:%d" % i).digest()[:2], "big") - 32768
         for i in range(n)]
    s, y = _solution(A, b, method)
    s1 = s // gcd(s, *y)
    H = prod(sum(a * a for a in row) for row in A)
    primes, P, i = [], 1, 0
    while (P * s1) ** 2 <= 4 * H:
        p = derive_prime(seed, f"det-residues:{name}:{i}")
        i += 1
        if p not in primes and s1 % p:
            primes.append(p)
            P *= p
    return {**ob, "primes": primes, "s": s, "y": y, "b": b}


def det_certificate(M, name="M", *, method="auto", seed=b"", max_entries=None, max_dim=None):
    """(det M, [det or det_residues]) for a square rational or polynomial matrix."""
    d = determinant(M, method=method, max_entries=max_entries, max_dim=max_dim, name=name)
    if M.nrows >= RESIDUES_MIN_DIM and not M.is_polynomial():
        return d, [residues_obligation(M, name, d, method=method, seed=seed)]
    return d, [det_obligation(name, d)]
