"""Exact rank over Q and generic rank over Q(x...), with `rank_ge` / `rank_le` certificates.

Rational matrices: a prime p from the seed gives pivot rows I and columns J with
det M[I, J] != 0 mod p, hence rank M >= |I|.  When that already equals min(m, n) no kernel is
needed; otherwise an exact kernel basis over Q (right or left, whichever is smaller) bounds the rank
from above, and primes are retried until the modular pivots reach the exact rank.

Polynomial matrices: the rank at a seed-derived point (Fiat–Shamir) is a lower bound for the generic
rank; the upper bound is a polynomial kernel basis (denominators cleared per vector) whose product
with M is zero as polynomials and which has a nonzero maximal minor at a point.
"""

from fractions import Fraction
from math import gcd

from ..errors import EngineError, Unknown
from ..kernel.exact import Matrix, encode_entry, encode_matrix, norm
from ..kernel.poly import Poly
from . import _python, partial
from .backends import backend, check_limits
from .fiatshamir import derive_point, derive_prime, retry_label

MAX_TRIES = 8          # primes / points tried before falling back (or giving up)
FALLBACK_PRIMES = 64   # primes tried on an exact nonsingular minor before declaring an engine bug


# ------------------------------------------------------------------------- obligation builders
def _encode_point(point):
    return {v: encode_entry(c) for v, c in sorted(point.items())}


def rank_ge_obligation(name, r, rows, cols, prime, point=None):
    ob = {"rule": "rank_ge", "matrix": name, "r": r, "rows": list(rows), "cols": list(cols), "prime": prime}
    if point is not None:
        ob["point"] = _encode_point(point)
    return ob


def rank_le_trivial(name, r):
    return {"rule": "rank_le", "matrix": name, "r": r, "side": "trivial"}


def rank_le_obligation(name, r, side, basis, basis_rows, basis_cols, prime, point=None):
    ob = {"rule": "rank_le", "matrix": name, "r": r, "side": side, "basis": encode_matrix(basis),
          "basis_rows": list(basis_rows), "basis_cols": list(basis_cols), "prime": prime}
    if point is not None:
        ob["point"] = _encode_point(point)
    return ob


# ------------------------------------------------------------------------------------ helpers
def _pivfn(be):
    """Modular pivot search on lists of rational rows for backend `be`."""
    return getattr(be, "pivots_mod", _python.pivots_mod)


def basis_matrix(vecs, side, dim):
    """Right basis: the vectors are the columns (dim x k); left basis: the rows (k x dim)."""
    k = len(vecs)
    if side == "right":
        return Matrix(dim, k, [[vecs[j][i] for j in range(k)] for i in range(dim)])
    return Matrix(k, dim, [list(v) for v in vecs])


def _minor_of_vectors(rows, dim, seed, label, pivfn):
    """(prime, independent coordinates) for k rational vectors of length dim, or None."""
    k = len(rows)
    for attempt in range(MAX_TRIES):
        p = derive_prime(seed, retry_label(label, attempt))
        res = pivfn(rows, dim, p)
        if res is not None and res[0] == k:
            return p, res[2]
    return None


def _rank_le_for(name, r, side, vecs, dim, seed, pivfn, variables=None, first_point=None):
    """The rank_le obligation for a kernel basis `vecs` of M (right: length ncols; left: nrows)."""
    k = len(vecs)
    B = basis_matrix(vecs, side, dim)
    label = f"rank_le:{name}"
    for attempt in range(MAX_TRIES if variables is not None else 1):
        point = None
        rows = vecs
        if variables is not None:
            point = first_point if attempt == 0 and first_point is not None else \
                derive_point(seed, variables, retry_label(f"basis-point:{name}", attempt))
            rows = [[x.evaluate(point) if isinstance(x, Poly) else x for x in v] for v in vecs]
            rows = [[norm(x) for x in v] for v in rows]
        found = _minor_of_vectors(rows, dim, seed, retry_label(label, attempt) if attempt else label, pivfn)
        if found is not None:
            p, coords = found
            if side == "right":
                return rank_le_obligation(name, r, side, B, coords, range(k), p, point)
            return rank_le_obligation(name, r, side, B, range(k), coords, p, point)
    if variables is not None:
        raise Unknown(f"rank of {name}: no point found where the kernel basis has full rank")
    raise EngineError(f"rank of {name}: the kernel basis has no nonzero maximal minor modulo any tried prime")


def primitive_poly_vector(v):
    """Scale a vector of polynomials/scalars by a rational so its coefficients are coprime integers."""
    coefs = []
    for x in v:
        if isinstance(x, Poly):
            coefs.extend(x.terms.values())
        elif x != 0:
            coefs.append(Fraction(x))
    if not coefs:
        return list(v)
    den = 1
    for c in coefs:
        den = den * c.denominator // gcd(den, c.denominator)
    g = 0
    for c in coefs:
        g = gcd(g, int(c * den))
    s = Fraction(den, g)
    first = next(x for x in v if x != 0)
    lead = first.sorted_terms()[-1][1] if isinstance(first, Poly) else first
    if lead < 0:
        s = -s
    return [norm(x * s) for x in v]


# ------------------------------------------------------------------------------ rational path
def _rational_rank(M, name, be, seed):
    m, n = M.shape
    pivfn = _pivfn(be)
    label = f"rank_ge:{name}"
    R = be.Rational(M)
    res = R.pivots_mod(derive_prime(seed, label))
    if res is not None and res[0] == min(m, n):
        r, I, J = res
        return r, [rank_ge_obligation(name, r, I, J, derive_prime(seed, label)), rank_le_trivial(name, r)]
    side = "right" if n <= m else "left"
    vecs = R.right_kernel() if side == "right" else R.left_kernel()
    dim = n if side == "right" else m
    r = dim - len(vecs)
    ge = None
    for attempt in range(MAX_TRIES):
        p = derive_prime(seed, retry_label(label, attempt))
        res = res if attempt == 0 else R.pivots_mod(p)
        if res is not None and res[0] == r:
            ge = rank_ge_obligation(name, r, res[1], res[2], p)
            break
        if res is not None and res[0] > r:
            raise EngineError(f"rank of {name}: rank mod p {res[0]} exceeds the exact rank {r}")
    if ge is None:  # fall back to an exact nonsingular minor and search a prime that keeps it
        I, J = R.exact_pivots()
        sub = [[M.rows[i][j] for j in J] for i in I]
        for attempt in range(MAX_TRIES, MAX_TRIES + FALLBACK_PRIMES):
            p = derive_prime(seed, retry_label(label, attempt))
            res = pivfn(sub, len(J), p)
            if res is not None and res[0] == r:
                ge = rank_ge_obligation(name, r, I, J, p)
                break
        else:
            raise EngineError(f"rank of {name}: no prime keeps the pivot minor nonzero")
    if r == min(m, n):
        return r, [ge, rank_le_trivial(name, r)]
    return r, [ge, _rank_le_for(name, r, side, vecs, dim, seed, pivfn)]


# ---------------------------------------------------------------------------- polynomial path
def _poly_kernel(M, name, be, seed, side, tries):
    """Settle the generic rank: returns (r, rank_ge obligation, kernel vectors, point) or raises Unknown.

    Each try evaluates M at a derived point, finds pivots mod a derived prime (a lower bound), and
    asks the backend for the polynomial kernel (flint/python: from the pivot block by Cramer's rule,
    then checked M N = 0; sympy: the whole kernel over the fraction field).  Stops when they meet.
    """
    m, n = M.shape
    variables = M.variables()
    ring = be.PolyRing(variables)
    pivfn = _pivfn(be)
    A = M if side == "right" else M.T
    dim = A.ncols
    full_kernel = None
    best = -1
    for attempt in range(tries):
        point = derive_point(seed, variables, retry_label(f"point:{name}", attempt))
        p = derive_prime(seed, retry_label(f"rank_ge:{name}", attempt))
        rows = [list(r) for r in M.evaluate(point).rows]
        res = pivfn(rows, n, p)
        if res is None:
            continue
        rp, I, J = res
        best = max(best, rp)
        ge = rank_ge_obligation(name, rp, I, J, p, point)
        if rp == dim:  # the kernel on this side is trivial
            return rp, ge, None, point
        if attempt == 0 and partial.active():  # the rank >= rp half is done: say so before the kernel
            partial.report([ge], partial.rank_evidence(M, name, seed, pivfn))
        if be.__name__.endswith("_sympy"):
            if full_kernel is None:
                full_kernel = ring.right_kernel(A)
            vecs = full_kernel
            if dim - len(vecs) != rp:
                continue
        else:
            bi, bj = (I, J) if side == "right" else (J, I)
            vecs = ring.right_kernel(A, bi, bj)
            if not ring.times_is_zero(A, vecs):
                continue
        return rp, ge, [primitive_poly_vector(v) for v in vecs], point
    raise Unknown(f"generic rank of {name} not settled after {tries} points "
                  f"(lower bound {max(best, 0)})")


def _poly_rank(M, name, be, seed, tries):
    m, n = M.shape
    side = "right" if n <= m else "left"
    r, ge, vecs, point = _poly_kernel(M, name, be, seed, side, tries)
    if vecs is None:
        return r, [ge, rank_le_trivial(name, r)]
    dim = n if side == "right" else m
    le = _rank_le_for(name, r, side, vecs, dim, seed, _pivfn(be), M.variables(), point)
    return r, [ge, le]


# ---------------------------------------------------------------------------------- entry points
def rank_certificate(M, name="M", *, method="auto", seed=b"", max_entries=None, max_dim=None,
                     tries=MAX_TRIES):
    """Exact rank of M (over Q, or over Q(x...) for a polynomial matrix) with [rank_ge, rank_le]."""
    check_limits(M, max_entries, max_dim, name)
    be = backend(method)
    m, n = M.shape
    if m == 0 or n == 0:
        return 0, [rank_ge_obligation(name, 0, [], [], derive_prime(seed, f"rank_ge:{name}")),
                   rank_le_trivial(name, 0)]
    if M.is_polynomial():
        return _poly_rank(M, name, be, seed, tries)
    return _rational_rank(M, name, be, seed)


def kernel_basis(M, *, method="auto", seed=b"", name="M", max_entries=None, max_dim=None, tries=MAX_TRIES):
    """An exact basis of the right kernel of M over Q or Q(x...), as the columns of an n x k Matrix.

    Rational bases are primitive integer vectors; polynomial ones have denominators cleared.
    """
    check_limits(M, max_entries, max_dim, name)
    be = backend(method)
    m, n = M.shape
    if n == 0:
        return Matrix(0, 0, [])
    if m == 0:
        return Matrix(n, n, [[1 if i == j else 0 for j in range(n)] for i in range(n)])
    if M.is_polynomial():
        r, _, vecs, _ = _poly_kernel(M, name, be, seed, "right", tries)
        vecs = vecs or []
    else:
        vecs = be.Rational(M).right_kernel()
    return basis_matrix(vecs, "right", n)
