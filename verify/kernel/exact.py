"""Exact scalars and matrices for the checker, their canonical text, content hash and JSON form.

Scalars are `int` or `fractions.Fraction` (a Fraction with denominator 1 is normalised to `int`);
entries of polynomial matrices are `Poly`.  Nothing here ever touches a float.  Integers have no
digit limit here (Python's default refuses to convert integers over 4,300 digits to and from text,
which exact determinants and kernel bases exceed): importing the kernel lifts that limit.
"""

import hashlib
import sys
from array import array
from fractions import Fraction
from math import lcm

from .errors import CertificateError
from .poly import Poly

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

MAX_EXPONENT = 100_000  # a larger exponent in a certificate is refused (no legitimate certificate needs one)
MAX_DIGITS = 1_000_000  # digits of a numerator or denominator in text (decimal text converts in quadratic time)


def norm(x):
    """Canonical form of an entry: Fraction(n, 1) -> n, constant Poly -> its scalar."""
    if isinstance(x, bool):
        raise TypeError("a boolean is not an exact number")
    if isinstance(x, int):
        return x
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else x
    if isinstance(x, Poly):
        return norm(x.constant()) if x.is_constant() else x
    raise TypeError(f"not an exact entry: {type(x).__name__} {x!r}")


def is_scalar(x):
    return isinstance(x, (int, Fraction)) and not isinstance(x, bool)


def scalar_text(x):
    x = norm(x)
    if isinstance(x, int):
        return str(x)
    return f"{x.numerator}/{x.denominator}"


def entry_text(x):
    """Canonical text of an entry (used by the content hash)."""
    x = norm(x)
    if isinstance(x, Poly):
        terms = []
        for mono, c in x.sorted_terms():
            terms.append("*".join([scalar_text(c)] + [f"{v}^{e}" for v, e in mono]))
        return "poly(" + ";".join(terms) + ")"
    return scalar_text(x)


class Matrix:
    """An immutable exact matrix: `rows` is a tuple of `nrows` tuples of `ncols` entries."""

    __slots__ = ("nrows", "ncols", "rows", "_hash", "__weakref__")

    def __init__(self, nrows, ncols, rows):
        rows = tuple(tuple(r) for r in rows)
        if len(rows) != nrows or any(len(r) != ncols for r in rows):
            raise ValueError(f"matrix rows do not match the shape {nrows} x {ncols}")
        self.nrows, self.ncols, self.rows = nrows, ncols, rows
        self._hash = None

    @classmethod
    def from_rows(cls, rows, ncols=None):
        rows = [[norm(x) for x in r] for r in rows]
        if ncols is None:
            ncols = len(rows[0]) if rows else 0
        return cls(len(rows), ncols, rows)

    @property
    def shape(self):
        return (self.nrows, self.ncols)

    @property
    def T(self):
        return Matrix(self.ncols, self.nrows, zip(*self.rows) if self.nrows else [() for _ in range(self.ncols)])

    def __getitem__(self, i):
        return self.rows[i]

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.shape == other.shape and self.rows == other.rows

    def __hash__(self):
        return hash((self.shape, self.rows))

    def __repr__(self):
        rows = self.array[:8, :8].tolist() if hasattr(self, "array") else [r[:8] for r in self.rows[:8]]
        shown = (lambda x: x.to_text() if isinstance(x, Poly) else scalar_text(x))
        text = ", ".join("[" + ", ".join(map(shown, r)) + (", ..." if self.ncols > 8 else "") + "]" for r in rows)
        return f"Matrix({self.nrows}x{self.ncols}, [{text}{', ...' if self.nrows > 8 else ''}])"

    def entries(self):
        for r in self.rows:
            yield from r

    def is_polynomial(self):
        return any(isinstance(x, Poly) for x in self.entries())

    def is_integer(self):
        return all(isinstance(x, int) for x in self.entries())

    def variables(self):
        vs = set()
        for x in self.entries():
            if isinstance(x, Poly):
                vs.update(x.variables())
        return sorted(vs)

    def evaluate(self, point):
        """Substitute exact values for every variable; returns a rational Matrix."""
        return Matrix(self.nrows, self.ncols,
                      [[norm(x.evaluate(point)) if isinstance(x, Poly) else x for x in r] for r in self.rows])

    def submatrix(self, rows, cols):
        return Matrix(len(rows), len(cols), [[self.rows[i][j] for j in cols] for i in rows])

    def content_hash(self):
        if self._hash is None:
            self._hash = matrix_hash(self)
        return self._hash


_INT64 = 1 << 63


def _int64_bytes(rows):
    """Little-endian signed 64-bit bytes of an integer matrix, or None if an entry is out of range."""
    out = array("q")
    for r in rows:
        try:
            out.extend(r)
        except (TypeError, OverflowError):
            return None
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def matrix_hash(M):
    """`sha256:<hex>` identifying an exact matrix (CONTRACTS.md section 2).

    Integer matrices whose entries fit in signed 64 bits hash their little-endian int64 bytes
    (`verify-matrix/i64`), so a numpy-backed `IntArrayMatrix` hashes without leaving numpy; every
    other matrix hashes its canonical text (`verify-matrix/1`).  Both forms name the shape.
    """
    if hasattr(M, "int64_bytes"):  # an IntArrayMatrix (arrays.py)
        data = M.int64_bytes()
    elif M.is_integer():
        data = _int64_bytes(M.rows)
    else:
        data = None
    if data is not None:
        h = hashlib.sha256(f"verify-matrix/i64 {M.nrows} {M.ncols}\n".encode())
        h.update(data)
        return "sha256:" + h.hexdigest()
    h = hashlib.sha256(f"verify-matrix/1 {M.nrows} {M.ncols}\n".encode())
    for r in M.rows:
        h.update((" ".join(entry_text(x) for x in r) + "\n").encode())
    return "sha256:" + h.hexdigest()


# ---------------------------------------------------------------------------------- arithmetic
def _dot(row, col):
    pairs = [(a, b) for a, b in zip(row, col) if a and b]
    if any(isinstance(a, Poly) or isinstance(b, Poly) for a, b in pairs):
        return Poly.dot(pairs)
    return sum(a * b for a, b in pairs)


def integer_rows(M):
    """(A, L): the rows of the rational matrix M, each times the lcm of its denominators (so A is an
    integer matrix), and L the product of those lcms: det M = det A / L."""
    A, L = [], 1
    for row in M.rows:
        den = lcm(*[x.denominator for x in row if isinstance(x, Fraction)], 1)
        L *= den
        A.append([int(x * den) for x in row])
    return A, L


def matmul(A, B):
    if A.ncols != B.nrows:
        raise ValueError(f"cannot multiply {A.nrows}x{A.ncols} by {B.nrows}x{B.ncols}")
    cols = list(zip(*B.rows)) if B.nrows else [() for _ in range(B.ncols)]
    return Matrix(A.nrows, B.ncols, [[norm(_dot(r, c)) for c in cols] for r in A.rows])


def is_zero(A):
    return all(x == 0 for x in A.entries())


class Interval:
    """An integer or rational quantity known to lie in [lo, hi], lo < hi."""

    __slots__ = ("lo", "hi")

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def __eq__(self, other):
        return isinstance(other, Interval) and (self.lo, self.hi) == (other.lo, other.hi)

    def __repr__(self):
        return f"Interval({self.lo}, {self.hi})"


def between(lo, hi):
    """The exact value when lo == hi, else the interval [lo, hi]."""
    if lo > hi:
        raise CertificateError("facts", f"contradictory bounds {lo} > {hi}")
    return lo if lo == hi else Interval(lo, hi)


# ---------------------------------------------------------------------------------- JSON form
def encode_entry(x):
    x = norm(x)
    if isinstance(x, int):
        return x
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}"
    return {"poly": [[encode_entry(c), {v: e for v, e in mono}] for mono, c in x.sorted_terms()]}


def _decode_scalar(x, where):
    if isinstance(x, bool) or isinstance(x, float):
        raise CertificateError("format", f"{where}: inexact or boolean number {x!r}")
    if isinstance(x, int):
        return x
    if isinstance(x, str):
        s = x.strip()
        num, _, den = s.partition("/")
        if max(len(num), len(den)) > MAX_DIGITS + 1:
            raise CertificateError("format", f"{where}: a number of more than {MAX_DIGITS} digits")
        try:
            if not all(part.lstrip("-").isdigit() and part.isascii() for part in ([num, den] if den else [num])):
                raise ValueError
            q = Fraction(int(num), int(den)) if den else Fraction(int(num))
        except (ValueError, ZeroDivisionError):
            raise CertificateError("format", f"{where}: not an exact rational {x!r}") from None
        return norm(q)
    raise CertificateError("format", f"{where}: not an exact number {x!r}")


def decode_entry(x, where="entry"):
    if isinstance(x, dict):
        if set(x) != {"poly"} or not isinstance(x["poly"], list):
            raise CertificateError("format", f"{where}: bad polynomial {x!r}")
        terms = {}
        for term in x["poly"]:
            if not (isinstance(term, list) and len(term) == 2 and isinstance(term[1], dict)):
                raise CertificateError("format", f"{where}: bad polynomial term {term!r}")
            c = _decode_scalar(term[0], where)
            mono = []
            for v, e in sorted(term[1].items()):
                if not isinstance(v, str) or not isinstance(e, int) or isinstance(e, bool) or not 1 <= e <= MAX_EXPONENT:
                    raise CertificateError("format", f"{where}: bad exponent {e!r} of {v!r}")
                mono.append((v, e))
            terms[tuple(mono)] = terms.get(tuple(mono), 0) + c
        return norm(Poly(terms))
    return _decode_scalar(x, where)


def encode_matrix(M):
    return {"shape": [M.nrows, M.ncols], "rows": [[encode_entry(x) for x in r] for r in M.rows]}


def decode_matrix(obj, where="matrix"):
    try:
        m, n = obj["shape"]
        rows = obj["rows"]
    except (TypeError, KeyError, ValueError):
        raise CertificateError("format", f"{where}: a matrix needs 'shape' [m, n] and 'rows'") from None
    if not all(isinstance(k, int) and not isinstance(k, bool) and k >= 0 for k in (m, n)):
        raise CertificateError("format", f"{where}: bad shape {obj['shape']!r}")
    if not isinstance(rows, list) or len(rows) != m or any(not isinstance(r, list) or len(r) != n for r in rows):
        raise CertificateError("format", f"{where}: rows do not match the shape {m} x {n}")
    return Matrix(m, n, [[decode_entry(x, where) for x in r] for r in rows])
