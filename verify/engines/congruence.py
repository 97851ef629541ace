"""Fast inertia certificates: an integer congruence U^T A U that is diagonally dominant.

The kernel (`verify.kernel.congruence`) accepts a permutation `perm`, an integer block upper
triangular U (diagonal blocks of size 1 or 2, nonsingular) with G = U^T (q M[perm][:, perm]) U
diagonally dominant except for zero rows; the inertia is then the signs of G's diagonal.  This
module *finds* such a U; nothing it computes is trusted.

1. Singular part.  rank(M) mod a prime; if M looks singular, an exact integer kernel basis N from
   flint (`fmpz_mat.nullspace`, reduced-echelon form: N is diagonal on the free columns J and the
   pivot columns I carry the rest).  For a symmetric M the pivot columns of its echelon form are
   also a row basis, so A[I, I] is nonsingular, and the columns of N give exactly zero rows of G.
2. Nonsingular part B = A[I, I].  A float64 LDL^T with Bunch-Kaufman pivoting (largest diagonal
   first) is only a *hint*: it gives a pivot order and approximate rows W with W B W^T ~ D; 2 x 2
   blocks of D are turned into their eigenvectors and every row is scaled by |lambda|^(-1/2), so
   W B W^T ~ diag(+-1).  U = round(2^b W^T) is exact from then on, with the fewest bits b (from
   20 on) for which the float product U^T B U looks dominant with a margin: U's size is what the
   kernel's check costs.
3. Exact check in flint: G = U^T B U, and if G is not yet diagonally dominant, a refinement step
   (the same float hint on the nearly diagonal, rescaled G, multiplied into U exactly and rounded),
   with more bits, a few times.  Failure returns None; the caller then falls back to the exact LDL^T.
"""

import math
import random

import numpy as np
from flint import fmpz_mat, nmod_mat

_ALPHA = (1 + math.sqrt(17)) / 8          # Bunch-Kaufman threshold


class _Fail(Exception):
    pass


# ------------------------------------------------------------------------------ float hint
def float_ldl(B, pivot=True):
    """(V, order, blocks) with V (rows = basis vectors in the coordinates B[order][:, order], block
    unit lower triangular up to 2x2 rotations and row scaling) and V Bp V^T ~ diag(+-1).  Floats:
    a hint only.  Raises _Fail on a zero pivot."""
    n = B.shape[0]
    S = np.array(B, dtype=np.float64)
    W = np.eye(n)
    order = np.arange(n)
    blocks = []

    def swap(i, j):
        if i != j:
            S[[i, j]] = S[[j, i]]
            S[:, [i, j]] = S[:, [j, i]]
            W[[i, j]] = W[[j, i]]
            W[:, [i, j]] = W[:, [j, i]]
            order[[i, j]] = order[[j, i]]

    k = 0
    while k < n:
        if pivot:
            swap(k, k + int(np.argmax(np.abs(np.diagonal(S)[k:]))))
        a = abs(S[k, k])
        col = np.abs(S[k + 1:, k])
        lam = float(col.max()) if col.size else 0.0
        size = 1
        if pivot and a < _ALPHA * lam:
            r = k + 1 + int(np.argmax(col))
            row = np.abs(S[r, k:])
            row[r - k] = 0.0
            if a * float(row.max()) < _ALPHA * lam * lam:
                swap(k + 1, r)
                size = 2
        if size == 1:
            if S[k, k] == 0:
                raise _Fail("zero pivot")
            lk = S[k + 1:, k] / S[k, k]
            S[k + 1:, k + 1:] -= np.outer(lk, S[k, k + 1:])
            W[k + 1:, :k + 1] -= np.outer(lk, W[k, :k + 1])
        else:
            E = S[k:k + 2, k:k + 2]
            if np.linalg.det(E) == 0:
                raise _Fail("singular 2x2 pivot")
            Lb = S[k + 2:, k:k + 2] @ np.linalg.inv(E)
            S[k + 2:, k + 2:] -= Lb @ S[k:k + 2, k + 2:]
            W[k + 2:, :k + 2] -= Lb @ W[k:k + 2, :k + 2]
        S[k + size:, k:k + size] = 0.0
        S[k:k + size, k + size:] = 0.0
        blocks.append(size)
        k += size
    k = 0
    for size in blocks:                    # rotate 2x2 blocks to eigenvectors, scale to +-1
        E = S[k:k + size, k:k + size]
        lam, Q = np.linalg.eigh((E + E.T) / 2)
        if np.any(lam == 0):
            raise _Fail("zero eigenvalue in a pivot block")
        W[k:k + size] = (Q.T @ W[k:k + size]) / np.sqrt(np.abs(lam))[:, None]
        k += size
    return W, [int(i) for i in order], blocks


# ------------------------------------------------------------------------------ exact part
def _to_ints(X):
    """A float64 array of integral values -> list of rows of Python ints."""
    if np.abs(X).max(initial=0) < 2.0 ** 62:
        return X.astype(np.int64).tolist()
    return [[int(x) for x in r] for r in X.tolist()]


def _rows(F):
    return [[int(x) for x in r] for r in F.tolist()]


def dominant(G):
    """True iff every row of G is zero where its diagonal is, strictly dominant elsewhere."""
    for i, row in enumerate(G):
        d = abs(row[i])
        off = sum(abs(x) for x in row) - d
        if (d == 0 and off) or (d and d <= off):
            return False
    return True


def _round_shift(rows, c):
    """round(x / 2^c) entrywise (exact integers)."""
    if c <= 0:
        return [[x << -c for x in r] for r in rows]
    h = 1 << (c - 1)
    return [[(x + h) >> c for x in r] for r in rows]


def nonsingular_congruence(Bint, min_bits=20, margin=0.25, rounds=4):
    """(order, U, blocks, G) for a nonsingular integer symmetric Bint (list of rows): U block upper
    triangular in the coordinates Bint[order][:, order], G = U^T Bp U diagonally dominant (exact)."""
    n = len(Bint)
    V, order, blocks = float_ldl(np.array(Bint, dtype=np.float64))
    Bp = fmpz_mat([[Bint[i][j] for j in order] for i in order])
    Bf = np.array(Bint, dtype=np.float64)[np.ix_(order, order)]
    top = math.frexp(float(np.abs(V).max()))[1]
    for bits in range(min_bits, 53, 4):           # fewest bits that look dominant (a float estimate)
        Uf = np.rint(np.ldexp(V.T, bits - top))
        Gf = Uf.T @ Bf @ Uf
        d = np.abs(np.diagonal(Gf))
        if np.all(np.abs(Gf).sum(axis=1) - d < margin * d):
            break
    U = _to_ints(np.rint(np.ldexp(V.T, bits - top)))
    for _ in range(rounds):
        Uf = fmpz_mat(U)
        G = _rows(Uf.transpose() * Bp * Uf)
        if dominant(G):
            return order, U, blocks, G
        # refine: the float hint on the rescaled, nearly diagonal G, multiplied in exactly
        d = np.array([float(abs(G[i][i])) for i in range(n)])
        if np.any(d == 0):
            raise _Fail("zero diagonal in U^T B U")
        s = np.sqrt(d)
        Gf = np.array(G, dtype=np.float64) / np.outer(s, s)
        V2, order2, _ = float_ldl(Gf, pivot=False)
        if order2 != list(range(n)):
            raise _Fail("refinement permuted")
        X = V2.T / s[:, None]                                   # U_new = U X (upper triangular X)
        cx = 52 - math.frexp(float(np.abs(X).max()))[1]
        Xi = fmpz_mat(_to_ints(np.rint(np.ldexp(X, cx))))
        P = _rows(Uf * Xi)
        bits += 24
        top = max(abs(x) for r in P for x in r).bit_length()
        U = _round_shift(P, top - bits)
        if any(U[i][i] == 0 for i in range(n)):
            raise _Fail("rounding made U singular")
    raise _Fail("no diagonally dominant congruence found")


def singular_split(Aint, seed=0):
    """(I, J, N): pivot and free indices and an exact integer kernel basis N (n x k, N[J] diagonal
    and nonzero), or (all, [], None) when A is nonsingular mod a random prime."""
    n = len(Aint)
    F = fmpz_mat(Aint)
    p = random.Random(seed).choice((1000000007, 998244353, 2147483647, 4294967291))
    if nmod_mat(F, p).rank() == n:
        return list(range(n)), [], None
    X, k = F.nullspace()
    N = [[int(X[i, t]) for t in range(k)] for i in range(n)]
    J = []
    for t in range(k):                              # echelon form: a free column per basis vector
        free = [i for i in range(n) if N[i][t] != 0 and all(N[i][s] == 0 for s in range(k) if s != t)]
        if not free:
            raise _Fail("kernel basis not in echelon form")
        J.append(free[-1])
    if len(set(J)) != k:
        raise _Fail("kernel basis not in echelon form")
    I = [i for i in range(n) if i not in set(J)]
    return I, J, N


def congruence_certificate(Aint):
    """(perm, U, blocks, counts) for an integer symmetric matrix (list of rows), or None."""
    n = len(Aint)
    try:
        I, J, N = singular_split(Aint)
        r = len(I)
        if r:
            B = [[Aint[i][j] for j in I] for i in I]
            order, UB, bblocks, G = nonsingular_congruence(B)
        else:
            order, UB, bblocks, G = [], [], [], []
        perm = [I[i] for i in order] + J
        U = [[0] * n for _ in range(n)]
        for a in range(r):
            U[a][:r] = UB[a]
        for t, j in enumerate(J):
            for a, i in enumerate(perm):
                U[a][r + t] = N[i][t]
        if N is not None and not fmpz_mat(Aint) * fmpz_mat(N) == fmpz_mat(n, len(J)):
            raise _Fail("kernel basis is not exact")
    except (_Fail, np.linalg.LinAlgError):
        return None
    pos = sum(1 for i in range(r) if G[i][i] > 0)
    return perm, U, bblocks + [1] * len(J), (pos, r - pos, n - r)
