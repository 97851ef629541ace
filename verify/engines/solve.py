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
    if M.is_polynomial() or b.is_polynomial():
        x = _solve_polynomial(M, b, method, seed, name)
    else:
        x = _solve_rational(M, b)
    if x is not None:
        if matmul(M, x) != b:
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
