"""Exact solutions over Q by p-adic (Dixon) lifting on float64 BLAS (an untrusted engine).

To solve B X = C exactly (B an r x r integer matrix nonsingular mod a word-size prime p, C an
r x k integer matrix), compute B^-1 mod p once (from the LU of `modular._Elim`), then lift:

    R_0 = C;   X_i = B^-1 R_i mod p;   R_{i+1} = (R_i - B X_i) / p      (an exact division)

so that C = B (X_0 + X_1 p + ... + X_{s-1} p^(s-1)) + p^s R_s, i.e. the sum is X mod p^s.  Every
step is two float64 matrix products that are exact (all partial sums are integers below 2^53,
as in `modular.py`), and |R_i| stays below |C|/p + r |B| p/2 / p + 1, so R fits in float64 too.
Rational reconstruction of X mod p^s gives X once p^s exceeds 2 H^2 (H a Hadamard bound on the
r-minors of [B | C], Cramer's rule), and usually long before (output-sensitive early
termination): reconstruction is tried at s = 4, 8, 16, ... and the candidate is accepted only
when an exact product says it solves the system (`product_is_zero`, exact by 16-bit limbs on
BLAS, see below).  Nothing here is trusted: the kernel re-checks every certificate.

`product_is_zero(A, N)` decides A N == 0 exactly for int64 A and arbitrary-size integers N: N is
split into signed 16-bit limbs, N = sum_l N_l 2^(16 l), each A N_l is an exact float64 product
(|A| 2^16 n < 2^53), and A N = sum_l S_l 2^(16 l) is zero iff the carries propagate to zero
(S_0 = 0 mod 2^16, c_1 = S_0 / 2^16, S_1 + c_1 = 0 mod 2^16, ..., last carry 0).
"""

from fractions import Fraction
from math import gcd, isqrt, log2

import numpy as np

from ..errors import EngineError

_LIMB = 16
_TWO52 = float(1 << 52)


# ------------------------------------------------------------------------------ exact products
def _limbs(vals, nlimbs):
    """(nlimbs, len(vals)) int64 array of signed 16-bit limbs: v = sum_l L[l] 2^(16 l)."""
    out = np.zeros((nlimbs, len(vals)), dtype=np.int64)
    nbytes = 2 * nlimbs
    for j, v in enumerate(vals):
        if v:
            a = np.frombuffer(abs(v).to_bytes(nbytes, "little"), dtype="<u2").astype(np.int64)
            out[:, j] = -a if v < 0 else a
    return out


def product_is_zero(A, N):
    """Exact test A @ N == 0 for an int64 array A (m x n) and N a list of n rows of Python ints.

    Small N: one int64 product.  Large N: 16-bit limbs on float64 BLAS with exact carries
    (module doc); object arithmetic when even that could round (|A| too large).
    """
    A = np.asarray(A, dtype=np.int64)
    n = A.shape[1]
    if not N or not N[0] or A.shape[0] == 0:
        return True
    k = len(N[0])
    flat = [x for row in N for x in row]
    nmax = max(abs(x) for x in flat)
    amax = int(np.abs(A).max()) if A.size else 0
    if amax == 0 or nmax == 0:
        return True
    if amax * nmax * n < 1 << 62:
        return not np.any(A @ np.array(N, dtype=np.int64))
    if amax * (1 << _LIMB) * n >= 1 << 52:
        P = A.astype(object) @ np.array(N, dtype=object)
        return not np.any(P != 0)
    nl = (nmax.bit_length() + _LIMB - 1) // _LIMB
    L = _limbs(flat, nl).reshape(nl, n, k)                     # L[l] is the n x k limb matrix
    Af = A.astype(np.float64)
    # S[:, l] = A @ L[l], all at once: (m x n) @ (n x (nl k))
    S = Af @ L.transpose(1, 0, 2).reshape(n, nl * k).astype(np.float64)
    S = np.rint(S).astype(np.int64).reshape(A.shape[0], nl, k)
    carry = np.zeros((A.shape[0], k), dtype=np.int64)
    mask = (1 << _LIMB) - 1
    for l in range(nl):
        t = S[:, l, :] + carry
        if np.any(t & mask):
            return False
        carry = t >> _LIMB                                     # exact: t is a multiple of 2^16
    return not np.any(carry)


# ---------------------------------------------------------------------------- reconstruction
def _combine(digits, p):
    """Python ints sum_i digits[i] p^i (per entry) from a list of int64 arrays, by a balanced tree."""
    level = [d.astype(object) for d in digits]
    q = p
    while len(level) > 1:
        nxt = [level[i] + level[i + 1] * q for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level, q = nxt, q * q
    return level[0]


def _ratrecon(a, m, nb, db):
    """(num, den) with num = a den mod m, |num| <= nb, 0 < den <= db, or None."""
    r0, r1, t0, t1 = m, a % m, 0, 1
    while r1 > nb:
        q = r0 // r1
        r0, r1, t0, t1 = r1, r0 - q * r1, t1, t0 - q * t1
    if t1 == 0 or abs(t1) > db or gcd(r1, abs(t1)) != 1:
        return None
    return (r1, t1) if t1 > 0 else (-r1, -t1)


def reconstruct_common(values, m):
    """(Y, d): integers Y (same shape, as a flat list) and one d > 0 with values = Y / d mod m and
    |Y| <= sqrt(m/2) d-scaled bounds, or None.  The denominator is shared (a common one grows by
    rational reconstruction of the few entries that need more), so most entries cost one product."""
    bound = isqrt(m // 2)
    d = 1
    ys = []
    half = m // 2
    for a in values:
        y = a * d % m
        if y > half:
            y -= m
        if abs(y) > bound:
            rr = _ratrecon(y, m, bound, bound // d if d <= bound else 0)
            if rr is None:
                return None
            num, den = rr
            d *= den
            if d > bound:
                return None
            ys = [v * den for v in ys]
            y = num
        ys.append(y)
    return ys, d


# ------------------------------------------------------------------------------ Dixon lifting
def hadamard_steps(cols_norm_log2, r, p):
    """Lifting steps s with p^s > 2 H^2, H = product of the r largest column norms (log2 given)."""
    logs = np.sort(np.asarray(cols_norm_log2, dtype=np.float64))[::-1][:r]
    need = 2 * float(logs.sum()) * (1 + 1e-9) + r * 1e-6 + 2
    return int(need / log2(p)) + 2


class DixonSolver:
    """B X = C over Q for int64 B (r x r, nonsingular mod p) given B^-1 mod p (float64, balanced)."""

    def __init__(self, B, Binv, p):
        self.B = np.asarray(B, dtype=np.float64)
        self.Binv = np.asarray(Binv, dtype=np.float64)
        self.p = int(p)
        r = self.B.shape[0]
        h = self.p // 2 + 1
        bmax = float(np.abs(self.B).max()) if self.B.size else 0.0
        if r and (h * h * r >= _TWO52 or bmax * h * r >= _TWO52):
            raise EngineError("Dixon lifting: prime or entries too large for exact float64 products")
        self.bmax = bmax

    def _mod(self, X):
        return X - self.p * np.rint(X / self.p)

    def lift(self, C, steps):
        """The p-adic digits X_0..X_{steps-1} (int64 arrays) of B^-1 C; C is an int64 array."""
        R = np.asarray(C, dtype=np.float64)
        if R.size and float(np.abs(R).max()) * 4 >= _TWO52:
            raise EngineError("Dixon lifting: right-hand side too large for float64")
        p = float(self.p)
        digits = []
        for _ in range(steps):
            X = self._mod(self.Binv @ self._mod(R))
            R = (R - self.B @ X) / p
            digits.append(X.astype(np.int64))
        return digits

    def solve(self, C, max_steps, accept, probe_every=4):
        """(Y, d) with B (Y/d) = C, by lifting until a reconstruction passes `accept`, or None.

        Output-sensitive termination: one entry's p-adic value is kept as a Python int and
        reconstructed every `probe_every` steps (every done/16 steps later on: the probes' cost
        stays a small multiple of the last one); once its fraction is the same at two probes in a
        row, all entries are combined and reconstructed with a common denominator
        (`reconstruct_common`) and `accept(Y, d)` (the caller's exact test) decides.  A failed
        candidate doubles the wait before the next full attempt; the last attempt is at
        `max_steps` (the Hadamard bound, where the reconstruction is B^-1 C itself)."""
        C = np.asarray(C, dtype=np.int64)
        shape = C.shape
        R = C.astype(np.float64)
        p = float(self.p)
        pi = self.p
        acc, modulus, done = None, 1, 0
        digits = []
        e0 = 0                                          # the probed entry (flat index)
        v0, m0, last, wait, next_full = 0, 1, None, probe_every, None
        next_probe = probe_every
        while True:
            X = self._mod(self.Binv @ self._mod(R))
            R = (R - self.B @ X) / p
            Xi = X.astype(np.int64)
            digits.append(Xi)
            done += 1
            v0 += int(Xi.flat[e0]) * m0
            m0 *= pi
            full = done >= max_steps
            if not full and done >= next_probe:
                next_probe = done + max(probe_every, done // 16)
                b = isqrt(m0 // 2)
                rr = _ratrecon(v0, m0, b, b)
                if rr is not None and rr == last and (next_full is None or done >= next_full):
                    full = True
                last = rr
            if not full:
                continue
            tail = _combine(digits, pi)
            acc = tail if acc is None else acc + modulus * tail
            modulus *= pi ** len(digits)
            digits = []
            rec = reconstruct_common(acc.ravel().tolist(), modulus)
            if rec is not None:
                ys, d = rec
                Y = [ys[i * shape[1]:(i + 1) * shape[1]] for i in range(shape[0])]
                if accept(Y, d):
                    return Y, d
            if done >= max_steps:
                return None
            wait *= 2
            next_full = done + wait


def inverse_mod_p(E, rows_r):
    """B^-1 mod p (float64, balanced) for B = A[pivot rows, pivot cols] from a factored `_Elim`.

    The LU of `_Elim.factor` gives P A[:, cols] = L U on the first r rows: B = L U with L unit lower
    and U upper, both stored in A[:r][:, cols]; so B^-1 = U^-1 L^-1, two triangular solves on I."""
    r, cols = rows_r
    A_ = E.A
    if r and cols[-1] - cols[0] == r - 1:
        LU = A_[:r, cols[0]:cols[0] + r]
    else:
        LU = A_[:r][:, cols]
    Inv = E.ops.zeros((r, r))
    for i in range(r):
        Inv[i, i] = 1.0
    E._trsm_unit_lower(LU, Inv)
    E._trsm_upper(LU, Inv)
    return E.ops.to_host(Inv)


def fractions_from(Y, d):
    """Rows of Fractions Y / d."""
    return [[Fraction(y, d) for y in row] for row in Y]
