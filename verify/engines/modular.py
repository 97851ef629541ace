"""Fast exact elimination modulo a word-size prime on float64 BLAS (an untrusted engine).

The FFLAS-FFPACK idea: residues mod p are small integers stored in float64; a float64 matrix
product of such matrices is *exact* as long as every partial sum stays below 2^53, whatever order
the BLAS adds in (every partial sum is an integer of magnitude < 2^53, hence representable, and
every product of two entries is one too).  Entries are kept in the balanced range
|x| <= p/2 + 2 (reduction `x - p*rint(x/p)`, see `_Elim._reduce`), so a product with inner
dimension k is exact when (p/2 + 2) + k * (p/2 + 2)^2 < 2^53; `inner_block(p)` takes the largest
k that keeps this below 2^52 (so that the reduction's q*p is exact too), and longer products are
cut into chunks of that length and reduced after each chunk.

Elimination is a recursive (Toledo-style) LU with row pivoting and column skipping: the left half
of the columns is factored, the right half is updated by a unit-lower triangular solve and one
matrix product, then the right half is factored.  Almost all of the (2/3) n^3 flops are BLAS
products.  The result is the column rank profile mod p: pivot columns (the greedy first
independent columns mod p) and pivot rows, with A[rows, cols] nonsingular mod p.

The same code runs on an array module `xp` (numpy, cupy, or torch): only slicing, `@`, in-place
`-=`, scalar products, and `rint`/`round`, `nonzero`, `copy`/`clone` are used.

Nothing here is trusted: the obligations produced are re-checked by `verify.kernel.modular`
(and `verify.kernel.rules`).  A nonzero minor mod p is a nonzero integer, so rank >= r over Q;
rank <= r needs an exact kernel over Q, found here by multi-modular rational reconstruction and
verified exactly before it is returned.
"""

import hashlib
from fractions import Fraction
from math import gcd, isqrt

import numpy as np

from ..errors import EngineError, Unknown
from ..kernel.modp import is_prime

MAX_PRIME = 1 << 26          # entries, products and reductions are exact in float64 below this
PRIME_BITS = 21              # default primes are drawn from [2^20, 2^21): one product chunk up to k = 8190
_TWO53 = 1 << 53


# ------------------------------------------------------------------------------------ primes
def derive_small_prime(seed, label, bits=PRIME_BITS):
    """A prime in [2^(bits-1), 2^bits), deterministic from SHA-256(seed, label) (Fiat-Shamir).

    `seed` is bytes (the case hash) or str; `label` distinguishes the draws (object name, try).
    """
    if not 3 <= bits <= 26:
        raise ValueError("prime size must be 3..26 bits for the float64 path")
    if isinstance(seed, str):
        seed = seed.encode()
    h = hashlib.sha256(b"verify-small-prime/1\0" + bytes(seed) + b"\0" + str(label).encode()).digest()
    lo = 1 << (bits - 1)
    n = lo + int.from_bytes(h, "big") % lo
    while True:
        if n >= 1 << bits:
            n = lo
        if is_prime(n):
            return n
        n += 1


def inner_block(p):
    """Largest k with h + k*h^2 <= 2^52 for h = p//2 + 2 (bound on reduced entries).

    2^52 rather than 2^53 leaves room for the reduction: q*p with q = rint(x/p) stays below 2^53.
    """
    if not 2 <= p < MAX_PRIME:
        raise ValueError(f"prime {p} out of range for float64 elimination (need p < 2^26)")
    h = p // 2 + 2
    return max(1, ((_TWO53 >> 1) - h) // (h * h))


# ------------------------------------------------------------------------------- array modules
class _Ops:
    """The few array operations the elimination needs, for numpy, cupy or torch."""

    def __init__(self, xp=None, device=None):
        self.xp = np if xp is None else xp
        self.is_numpy = self.xp is np
        self.is_torch = getattr(self.xp, "__name__", "") == "torch"
        if self.is_torch and device is None:
            device = "cuda" if self.xp.cuda.is_available() else "cpu"
        self.device = device

    def to_device(self, a, owned=False):
        """The float64 array on the device; `owned`: a fresh host array that may be used as is."""
        a = np.ascontiguousarray(a, dtype=np.float64)
        if self.is_numpy:
            return a if owned else a.copy()
        if self.is_torch:
            return self.xp.as_tensor(a, dtype=self.xp.float64, device=self.device).clone()
        return self.xp.asarray(a)

    def to_host(self, a):
        if self.is_numpy:
            return a
        if self.is_torch:
            return a.cpu().numpy()
        return self.xp.asnumpy(a) if hasattr(self.xp, "asnumpy") else np.asarray(a)

    def rint(self, a):
        return self.xp.round(a) if self.is_torch else self.xp.rint(a)

    def first_nonzero(self, v):
        """Index of the first nonzero entry of a 1-d array, or -1 (one host sync)."""
        if self.is_torch:
            idx = self.xp.nonzero(v)                   # shape (k, 1)
            return int(idx[0, 0]) if idx.shape[0] else -1
        idx = self.xp.nonzero(v)[0]
        return int(idx[0]) if idx.shape[0] else -1

    def copy(self, a):
        return a.clone() if self.is_torch else a.copy()

    def zeros(self, shape):
        if self.is_torch:
            return self.xp.zeros(shape, dtype=self.xp.float64, device=self.device)
        return self.xp.zeros(shape, dtype=np.float64)

    def contiguous_copy(self, a):
        """A C-contiguous copy, never a view (the panel must not alias the matrix)."""
        return a.contiguous().clone() if self.is_torch else self.xp.array(a, order="C", copy=True)

    def swap_rows(self, A, i, j):
        A[[i, j]] = A[[j, i]]


class _Elim:
    """In-place recursive LU mod p of a float64 matrix with column skipping (see module doc)."""

    BASE = 16     # columns factored by plain row operations
    TRSM_BASE = 16

    def __init__(self, A, p, ops):
        self.A, self.p, self.ops = A, float(p), ops
        self.pi = int(p)
        self.pinv = 1.0 / float(p)
        self.k = inner_block(int(p))
        self.m, self.n = A.shape
        self.perm = list(range(self.m))
        self._ws = [None, None]
        self.tb = max(1, min(self.TRSM_BASE, self.k))   # base-case products stay exact

    # --- reductions and exact products
    def _scratch(self, which, shape):
        """A reusable float64 buffer of `shape` (numpy only: avoids page faults of fresh temps)."""
        size = shape[0] * shape[1] if len(shape) == 2 else shape[0]
        buf = self._ws[which]
        if buf is None or buf.size < size:
            buf = self._ws[which] = np.empty(max(size, 1 << 16))
        return buf[:size].reshape(shape)

    def _reduce(self, X):
        """X <- X - p*rint(X/p) in place: congruent to X, |X| <= p/2 + 2 when |X| < 2^53 before."""
        if self.ops.is_numpy:
            T = self._scratch(0, X.shape)
            np.multiply(X, self.pinv, out=T)
            np.rint(T, out=T)
            T *= self.p
            X -= T
        else:
            X -= self.ops.rint(X * self.pinv) * self.p
        return X

    def _sub_product(self, C, L, U):
        """C <- (C - L @ U) mod p in place, cutting the inner dimension into exact chunks."""
        k = L.shape[1]
        for s in range(0, k, self.k):
            if self.ops.is_numpy:
                T = self._scratch(1, (L.shape[0], U.shape[1]))
                np.matmul(L[:, s:s + self.k], U[s:s + self.k], out=T)
                C -= T
            else:
                C -= L[:, s:s + self.k] @ U[s:s + self.k]
            self._reduce(C)

    # --- triangular solves
    def _inv_small(self, T, unit):
        """Inverse mod p of a small triangular matrix (lower if unit, else upper), on the host."""
        T = np.array(self.ops.to_host(T), dtype=np.float64)
        s, p = T.shape[0], self.pi
        if not unit:                                   # upper: invert via the transpose
            T = T.T.copy()
            d = [pow(int(T[i, i]) % p, -1, p) for i in range(s)]
        X = np.zeros((s, s))
        for i in range(s):                             # row i of T^{-1}: (e_i - T[i,:i] X[:i]) / T[i,i]
            row = -(T[i:i + 1, :i] @ X[:i])
            row[0, i] = 1.0
            self._reduce(row)
            if not unit:
                row *= float(d[i])
                self._reduce(row)
            X[i:i + 1] = row
        X = X if unit else X.T.copy()
        return self.ops.to_device(X)

    def _trsm_unit_lower(self, L, B):
        """B <- L^{-1} B mod p for L unit lower triangular (entries above the diagonal ignored)."""
        s = L.shape[0]
        if s <= self.tb:
            B[...] = self._reduce(self._inv_small(L, True) @ B)
            return
        h = s // 2
        self._trsm_unit_lower(L[:h, :h], B[:h])
        self._sub_product(B[h:], L[h:, :h], B[:h])
        self._trsm_unit_lower(L[h:, h:], B[h:])

    def _trsm_upper(self, U, B):
        """B <- U^{-1} B mod p for U upper triangular with nonzero diagonal (below ignored)."""
        s = U.shape[0]
        if s <= self.tb:
            B[...] = self._reduce(self._inv_small(U, False) @ B)
            return
        h = s // 2
        self._trsm_upper(U[h:, h:], B[h:])
        self._sub_product(B[:h], U[:h, h:], B[h:])
        self._trsm_upper(U[:h, :h], B[:h])

    # --- elimination
    def _base(self, r, c0, c1):
        """Plain row operations on columns c0..c1-1 (at most `tb` of them), below row r.

        Works on a contiguous transposed copy of the panel (its columns become contiguous rows);
        row swaps are applied to the whole rows of A at once and the panel is written back at
        the end.  The panel is reduced once at the end: after t updates |entry| <= h + t*h^2 <
        2^53, since the multipliers and the pivot row are reduced before each update.
        """
        A, ops, p, m = self.A, self.ops, self.pi, self.m
        P = ops.contiguous_copy(A[r:, c0:c1].T)         # P[jj, i] = A[r + i, c0 + jj]
        rows = m - r
        rr, piv = 0, []
        for jj in range(c1 - c0):
            if rr >= rows:
                break
            i = ops.first_nonzero(self._reduce(P[jj, rr:]))
            if i < 0:
                continue
            i += rr
            if i != rr:
                ops.swap_rows(A, r + rr, r + i)
                P[:, [rr, i]] = P[:, [i, rr]]
                self.perm[r + rr], self.perm[r + i] = self.perm[r + i], self.perm[r + rr]
            inv = pow(int(P[jj, rr]) % p, -1, p)
            if rr + 1 < rows:
                lcol = P[jj, rr + 1:]
                lcol *= float(inv if inv <= p // 2 else inv - p)
                self._reduce(lcol)
                if jj + 1 < c1 - c0:
                    u = self._reduce(P[jj + 1:, rr:rr + 1])
                    P[jj + 1:, rr + 1:] -= u * lcol[None, :]
            piv.append(c0 + jj)
            rr += 1
        A[r:, c0:c1] = self._reduce(P).T
        return piv

    def factor(self, r, c0, c1):
        """Eliminate columns c0..c1-1 below row r; returns the pivot columns (pivot rows r, r+1, ...)."""
        if r >= self.m or c0 >= c1:
            return []
        if c1 - c0 <= min(self.BASE, self.tb):
            return self._base(r, c0, c1)
        cm = (c0 + c1) // 2
        P1 = self.factor(r, c0, cm)
        s = len(P1)
        if s:
            A = self.A
            B = A[r:r + s, cm:c1]
            if P1[-1] - P1[0] == s - 1:           # contiguous pivot columns: views, no copies
                self._trsm_unit_lower(A[r:r + s, P1[0]:P1[0] + s], B)
                if r + s < self.m:
                    self._sub_product(A[r + s:, cm:c1], A[r + s:, P1[0]:P1[0] + s], B)
            else:
                self._trsm_unit_lower(A[r:r + s][:, P1], B)
                if r + s < self.m:
                    # below row r+s the non-pivot columns of [c0, cm) are exactly 0 (eliminated),
                    # so multiplying the whole column range by B padded with zero rows gives
                    # the same update without gathering the tall L21
                    Bpad = self.ops.zeros((cm - c0, c1 - cm))
                    Bpad[[j - c0 for j in P1]] = B
                    self._sub_product(A[r + s:, cm:c1], A[r + s:, c0:cm], Bpad)
        return P1 + self.factor(r + s, cm, c1)


def _prepare(A, p, ops):
    A = np.asarray(A)
    if A.ndim != 2:
        raise EngineError("modular elimination needs a 2-d integer array")
    if A.dtype == object:
        A = np.array([[int(x) % p for x in row] for row in A.tolist()], dtype=np.int64).reshape(A.shape)
    elif not np.issubdtype(A.dtype, np.integer):
        raise EngineError(f"modular elimination needs integers, got dtype {A.dtype}")
    A = A.astype(np.int64, copy=False)
    if A.size and -(p // 2) <= int(A.min()) and int(A.max()) <= p // 2:   # already balanced residues
        return ops.to_device(A.astype(np.float64), owned=True)
    R = np.mod(A, p)
    R = np.where(R > p // 2, R - p, R)
    return ops.to_device(R.astype(np.float64), owned=True)


def _eliminate(A, p, xp=None, device=None):
    inner_block(p)
    ops = _Ops(xp, device)
    E = _Elim(_prepare(A, p, ops), p, ops)
    cols = E.factor(0, 0, E.n)
    return E, cols


def rank_mod_p(A, p, *, xp=None, device=None):
    """Rank of the integer matrix A modulo the prime p (< 2^26), with a nonsingular minor.

    Returns (rank, pivot_rows, pivot_cols): sorted-by-pivot-order lists of Python ints such that
    A[pivot_rows, pivot_cols] is nonsingular mod p; pivot_cols is the column rank profile mod p.
    `xp` picks the array module (numpy by default, cupy or torch for a GPU).
    """
    E, cols = _eliminate(A, p, xp, device)
    r = len(cols)
    return r, [int(i) for i in E.perm[:r]], [int(j) for j in cols]


def det_mod_p(A, p, *, xp=None, device=None):
    """det(A) mod p in [0, p) for a square integer matrix A."""
    A = np.asarray(A)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise EngineError("det_mod_p needs a square matrix")
    E, cols = _eliminate(A, p, xp, device)
    n = A.shape[0]
    if len(cols) < n:
        return 0
    U = E.ops.to_host(E.A)
    d = 1
    for i in range(n):
        d = d * (int(U[i, i]) % p) % p
    # sign of the row permutation
    seen, sign = [False] * n, 1
    for i in range(n):
        if not seen[i]:
            j, length = i, 0
            while not seen[j]:
                seen[j] = True
                j = E.perm[j]
                length += 1
            if length % 2 == 0:
                sign = -sign
    return d * sign % p


def _nullspace_elim(A, p, xp=None, device=None):
    """(E, rank, pivot_rows, pivot_cols, free_cols, N mod p) with E the factored `_Elim`."""
    E, cols = _eliminate(A, p, xp, device)
    r, n = len(cols), E.n
    pivots = set(cols)
    free = [j for j in range(n) if j not in pivots]
    N = np.zeros((n, len(free)), dtype=np.int64)
    if free:
        N[free, np.arange(len(free))] = 1
        if r:
            A_ = E.A
            U = A_[:r][:, cols] if cols[-1] - cols[0] != r - 1 else A_[:r, cols[0]:cols[0] + r]
            B = A_[:r][:, free]                          # advanced indexing: a copy; U is only read
            B *= -1.0
            E._trsm_upper(U, B)
            N[cols] = np.mod(np.rint(E.ops.to_host(B)).astype(np.int64), p)
    return E, r, [int(i) for i in E.perm[:r]], cols, free, N


def nullspace_mod_p(A, p, *, xp=None, device=None):
    """A right-kernel basis of A mod p in reduced form.

    Returns (rank, pivot_rows, pivot_cols, free_cols, N) with N an int64 array (n x k) in [0, p),
    N[free_cols] = identity, and A N = 0 mod p.
    """
    return _nullspace_elim(A, p, xp, device)[1:]


# -------------------------------------------------------------------------------- Khatri-Rao
def khatri_rao_columns_np(A, B):
    """Column-wise Khatri-Rao product of int64 arrays: column j is kron(A[:, j], B[:, j])."""
    A, B = np.asarray(A), np.asarray(B)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise EngineError(f"khatri_rao needs equal column counts, got {A.shape} and {B.shape}")
    amax = int(np.abs(A).max()) if A.size else 0
    bmax = int(np.abs(B).max()) if B.size else 0
    if amax * bmax >= 1 << 63:
        raise EngineError("khatri_rao: entries too large for int64")
    A, B = A.astype(np.int64), B.astype(np.int64)
    return (A[:, None, :] * B[None, :, :]).reshape(A.shape[0] * B.shape[0], A.shape[1])


# ------------------------------------------------------------------------- exact kernels over Q
def _rational_reconstruct(a, m):
    """(num, den) with num/den = a mod m, |num|, den <= sqrt(m/2), or None."""
    bound = isqrt(m // 2)
    r0, r1, t0, t1 = m, a % m, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1, t0, t1 = r1, r0 - q * r1, t1, t0 - q * t1
    if t1 == 0 or abs(t1) > bound or gcd(r1, abs(t1)) != 1:
        return None
    return (r1, t1) if t1 > 0 else (-r1, -t1)


def _columns_to_integers(N):
    """Scale each column of a list-of-lists rational matrix by the lcm of its denominators."""
    n, k = len(N), len(N[0]) if N else 0
    out = [[0] * k for _ in range(n)]
    for j in range(k):
        lcm = 1
        for i in range(n):
            d = N[i][j].denominator
            lcm = lcm * d // gcd(lcm, d)
        for i in range(n):
            out[i][j] = int(N[i][j] * lcm)
    return out


def product_is_zero(A, N_int):
    """Exact test A @ N == 0 for int64 A and a list-of-lists integer N (`dixon.product_is_zero`)."""
    from .dixon import product_is_zero as _pz

    return _pz(A, N_int)


def _primes_needed(A, r, bits):
    """Primes of `bits` bits whose product exceeds 2 H^2, H a Hadamard bound on the r-minors of A.

    The reduced kernel basis has entries (minor)/(minor), so this many primes always suffice for
    rational reconstruction (early termination usually needs far fewer).
    """
    if r == 0:
        return 1
    norms = np.sqrt((np.asarray(A, dtype=np.float64) ** 2).sum(axis=0))
    logs = np.sort(np.log2(np.maximum(norms, 1.0)))[::-1][:r]
    need_bits = 2 * float(logs.sum()) * (1 + 1e-9) + r * 1e-6 + 2
    return int(need_bits // (bits - 1)) + 2


def _column_log2_norms(A):
    """log2 of the Euclidean column norms of A (an upper bound by at most one ulp-ish margin:
    float is only used to size the lifting, the result is checked exactly)."""
    norms = np.sqrt((np.asarray(A, dtype=np.float64) ** 2).sum(axis=0)) * (1 + 1e-12)
    return np.log2(np.maximum(norms, 1.0))


def _reconstruct_residues(residues, modulus):
    """Rational reconstruction of a list of rows of residues, or None."""
    N = []
    for row in residues:
        out = []
        for a in row:
            rr = _rational_reconstruct(a, modulus)
            if rr is None:
                return None
            out.append(Fraction(*rr))
        N.append(out)
    return N


def _kernel_by_dixon(A, E, r, rows, cols, free, p):
    """The reduced kernel basis (N[free] = I, A N = 0) by p-adic lifting on the pivot block, or None.

    N[cols] = -B^-1 A[rows, free] with B = A[rows, cols]; digits are lifted until the reconstructed
    candidate passes the exact product A N = 0 on all of A, at most up to the Hadamard bound
    (past it, the reconstruction is B^-1 C itself, and a failing product means rank A > r)."""
    from . import dixon

    A = np.asarray(A, dtype=np.int64)
    B = A[rows][:, cols]
    C = -A[rows][:, free]
    Binv = dixon.inverse_mod_p(E, (r, cols))
    solver = dixon.DixonSolver(B, Binv, p)
    logs = _column_log2_norms(A[rows])
    steps = dixon.hadamard_steps(logs, r, p)
    k = len(free)

    def accept(Y, d):
        Nint = [[0] * k for _ in range(A.shape[1])]
        for i, j in enumerate(cols):
            Nint[j] = Y[i]
        for t, j in enumerate(free):
            Nint[j] = [d if s == t else 0 for s in range(k)]
        return product_is_zero(A, Nint)

    got = solver.solve(C, steps, accept)
    if got is None:
        return None
    Y, d = got
    n = A.shape[1]
    N = [[Fraction(0)] * k for _ in range(n)]
    for i, j in enumerate(cols):
        N[j] = [Fraction(y, d) for y in Y[i]]
    for t, j in enumerate(free):
        N[j] = [Fraction(int(s == t)) for s in range(k)]
    return N


def exact_kernel_np(A, seed, *, label="kernel", max_primes=None, prime_cap=None, bits=PRIME_BITS,
                    xp=None, device=None, dixon=True):
    """Exact right-kernel basis over Q of an integer matrix: multi-modular for small kernels,
    p-adic (Dixon) lifting for large ones, both with early termination and no cap below the
    Hadamard bound.

    Returns (rank, pivot_rows, pivot_cols, prime, free_cols, N) with N a list of n rows of k
    Fractions, N[free_cols] = identity and A N = 0 checked exactly here; the pivots and `prime`
    are from the prime whose elimination gave the basis (A[pivot_rows, pivot_cols] is nonsingular
    mod prime, so the rank over Q is exactly `rank`).

    Route: the first prime's elimination gives the pivots and the kernel mod p; when its rational
    reconstruction already passes the exact product (small kernels: one prime), that is the
    answer.  Otherwise Dixon lifting on the same LU (`_kernel_by_dixon`), which ends as soon as a
    candidate passes the exact product and at the latest at the Hadamard bound.  A failure there
    means the prime was unlucky (rank mod p < rank over Q): the next prime is tried, up to
    `max_primes` (default 4) primes, then Unknown.  With `dixon=False` the multi-modular route
    alone adds primes (CRT) up to the Hadamard bound, or `prime_cap` / `max_primes` when given.
    """
    residues, modulus, first = None, 1, None
    t = 0
    limit = max_primes if max_primes is not None else (4 if dixon else None)
    while limit is None or t < limit:
        if not dixon and first is not None:
            needed = _primes_needed(A, first[0], bits)
            cap = needed if prime_cap is None else min(needed, prime_cap)
            if max_primes is None and t >= cap:
                break
        t += 1
        p = derive_small_prime(seed, f"{label}/{t - 1}", bits)
        E, r, rows, cols, free, Np = _nullspace_elim(A, p, xp=xp, device=device)
        if first is None or r > first[0]:
            first, residues, modulus = (r, rows, cols, p, free), None, 1
        elif r < first[0] or cols != first[2]:
            continue                                   # unlucky prime: pivots differ
        vals = Np.tolist()
        if residues is None:
            residues = vals
        else:                                          # CRT combine
            inv = pow(modulus, -1, p)
            residues = [[a + modulus * ((b - a) * inv % p) for a, b in zip(ra, rb)]
                        for ra, rb in zip(residues, vals)]
        modulus *= p
        N = _reconstruct_residues(residues, modulus)
        if N is not None and product_is_zero(A, _columns_to_integers(N)):
            r, rows, cols, p0, free = first
            return r, rows, cols, p0, free, N
        if dixon and xp is None:
            N = _kernel_by_dixon(A, E, r, rows, cols, free, p)
            if N is not None:
                return r, rows, cols, p, free, N
            residues, modulus = None, 1                # rank mod p was too small: next prime
    raise Unknown(f"exact kernel: {t} primes of {bits} bits did not give it (every one was unlucky "
                  "or the matrix is beyond the multi-modular route)")


# ------------------------------------------------------------------------------- obligations
def rank_ge_obligation_np(A, name, seed, *, label=None, tries=4, bits=PRIME_BITS, xp=None, device=None):
    """(rank mod p, rank_ge obligation) for an int64 matrix; the prime is derived from the seed.

    Retries with further primes (labels `name/0`, `name/1`, ...) and keeps the largest rank; a
    prime dividing every r-minor can only make the bound smaller, never wrong.
    """
    best = None
    for t in range(tries):
        p = derive_small_prime(seed, f"{label or name}/{t}", bits)
        r, rows, cols = rank_mod_p(A, p, xp=xp, device=device)
        if best is None or r > best[0]:
            best = (r, rows, cols, p)
        if r == min(np.shape(A)):
            break
        if t >= 1 and best[0] == r:                   # two primes agree: stop
            break
    r, rows, cols, p = best
    return r, {"rule": "rank_ge", "matrix": name, "r": r, "rows": rows, "cols": cols, "prime": p}


def rank_certificate_np(A, name, seed, *, bits=PRIME_BITS, max_primes=None, xp=None, device=None):
    """Exact rank of an int64 matrix with [rank_ge, rank_le] obligations (CONTRACTS.md section 3).

    One elimination mod p (of A, or of A^T when A is wide) gives the rank_ge minor; full rank
    needs nothing else.  A deficient rank needs an exact kernel over Q (`exact_kernel_np`, on the
    smaller side), usually from the same elimination when its entries are small.  The basis is
    given with `basis_rows` = the free columns, where it is the identity, so its rank_ge minor
    is 1 mod any prime.
    """
    from ..kernel.exact import Matrix, encode_matrix

    A = np.asarray(A)
    m, n = A.shape
    full = min(m, n)
    if n <= m:                                         # right kernel has dimension n - r
        side, M = "right", A
    else:                                              # smaller kernel on the left: use A^T
        side, M = "left", A.T
    r, rows, cols, p, free, N = exact_kernel_np(M, seed, label=f"{name}/{side}",
                                                max_primes=max_primes, bits=bits, xp=xp, device=device)
    rows, cols = (rows, cols) if side == "right" else (cols, rows)
    ge = {"rule": "rank_ge", "matrix": name, "r": r, "rows": rows, "cols": cols, "prime": p}
    if r == full:
        return r, [ge, {"rule": "rank_le", "matrix": name, "r": full, "side": "trivial"}]
    k = len(free)
    if side == "right":
        basis = Matrix(len(N), k, N)
    else:
        basis = Matrix(k, len(N), [list(col) for col in zip(*N)]) if k else Matrix(0, m, [])
    le = {"rule": "rank_le", "matrix": name, "r": r, "side": side, "basis": encode_matrix(basis),
          "basis_rows": free if side == "right" else list(range(k)),
          "basis_cols": list(range(k)) if side == "right" else free,
          "prime": derive_small_prime(seed, f"{name}/{side}/basis", bits)}
    return r, [ge, le]
