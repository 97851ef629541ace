"""Large integer matrices held in numpy arrays, for the large-matrix rules (`modular.py`).

The class itself never imports numpy: it uses the array's `shape`, `dtype`, `tobytes` and `tolist`.
Its content hash is the one of `exact.matrix_hash` for integer matrices (little-endian int64
bytes), so an `IntArrayMatrix` and a `Matrix` with the same entries are the same object to the
checker.
"""

from .exact import Matrix


class IntArrayMatrix(Matrix):
    """An integer matrix held in a 2-D int64 array (numpy), for large matrices.

    The kernel never imports numpy for it: it uses the array's `shape`, `tobytes` and `tolist`, and
    hands it to `kernel.modular` for the large-matrix rules.  `rows` is materialised on first use
    (a tuple of tuples of Python ints), so every generic rule still applies to it.
    """

    __slots__ = ("array", "_rows")

    def __init__(self, arr):  # noqa: D107 - no call to Matrix.__init__: rows are lazy
        if len(arr.shape) != 2 or str(arr.dtype) != "int64":
            raise ValueError("IntArrayMatrix needs a 2-D int64 array")
        self.array = arr
        self.nrows, self.ncols = int(arr.shape[0]), int(arr.shape[1])
        self._rows = None
        self._hash = None

    @property
    def rows(self):
        if self._rows is None:
            self._rows = tuple(tuple(r) for r in self.array.tolist())
        return self._rows

    def int64_bytes(self):
        return self.array.astype("<i8", copy=False).tobytes(order="C")

    def is_polynomial(self):
        return False

    def is_integer(self):
        return True

    def variables(self):
        return []

    def __eq__(self, other):
        if isinstance(other, IntArrayMatrix):
            return self.shape == other.shape and self.content_hash() == other.content_hash()
        # a Matrix may hold the same integers as Fraction(n, 1), whose content hash is the text form
        return isinstance(other, Matrix) and self.shape == other.shape and self.rows == other.rows

    def __hash__(self):
        return hash(self.content_hash())
