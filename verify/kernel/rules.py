"""The certificate rules: each re-checks one obligation and returns the fact it establishes.

Every rule follows the obligation's hints, never searches, raises `CertificateError` on anything it
cannot confirm, and succeeds only on positive evidence.  A fact is a tuple about a named problem
object (the object is bound to its content by the certificate's hash table, `check.py`):

    ("rank_ge", name, r)    ("rank_le", name, r, right_kernel_basis or None)
    ("det", name, value)    ("inertia", name, (p, n, z))    ("detbool", name, v)
    ("solvable", name, rhs, True, x)    ("solvable", name, rhs, False, None)
    ("log_rank_ge", name, r)  (from the optional rule in `logdet.py`)
    ("det_fraction", name, (S, D, P, Q))  (D / S = P / Q; the optional rule in `ratfunc.py`)
    ("det", name, value)  also from the optional rule `det_residues` (`detmod.py`: residues and hints)

Lemmas relied on are stated in each rule's docstring.  Large integer matrices held in numpy arrays
(`IntArrayMatrix`) use the optional module `modular.py`; the inertia certificate by congruence uses
`congruence.py`.
"""

from fractions import Fraction
from math import lcm

from .congruence import congruence_inertia
from .errors import CertificateError
from .exact import Matrix, decode_entry, decode_matrix, integer_rows, is_scalar, matmul, norm
from .logdet import RULE as LOG_RULE, check_log_minor_nonzero
from .ratfunc import RULE as FRACTION_RULE, check_det_fraction
from .detmod import RULE as RESIDUES_RULE, check_det_residues
from .modp import reduce_mod, require_prime, square_nonsingular_mod_p


def _int(ob, key, rule, low=0):
    v = ob.get(key)
    if not isinstance(v, int) or isinstance(v, bool) or v < low:
        raise CertificateError(rule, f"field '{key}' must be an integer >= {low}, got {v!r}")
    return v


def _indices(ob, key, bound, rule):
    v = ob.get(key)
    if not isinstance(v, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in v):
        raise CertificateError(rule, f"field '{key}' must be a list of integers")
    if len(set(v)) != len(v) or any(i < 0 or i >= bound for i in v):
        raise CertificateError(rule, f"field '{key}' must hold distinct indices in 0..{bound - 1}")
    return v


def _object(ob, key, objects, rule):
    name = ob.get(key)
    if not isinstance(name, str) or name not in objects:
        raise CertificateError(rule, f"field '{key}' names no problem object: {name!r}")
    return name, objects[name]


MAX_POINT_BITS = 1 << 20  # bits of one monomial's value at a point (sum of exponent * size of the coordinate)


def _rational(M, ob, rule):
    """M itself, or M evaluated at the obligation's exact `point` when M has polynomial entries
    (refused when a monomial's value would exceed MAX_POINT_BITS: no evaluation blows up)."""
    if not M.is_polynomial():
        return M
    pt = ob.get("point")
    if not isinstance(pt, dict):
        raise CertificateError(rule, "a polynomial matrix needs an exact 'point'")
    pt = {v: decode_entry(x, f"point.{v}") for v, x in pt.items()}
    if not all(is_scalar(x) for x in pt.values()) or set(M.variables()) - set(pt):
        raise CertificateError(rule, f"the point must give a number for each of {M.variables()}")
    bits = {v: Fraction(x).numerator.bit_length() + Fraction(x).denominator.bit_length() for v, x in pt.items()}
    if any(sum(e * bits[v] for v, e in mono) > MAX_POINT_BITS for x in M.entries() for mono in getattr(x, "terms", ())):
        raise CertificateError(rule, f"at this point an entry has a term of more than {MAX_POINT_BITS} bits")
    return M.evaluate(pt)


def nonsingular_mod_p(M, rows, cols, p, rule):
    """True iff det(M[rows, cols]) mod p != 0."""
    return square_nonsingular_mod_p([[reduce_mod(M.rows[i][j], p, rule) for j in cols] for i in rows], p)


def _minor_nonzero(M, rows, cols, p, rule):
    require_prime(p, rule)
    if len(rows) != len(cols):
        raise CertificateError(rule, "rows and cols differ in length")
    if hasattr(M, "array"):  # an IntArrayMatrix (arrays.py)
        from . import modular  # numpy, only for large integer matrices held in arrays

        modular.check_minor_nonzero(M.array, rows, cols, p, rule)
        return
    if not nonsingular_mod_p(M, rows, cols, p, rule):
        raise CertificateError(rule, f"the {len(rows)}x{len(cols)} minor is zero mod {p}")


# ------------------------------------------------------------------------------------ rules
def check_rank_ge(ob, objects):
    """rank(M) >= r.  Lemma: if det(M[I,J]) mod p != 0 then det(M[I,J]) != 0 over Q (reduction mod p
    is a ring map on the p-integral rationals); a nonzero r-minor gives r independent rows.  For a
    polynomial M the minor is evaluated at a point: a polynomial nonzero at a point is nonzero."""
    rule = "rank_ge"
    name, M = _object(ob, "matrix", objects, rule)
    r = _int(ob, "r", rule)
    if r == 0:
        return ("rank_ge", name, 0)
    A = _rational(M, ob, rule)
    rows = _indices(ob, "rows", A.nrows, rule)
    cols = _indices(ob, "cols", A.ncols, rule)
    if len(rows) != r or len(cols) != r:
        raise CertificateError(rule, f"need {r} rows and {r} cols, got {len(rows)} and {len(cols)}")
    _minor_nonzero(A, rows, cols, _int(ob, "prime", rule, 2), rule)
    return ("rank_ge", name, r)


def check_rank_le(ob, objects):
    """rank(M) <= r.  Lemma (rank-nullity): if M N = 0 for an n x k matrix N of rank k, then
    rank M <= n - k (right side; the left side is the transpose).  Over Q(x): M N = 0 as polynomials
    and a k-minor of N nonzero at a point give rank_{Q(x)} N = k.  With a `factor` F (right side
    only) the basis is N = F N0, N0 the `basis`: M N = (M F) N0 by associativity, checked so."""
    rule = "rank_le"
    name, M = _object(ob, "matrix", objects, rule)
    r = _int(ob, "r", rule)
    side = ob.get("side")
    if side == "trivial":
        if r < min(M.nrows, M.ncols):
            raise CertificateError(rule, f"rank <= {r} is not trivial for a {M.nrows} x {M.ncols} matrix")
        return ("rank_le", name, r, None)
    if side not in ("right", "left"):
        raise CertificateError(rule, f"side must be 'right', 'left' or 'trivial', got {side!r}")
    N = decode_matrix(ob.get("basis"), "basis")
    F = decode_matrix(ob["factor"], "factor") if "factor" in ob else None
    if side == "right":
        n, k = M.ncols, N.ncols
        if F is None and N.nrows != n:
            raise CertificateError(rule, f"basis has {N.nrows} rows, M has {n} columns")
        if F is not None and (F.nrows, F.ncols) != (n, N.nrows):
            raise CertificateError(rule, f"factor is {F.nrows} x {F.ncols}, needs {n} x {N.nrows}")
    else:
        n, k = M.nrows, N.nrows
        if N.ncols != n:
            raise CertificateError(rule, f"basis has {N.ncols} columns, M has {n} rows")
        if F is not None:
            raise CertificateError(rule, "a factor is for side right only")
    if k < n - r:
        raise CertificateError(rule, f"basis has {k} vectors, rank <= {r} needs {n - r}")
    used = set(N.variables()) | set(F.variables() if F is not None else ())
    if used - set(M.variables()):  # the basis is reported: over the matrix's own field
        raise CertificateError(rule, f"basis has a variable the matrix does not: {sorted(used)}")
    _product_zero(M if F is None else matmul(M, F), N, side, rule)   # M (F N0) = (M F) N0
    B = _rational(N, ob, rule) if F is None else matmul(_rational(F, ob, rule), _rational(N, ob, rule))
    brows = _indices({"basis_rows": ob.get("basis_rows", list(range(B.nrows)))}, "basis_rows", B.nrows, rule)
    bcols = _indices({"basis_cols": ob.get("basis_cols", list(range(B.ncols)))}, "basis_cols", B.ncols, rule)
    if len(brows) != k or len(bcols) != k:
        raise CertificateError(rule, f"basis_rows / basis_cols must have {k} entries")
    _minor_nonzero(B, brows, bcols, _int(ob, "prime", rule, 2), rule)
    return ("rank_le", name, n - k, N if side == "right" and F is None else None)


def _product_zero(M, N, side, rule):
    """M N == 0 (side right) or N M == 0 (side left), exactly."""
    what = "M*N" if side == "right" else "N*M"
    if hasattr(M, "array") and not N.is_polynomial():  # an IntArrayMatrix (arrays.py)
        from . import modular  # numpy, only for large integer matrices held in arrays

        Nint = modular.integer_columns(list(N.rows) if side == "right" else list(N.T.rows))
        A = M.array if side == "right" else M.array.T
        modular.check_product_zero(A, Nint, rule, what)
        return
    product = matmul(M, N) if side == "right" else matmul(N, M)
    for i, row in enumerate(product.rows):
        for j, x in enumerate(row):
            if x != 0:
                raise CertificateError(rule, f"{what} != 0 at row {i + 1}, col {j + 1} (1-based)")


def det_exact(M):
    """Determinant of a square exact matrix.  Rational: Bareiss fraction-free elimination after
    scaling rows to integers (exact division is a theorem of Bareiss 1968).  Polynomial: Laplace
    expansion along rows, memoised on the set of remaining columns (n <= 12)."""
    n = M.nrows
    if M.ncols != n:
        raise CertificateError("det", "matrix is not square")
    if n == 0:
        return 1
    if M.is_polynomial():
        if n > 12:
            raise CertificateError("det", "polynomial determinant beyond 12 x 12 is not re-checked")
        memo = {}

        def minor(i, cols):
            if i == n:
                return 1
            key = (i, cols)
            if key not in memo:
                total, sign = 0, 1
                for j in cols:
                    x = M.rows[i][j]
                    if x != 0:
                        total = total + sign * x * minor(i + 1, tuple(c for c in cols if c != j))
                    sign = -sign
                memo[key] = total
            return memo[key]

        return norm(minor(0, tuple(range(n))))
    a, L = integer_rows(M)
    scale = Fraction(1, L)
    sign, prev = 1, 1
    for k in range(n - 1):
        if a[k][k] == 0:
            piv = next((r for r in range(k + 1, n) if a[r][k]), None)
            if piv is None:
                return 0
            a[k], a[piv] = a[piv], a[k]
            sign = -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) // prev
        prev = a[k][k]
    return norm(sign * a[n - 1][n - 1] * scale)


def check_det(ob, objects):
    """det(M) = value, by recomputation (`det_exact`)."""
    name, M = _object(ob, "matrix", objects, "det")
    value = decode_entry(ob.get("value"), "value")
    got = det_exact(M)
    if got != value:
        raise CertificateError("det", f"determinant is not {value!r}")
    return ("det", name, value)


def _block_inertia(block):
    """Inertia of a symmetric 1x1 or 2x2 rational block, from its determinant and trace."""
    if len(block) == 1:
        a = block[0][0]
        return (1, 0, 0) if a > 0 else (0, 1, 0) if a < 0 else (0, 0, 1)
    (a, b), (c, d) = block
    det, tr = a * d - b * c, a + d
    if det < 0:
        return (1, 1, 0)
    if det > 0:
        return (2, 0, 0) if tr > 0 else (0, 2, 0)
    return (1, 0, 1) if tr > 0 else (0, 1, 1) if tr < 0 else (0, 0, 2)


def check_inertia(ob, objects):
    """inertia(M) = value.  Lemma (Sylvester's law of inertia): P^T M P = L D L^T with P a
    permutation and L unit lower triangular (so invertible) gives inertia(M) = inertia(D), and the
    inertia of a block-diagonal D is the sum over its blocks.  A certificate with an integer `U`
    instead of L and D is a congruence U^T (q P^T M P) U to a diagonally dominant matrix, checked by
    `congruence.congruence_inertia` (lemma there)."""
    rule = "inertia"
    name, M = _object(ob, "matrix", objects, rule)
    n = M.nrows
    if M.is_polynomial() or M.ncols != n:
        raise CertificateError(rule, "matrix must be square and rational")
    if any(M.rows[i][j] != M.rows[j][i] for i in range(n) for j in range(i)):
        raise CertificateError(rule, "matrix is not symmetric")
    perm = ob.get("perm")
    if not isinstance(perm, list) or any(not isinstance(i, int) or isinstance(i, bool) for i in perm) \
            or sorted(perm) != list(range(n)):
        raise CertificateError(rule, "perm is not a permutation of 0..n-1")
    if "U" in ob:
        counts = congruence_inertia(M, perm, decode_matrix(ob.get("U"), "U"), ob.get("blocks"))
        if ob.get("value") != counts:
            raise CertificateError(rule, f"claimed inertia {ob.get('value')!r}, U^T A U gives {counts}")
        return ("inertia", name, tuple(counts))
    L, D = decode_matrix(ob.get("L"), "L"), decode_matrix(ob.get("D"), "D")
    if L.shape != (n, n) or D.shape != (n, n) or L.is_polynomial() or D.is_polynomial():
        raise CertificateError(rule, "L and D must be rational n x n")
    for i in range(n):
        if L.rows[i][i] != 1 or any(L.rows[i][j] != 0 for j in range(i + 1, n)):
            raise CertificateError(rule, f"L is not unit lower triangular at row {i}")
    blocks = ob.get("blocks")
    if not isinstance(blocks, list) or any(type(b) is not int or b not in (1, 2) for b in blocks) \
            or sum(blocks) != n:
        raise CertificateError(rule, "blocks must be sizes 1 or 2 summing to n")
    inside, start, counts = set(), 0, [0, 0, 0]
    for b in blocks:
        idx = range(start, start + b)
        inside.update((i, j) for i in idx for j in idx)
        block = [[D.rows[i][j] for j in idx] for i in idx]
        if b == 2 and block[0][1] != block[1][0]:
            raise CertificateError(rule, f"block at {start} is not symmetric")
        counts = [c + d for c, d in zip(counts, _block_inertia(block))]
        start += b
    if any(D.rows[i][j] != 0 for i in range(n) for j in range(n) if (i, j) not in inside):
        raise CertificateError(rule, "D has entries outside its diagonal blocks")
    permuted = Matrix(n, n, [[M.rows[perm[i]][perm[j]] for j in range(n)] for i in range(n)])
    if matmul(matmul(L, D), L.T) != permuted:
        raise CertificateError(rule, "P^T M P != L D L^T")
    value = ob.get("value")
    if value != counts:
        raise CertificateError(rule, f"claimed inertia {value!r}, the blocks give {counts}")
    return ("inertia", name, tuple(counts))


def check_detbool(ob, objects):
    """DetBool(M) = 1 iff the bipartite support graph has a perfect matching (a nonzero term of the
    permutation expansion); = 0 is witnessed by Hall's theorem: rows S whose nonzero columns number
    fewer than |S| admit no matching."""
    rule = "detbool"
    name, M = _object(ob, "matrix", objects, rule)
    n = M.nrows
    if M.ncols != n:
        raise CertificateError(rule, "matrix is not square")
    value = ob.get("value")
    if value == 1 and not isinstance(value, bool):
        match = _indices(ob, "matching", n, rule)
        if len(match) != n:
            raise CertificateError(rule, "matching must give a column for every row")
        for i, j in enumerate(match):
            if M.rows[i][j] == 0:
                raise CertificateError(rule, f"matched entry ({i}, {j}) is zero")
        return ("detbool", name, 1)
    if value == 0 and not isinstance(value, bool):
        rows = _indices(ob, "hall_rows", n, rule)
        seen = {j for i in rows for j in range(n) if M.rows[i][j] != 0}
        if len(seen) >= len(rows):
            raise CertificateError(rule, f"rows {rows} see {len(seen)} columns: no Hall violation")
        return ("detbool", name, 0)
    raise CertificateError(rule, f"value must be 0 or 1, got {value!r}")


def check_solve(ob, objects):
    """M x = rhs has the solution x (checked by exact multiplication)."""
    name, M = _object(ob, "matrix", objects, "solve")
    bname, b = _object(ob, "rhs", objects, "solve")
    x = decode_matrix(ob.get("x"), "x")
    if set(x.variables()) - set(M.variables()) - set(b.variables()):  # x is reported: over the problem's field
        raise CertificateError("solve", f"x has a variable the problem does not: {x.variables()}")
    if x.nrows != M.ncols or x.ncols != b.ncols or M.nrows != b.nrows or not _solves(M, x, b):
        raise CertificateError("solve", "M x != rhs")
    return ("solvable", name, bname, True, x)


def _solves(M, x, b):
    """M x == b exactly.  Integer M and rational x: column c of x is y / d with d the lcm of its
    denominators and y integer, and M x_c = b_c iff M y = d b_c (integer dot products, far faster
    than sums of Fractions for large entries).  Otherwise the generic exact product."""
    if M.is_polynomial() or x.is_polynomial() or b.is_polynomial() or \
            not all(isinstance(a, int) for row in M.rows for a in row):
        return matmul(M, x) == b
    for c in range(x.ncols):
        col = [x.rows[i][c] for i in range(x.nrows)]
        d = lcm(*[v.denominator for v in col]) if col else 1
        y = [int(v * d) for v in col]
        for i, row in enumerate(M.rows):
            if sum(a * v for a, v in zip(row, y) if a) != d * b.rows[i][c]:
                return False
    return True


def check_inconsistent(ob, objects):
    """M X = rhs has no solution.  Lemma (Fredholm alternative): if y^T M = 0 then y^T M X = 0
    for every X, so y^T rhs != 0 rules every X out."""
    rule = "inconsistent"
    name, M = _object(ob, "matrix", objects, rule)
    bname, b = _object(ob, "rhs", objects, rule)
    y = decode_matrix(ob.get("y"), "y")
    if y.shape != (M.nrows, 1) or b.nrows != M.nrows:
        raise CertificateError(rule, "y must be a column with one entry per row of M")
    if any(x != 0 for x in matmul(y.T, M).entries()):
        raise CertificateError(rule, "y^T M != 0")
    if all(x == 0 for x in matmul(y.T, b).entries()):
        raise CertificateError(rule, "y^T rhs == 0")
    return ("solvable", name, bname, False, None)


RULES = {"rank_ge": check_rank_ge, "rank_le": check_rank_le, "det": check_det, "inertia": check_inertia,
         "detbool": check_detbool, "solve": check_solve, "inconsistent": check_inconsistent,
         LOG_RULE: check_log_minor_nonzero, FRACTION_RULE: check_det_fraction,
         RESIDUES_RULE: check_det_residues}  # optional: logdet.py, ratfunc.py, detmod.py


def check_obligation(ob, objects):
    """Check one obligation dict against the problem objects; returns the fact it establishes."""
    if not isinstance(ob, dict) or ob.get("rule") not in RULES:
        rule = ob.get("rule") if isinstance(ob, dict) else None
        raise CertificateError("format", f"unknown rule {rule!r}")
    return RULES[ob["rule"]](ob, objects)


__all__ = ["RULES", "check_obligation", "det_exact", "nonsingular_mod_p"]
