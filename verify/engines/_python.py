"""The plain-Python backend: `Fraction` elimination, modular elimination, `Poly` arithmetic."""


from ..kernel.exact import norm
from . import dense, polyalg


class Rational:
    """A rational matrix prepared for repeated exact and modular questions."""

    name = "python"

    def __init__(self, M):
        self.m, self.n = M.shape
        self.rows = [list(r) for r in M.rows]

    def pivots_mod(self, p):
        """(rank mod p, rows I, cols J) with det M[I,J] != 0 mod p, or None if p | a denominator."""
        A = dense.reduce_mod(self.rows, p)
        return None if A is None else dense.pivots_mod(A, self.n, p)

    def right_kernel(self):
        return [dense.primitive(v) for v in dense.nullspace(self.rows, self.n)]

    def left_kernel(self):
        return [dense.primitive(v) for v in dense.nullspace([list(c) for c in zip(*self.rows)], self.m)]

    def exact_pivots(self):
        _, J = dense.rref(self.rows, self.n)
        sub_t = [[self.rows[i][j] for i in range(self.m)] for j in J]
        _, I = dense.rref(sub_t, self.m)
        return I, J

    def det(self):
        return dense.det_bareiss(self.rows)


def pivots_mod(rows, ncols, p):
    """Pivot search mod p on a list of rational rows (None when p divides a denominator)."""
    A = dense.reduce_mod(rows, p)
    return None if A is None else dense.pivots_mod(A, ncols, p)


class PolyRing:
    """Kernel `Poly` entries with exact division by lex-order polynomial division."""

    name = "python"

    def __init__(self, variables):
        self.variables = variables

    zero, one = 0, 1

    def convert(self, M):
        return [list(r) for r in M.rows]

    def to_entry(self, x):
        return norm(x) if not isinstance(x, int) else x

    def div(self, a, b):
        return polyalg.poly_exact_div(a, b)

    gcd = None

    def det(self, M):
        return self.to_entry(polyalg.bareiss_det(self.convert(M), self.div, 0, 1))

    def right_kernel(self, M, I, J):
        A = [list(M.rows[i]) for i in I]
        vecs = polyalg.block_kernel(A, list(J), M.ncols, self.div, 0)
        return [[self.to_entry(x) for x in v] for v in vecs]

    def times_is_zero(self, M, vecs):
        for row in M.rows:
            for v in vecs:
                s = 0
                for a, b in zip(row, v):
                    if a != 0 and b != 0:
                        s = s + a * b
                if s != 0:
                    return False
        return True
