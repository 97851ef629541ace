"""Inertia of a symmetric rational matrix by exact LDLᵀ with symmetric pivoting (1×1 and 2×2 blocks).

Pivot rule: a nonzero diagonal entry of the remaining Schur complement if there is one (the one with
the smallest numerator+denominator size, to limit growth); otherwise a 2×2 block on a nonzero
off-diagonal entry (both its diagonal entries are then zero, so the block [[0, b], [b, 0]] has one
positive and one negative eigenvalue); otherwise the rest is zero.  The certificate is
`P M Pᵀ = L D Lᵀ`; Sylvester's law of inertia gives the inertia of M from the blocks of D.
"""

import math
from fractions import Fraction

from ..errors import EngineError
from ..builders.matrices import is_symmetric
from ..kernel.exact import Matrix, encode_matrix, norm
from .backends import backend, check_limits
from .congruence import congruence_certificate

CONGRUENCE_MIN_DIM = 16     # from this size on, try the congruence certificate first


def congruence_obligation(M, name):
    """((p, n, z), [inertia]) with an integer congruence certificate (`perm`, `U`, `blocks`), or
    None when none was found.  M symmetric rational; it is scaled to integers by the lcm q > 0 of
    its denominators (the kernel does the same)."""
    q = math.lcm(*{x.denominator for r in M.rows for x in r if type(x) is Fraction})
    A = [list(r) for r in M.rows] if q == 1 else [[int(x * q) for x in r] for r in M.rows]
    found = congruence_certificate(A)
    if found is None:
        return None
    perm, U, blocks, value = found
    n = M.nrows
    ob = {"rule": "inertia", "matrix": name, "perm": perm, "U": {"shape": [n, n], "rows": U},   # ints encode as themselves
          "blocks": blocks, "value": list(value)}
    return value, [ob]


def _size(x):
    return abs(x.numerator).bit_length() + x.denominator.bit_length()


def ldlt(M):
    """(perm, L, D, blocks) with M[perm][:, perm] == L D Lᵀ exactly (lists of Fractions)."""
    n = M.nrows
    A = [[Fraction(x) for x in r] for r in M.rows]
    remaining = list(range(n))
    order, blocks = [], []
    Lcols = {}   # original row index -> {step column: value}
    Dblocks = []
    while remaining:
        diag = [i for i in remaining if A[i][i] != 0]
        if diag:
            k = min(diag, key=lambda i: _size(A[i][i]))
            piv = [k]
        else:
            pair = next(((i, j) for i in remaining for j in remaining if j > i and A[i][j] != 0), None)
            if pair is None:  # the rest is zero
                for i in remaining:
                    order.append(i)
                    blocks.append(1)
                    Dblocks.append([[Fraction(0)]])
                break
            piv = list(pair)
        rest = [i for i in remaining if i not in piv]
        E = [[A[a][b] for b in piv] for a in piv]
        if len(piv) == 1:
            Einv = [[1 / E[0][0]]]
        else:
            det = E[0][0] * E[1][1] - E[0][1] * E[1][0]
            Einv = [[E[1][1] / det, -E[0][1] / det], [-E[1][0] / det, E[0][0] / det]]
        col0 = len(order)
        # l_i = A[i, piv] E^{-1}
        Lrows = {}
        for i in rest:
            a = [A[i][q] for q in piv]
            Lrows[i] = [sum(a[s] * Einv[s][t] for s in range(len(piv))) for t in range(len(piv))]
        for i in rest:
            li = Lrows[i]
            if not any(li):
                continue
            for j in rest:
                if j < i:
                    continue
                upd = sum(li[t] * A[piv[t]][j] for t in range(len(piv)))
                if upd:
                    A[i][j] -= upd
                    if j != i:
                        A[j][i] = A[i][j]
        for i in rest:
            for t in range(len(piv)):
                if Lrows[i][t]:
                    Lcols.setdefault(i, {})[col0 + t] = Lrows[i][t]
        order.extend(piv)
        blocks.append(len(piv))
        Dblocks.append(E)
        remaining = rest
    pos = {orig: a for a, orig in enumerate(order)}
    L = [[Fraction(1) if a == b else Fraction(0) for b in range(n)] for a in range(n)]
    for orig, cols in Lcols.items():
        for b, v in cols.items():
            L[pos[orig]][b] = v
    D = [[Fraction(0)] * n for _ in range(n)]
    off = 0
    for E in Dblocks:
        for s in range(len(E)):
            for t in range(len(E)):
                D[off + s][off + t] = E[s][t]
        off += len(E)
    return order, L, D, blocks


def count_inertia(D, blocks):
    """(positive, negative, zero) eigenvalue counts of a block-diagonal D with 1×1 / 2×2 blocks."""
    p = q = z = 0
    off = 0
    for b in blocks:
        if b == 1:
            d = D[off][off]
            p, q, z = p + (d > 0), q + (d < 0), z + (d == 0)
        else:
            a, c, e = D[off][off], D[off][off + 1], D[off + 1][off + 1]
            det = a * e - c * c
            if det < 0:
                p, q = p + 1, q + 1
            elif det > 0:
                if a + e > 0:
                    p += 2
                else:
                    q += 2
            else:
                tr = a + e
                z += 1 + (tr == 0)
                p, q = p + (tr > 0), q + (tr < 0)
        off += b
    return p, q, z


def _matrix(rows):
    return Matrix(len(rows), len(rows[0]) if rows else 0, [[norm(x) for x in r] for r in rows])


def inertia_certificate(M, name="M", *, method="auto", seed=b"", max_entries=None, max_dim=None):
    """((n+, n-, n0), [inertia]) for a symmetric rational matrix.

    From `CONGRUENCE_MIN_DIM` on, the certificate is an integer congruence U^T A U that is
    diagonally dominant (`congruence.py`: fast to find and to check); below it, or if no such U is
    found, the exact LDLᵀ over `Fraction` (whose D reads well in reports).  Every `method` runs the
    same code (neither flint nor sympy offers a symmetric indefinite factorisation); it is accepted
    for a uniform interface.
    """
    check_limits(M, max_entries, max_dim, name)
    backend(method)
    if M.is_polynomial():
        raise EngineError(f"inertia of {name}: the matrix has polynomial entries")
    if not is_symmetric(M):
        raise EngineError(f"inertia of {name}: the matrix is not symmetric")
    n = M.nrows
    if n >= CONGRUENCE_MIN_DIM:
        fast = congruence_obligation(M, name)
        if fast is not None:
            return fast
    perm, L, D, blocks = ldlt(M)
    value = count_inertia(D, blocks)
    Lm = _matrix(L) if n else Matrix(0, 0, [])
    Dm = _matrix(D) if n else Matrix(0, 0, [])
    ob = {"rule": "inertia", "matrix": name, "perm": perm, "L": encode_matrix(Lm), "D": encode_matrix(Dm),
          "blocks": blocks, "value": list(value)}
    return value, [ob]
