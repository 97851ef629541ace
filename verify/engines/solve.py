"""Linear systems M x = b with a `solve` (x) or `inconsistent` (y: yᵀM = 0, yᵀb != 0) certificate."""

from fractions import Fraction

from ..errors import EngineError, Unknown
from ..kernel.exact import Matrix, encode_matrix, matmul, norm, is_zero
from ..builders.matrices import hstack
from . import dense
from .backends import backend, check_limits
from .polyalg import poly_exact_div
from .rank import kernel_basis


def _as_matrix(b, m):
    if isinstance(b, Matrix):
        return b
    return Matrix(m, 1, [[norm(x)] for x in b])


def _solve_rational(M, b):
    """Particular solution from the RREF of [M | b] (free variables 0), or None when inconsistent."""
    m, n = M.shape
    aug = [list(M.rows[i]) + list(b.rows[i]) for i in range(m)]
    R, pivots = dense.rref(aug, n + b.ncols)
    if any(j >= n for j in pivots):
        return None
    x = [[Fraction(0)] * b.ncols for _ in range(n)]
    for i, j in enumerate(pivots):
        for c in range(b.ncols):
            x[j][c] = R[i][n + c]
    return Matrix(n, b.ncols, [[norm(v) for v in r] for r in x])


LIFT_MIN_ENTRIES = 100     # smaller systems: the plain rational elimination is as fast


def _integer_rows(M, b):
    """int64 arrays (Z, Zb): row i of [M | b] times the lcm of its denominators, or None when an
    entry is too large for the float64 lifting (|entry| >= 2^20)."""
    import numpy as np
    from math import lcm

    if hasattr(M, "array") and all(isinstance(x, int) for r in b.rows for x in r):
        Z = M.array
        Zb = [[int(x) for x in r] for r in b.rows]
        if Z.size and int(np.abs(Z).max()) >= 1 << 20 or any(abs(x) >= 1 << 20 for r in Zb for x in r):
            return None
        return Z, np.array(Zb, dtype=np.int64).reshape(len(Zb), b.ncols)
    Z, Zb = [], []
    for r, rb in zip(M.rows, b.rows):
        s = lcm(*[Fraction(x).denominator for x in list(r) + list(rb)])
        row = [int(x * s) for x in r]
        rowb = [int(x * s) for x in rb]
        if any(abs(x) >= 1 << 20 for x in row + rowb):
            return None
        Z.append(row)
        Zb.append(rowb)
    return (np.array(Z, dtype=np.int64).reshape(M.nrows, M.ncols),
            np.array(Zb, dtype=np.int64).reshape(M.nrows, b.ncols))


def _solve_lifting(M, b, seed, name):
    """A particular solution by p-adic lifting on a pivot block mod p (`dixon.py`), or None when
    this route does not apply, or False when B^-1 b_I (free variables 0) does not solve the whole
    system (then the system is inconsistent, or the prime was unlucky: the caller decides)."""
    import numpy as np

    from . import dixon
    from .modular import _column_log2_norms, _eliminate, derive_small_prime

    got = _integer_rows(M, b)
    if got is None:
        return None
    Z, Zb = got
    m, n = Z.shape
    kb = Zb.shape[1]
    p = derive_small_prime(seed, f"solve/{name}")
    E, cols = _eliminate(Z, p)
    r = len(cols)
    rows = [int(i) for i in E.perm[:r]]
    if r == 0:
        return Matrix(n, kb, [[0] * kb for _ in range(n)]) if not Zb.any() else False
    B = Z[rows][:, cols]
    C = Zb[rows]
    try:
        solver = dixon.DixonSolver(B, dixon.inverse_mod_p(E, (r, cols)), p)
    except EngineError:
        return None
    steps = dixon.hadamard_steps(_column_log2_norms(np.hstack([B, C])), r, p)
    A = np.hstack([Z, Zb])

    def embed(Y, d):
        X = [[0] * kb for _ in range(n)]
        for i, j in enumerate(cols):
            X[j] = Y[i]
        return X + [[-d if s == t else 0 for s in range(kb)] for t in range(kb)]

    found = solver.solve(C, steps, lambda Y, d: dixon.product_is_zero(A, embed(Y, d)))
    if found is None:
        return False
    Y, d = found
    X = [[Fraction(0)] * kb for _ in range(n)]
    for i, j in enumerate(cols):
        X[j] = [norm(Fraction(y, d)) for y in Y[i]]
    return Matrix(n, kb, [[norm(v) for v in row] for row in X])


FLINT_SOLVE_MAX = 250_000   # square systems below this many entries: python-flint's exact solver is faster
                            # (300 x 300: 0.07 s against 0.10 s by lifting; 600 x 600: 0.50 s against 0.46 s)


def _solve_flint(M, b):
    """M^-1 b by python-flint's exact `fmpz_mat.solve` for a square nonsingular rational M (None when
    flint is missing or M is singular).  Rows of [M | b] with fractions are scaled to integers first
    (the solution is unchanged).  Not re-checked here: the kernel checks M x = b (`rules._solves`)."""
    try:
        import flint
    except ImportError:  # pragma: no cover - python-flint missing
        return None
    from math import lcm

    n, k = M.nrows, b.ncols
    rows = M.array.tolist() if hasattr(M, "array") else M.rows
    try:
        Z = flint.fmpz_mat(n, n, [x for r in rows for x in r])
        Zb = flint.fmpz_mat(n, k, [x for r in b.rows for x in r])
    except TypeError:                                   # a fraction: scale its row
        Z, Zb = [], []
        for r, rb in zip(rows, b.rows):
            s = lcm(*[x.denominator for x in list(r) + list(rb) if isinstance(x, Fraction)], 1)
            Z.extend(int(x * s) for x in r)
            Zb.extend(int(x * s) for x in rb)
        Z, Zb = flint.fmpz_mat(n, n, Z), flint.fmpz_mat(n, k, Zb)
    try:
        X = Z.solve(Zb)
    except ZeroDivisionError:
        return None
    return Matrix(n, k, [[norm(Fraction(int(X[i, j].p), int(X[i, j].q))) for j in range(k)] for i in range(n)])


def _left_witness(M, b, method, seed, name):
    """A vector y with yᵀM = 0 and yᵀb != 0: one of the left-kernel basis vectors must do."""
    Y = kernel_basis(M.T, method=method, seed=seed, name=name + "^T")
    for j in range(Y.ncols):
        y = Matrix(1, M.nrows, [[Y.rows[i][j] for i in range(M.nrows)]])
        if not is_zero(matmul(y, b)):
            return Matrix(M.nrows, 1, [[y.rows[0][i]] for i in range(M.nrows)])
    return None


def solve_certificate(M, b, name="M", rhs_name="b", *, method="auto", seed=b"", max_entries=None,
                      max_dim=None):
    """(x, [solve]) with M x = b exactly, or (None, [inconsistent]) with y such that yᵀM = 0, yᵀb != 0.

    Rational systems are solved over Q.  Polynomial systems are solved over Q(x...) from a kernel
    basis of [M | b]; a `solve` certificate needs a polynomial x, so a solution that is only a
    rational function raises `Unknown`.
    """
    check_limits(M, max_entries, max_dim, name)
    backend(method)
    b = _as_matrix(b, M.nrows)
    if b.nrows != M.nrows:
        raise EngineError(f"solve {name} x = {rhs_name}: {M.nrows} rows but the right side has {b.nrows}")
    fast = None
    if M.is_polynomial() or b.is_polynomial():
        x = _solve_polynomial(M, b, method, seed, name)
    else:
        if method == "auto" and M.nrows == M.ncols and 0 < M.nrows * M.ncols < FLINT_SOLVE_MAX:
            fast = _solve_flint(M, b)
        if fast is None and method == "auto" and M.nrows * M.ncols >= LIFT_MIN_ENTRIES:
            fast = _solve_lifting(M, b, seed, name)
        if fast is False:                          # no solution from the pivot block: try a witness
            y = _left_witness(M, b, method, seed, name)
            if y is not None:
                return None, [{"rule": "inconsistent", "matrix": name, "rhs": rhs_name, "y": encode_matrix(y)}]
            fast = None
        x = fast if fast is not None else _solve_rational(M, b)
    if x is not None:
        if x is not fast and matmul(M, x) != b:     # lifting checked M x = b already; flint's x the kernel checks
            raise EngineError(f"solve {name}: engine solution fails M x = b")
        return x, [{"rule": "solve", "matrix": name, "rhs": rhs_name, "x": encode_matrix(x)}]
    y = _left_witness(M, b, method, seed, name)
    if y is None:
        raise EngineError(f"solve {name}: inconsistent system without a left-kernel witness")
    return None, [{"rule": "inconsistent", "matrix": name, "rhs": rhs_name, "y": encode_matrix(y)}]


def _solve_polynomial(M, b, method, seed, name):
    """Solve column by column from kernel vectors of [M | b_c] whose last entry is a nonzero constant."""
    n = M.ncols
    cols = []
    for c in range(b.ncols):
        bc = Matrix(M.nrows, 1, [[b.rows[i][c]] for i in range(M.nrows)])
        K = kernel_basis(hstack([M, bc]), method=method, seed=seed, name=f"{name}|{c}")
        last = [K.rows[n][j] for j in range(K.ncols)]
        if all(v == 0 for v in last):
            return None  # b_c is not in the column space over Q(x)
        j = next(j for j, v in enumerate(last) if v != 0)
        try:  # x = -v / v_last must be a polynomial vector for a `solve` certificate
            cols.append([norm(poly_exact_div(-K.rows[i][j], last[j])) for i in range(n)])
        except EngineError:
            raise Unknown(f"solve {name}: the solution over Q(x) is not a polynomial vector") from None
    return Matrix(n, b.ncols, [[cols[c][i] for c in range(b.ncols)] for i in range(n)])
