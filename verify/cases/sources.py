"""Leaf matrix sources of case files: inline rows, files, identity, zeros, random, symbolic.

Every reader checks the shape against `max_entries` *before* it builds the matrix (raising
`verify.errors.Unknown`), and raises `InputError` (message plus optional key suffix) for malformed
input; the expression evaluator adds file, case and key.

Files (paths relative to the case file) are read only from inside the case file's directory tree,
or from a directory the user allowed (`allow_data_paths`, i.e. `verify run --allow-path DIR`): the
path is resolved first (`..`, absolute paths and symbolic links, at every component), and a file
that resolves outside is refused with an error that names it.  The policy is a setting of this
process (forked workers inherit it); `allowed_data_paths()` reads it.
- `.npy`: a 2-D array of integer dtype (signed or unsigned), read with `allow_pickle=False`; the
  header is read first (memory map), so shape and dtype are checked before any data is.  With
  `{file: W.npy, exact_floats: true}` a float array (float16/32/64/longdouble) is accepted too: each
  binary float is read as the exact dyadic rational it is (`float.as_integer_ratio`), never
  rounded; NaN and infinities are errors naming the entry.
- `.csv`: one row per line, entries separated by commas: integers, `p/q`, decimals (`0.125`,
  `1.5e-3`, read exactly).  Blank lines and lines starting with `#` are skipped.
- `.mtx`: Matrix Market, `coordinate` or `array`; field `integer`, `real` (entries read exactly as
  decimal text), `rational` (an extension: entries `p/q`) or `pattern` (ones); symmetry `general`,
  `symmetric` or `skew-symmetric`.  `complex` / `hermitian` are rejected.  Indices are 1-based and a
  repeated coordinate is an error.
"""

import csv
import io
import os
import re
from fractions import Fraction

from ..errors import Unknown
from ..kernel.arrays import IntArrayMatrix
from ..kernel.exact import Matrix, norm
from ..builders import matrices as builders
from ..builders.matrices import identity
from ..builders.matrices import zeros
from ..kernel.poly import Poly
from . import randgen
from .numbers import FloatLiteral, InputError, OddLiteral, describe, did_you_mean, float_error, parse_int, parse_number, parse_number_text
from .polyparse import parse_poly

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
MAX_DIM = 10 ** 9
ARRAY_THRESHOLD = 65_536  # integer matrices with at least this many entries are built as IntArrayMatrix
MAX_FILE_BYTES = 1 << 31


def check_size(m, n, max_entries, what):
    """Raise Unknown when an m x n object would exceed `max_entries` (before building it)."""
    if m * n > max_entries:
        raise Unknown(f"{what} would be {m} x {n} = {m * n} entries, beyond the limit of {max_entries} "
                      f"(raise limits.max_entries to allow it)")


def parse_entry(value):
    """An exact matrix entry: int, `p/q` / decimal string, or a polynomial string."""
    if isinstance(value, bool):
        raise InputError(f"expected a number or a polynomial string, got the boolean {str(value).lower()}")
    if isinstance(value, int):
        return value
    if isinstance(value, FloatLiteral):
        raise float_error(value)
    if isinstance(value, OddLiteral):
        return parse_number(value)  # raises
    if isinstance(value, str):
        try:
            return parse_number_text(value)
        except InputError:
            return parse_poly(value)
    raise InputError(f"expected a number or a polynomial string, got {describe(value)}")


# ------------------------------------------------------------------------------------ inline rows
def inline_rows(value, max_entries):
    """A matrix from a list of rows; sub-keys `[i]` / `[i][j]` (1-based, as in every message)
    locate errors.  `[]` is the 0 x 0 matrix and `[[], []]` the 2 x 0 one (0 x n: `{zeros: [0, n]}`)."""
    if not isinstance(value, list):
        raise InputError(f"a matrix is a list of rows, e.g. [[1, 2], [3, 4]], got {describe(value)}")
    ncols = None
    for i, row in enumerate(value, 1):
        if not isinstance(row, list):
            raise InputError(f"row {i} is not a list (a matrix is a list of rows, e.g. [[1, 2], [3, 4]])", f"[{i}]")
        if ncols is None:
            ncols = len(row)
        elif len(row) != ncols:
            raise InputError(f"rows are not of equal length: row 1 has {ncols} entries, row {i} has {len(row)}", f"[{i}]")
    ncols = ncols or 0
    check_size(len(value), ncols, max_entries, "the inline matrix")
    rows = []
    for i, row in enumerate(value, 1):
        out = []
        for j, x in enumerate(row, 1):
            if type(x) is int:
                out.append(x)
                continue
            try:
                out.append(parse_entry(x))
            except InputError as e:
                raise InputError(e.message, f"[{i}][{j}]") from None
        rows.append(out)
    return Matrix(len(rows), ncols, rows)


# ------------------------------------------------------------------------------------ generators
def shape_pair(value, what="shape"):
    if not isinstance(value, list) or len(value) != 2:
        raise InputError(f"{what} must be a list [rows, columns], got {describe(value)}")
    return (parse_int(value[0], minimum=0, maximum=MAX_DIM, what="a row count"),
            parse_int(value[1], minimum=0, maximum=MAX_DIM, what="a column count"))


def identity_source(value, max_entries):
    n = parse_int(value, minimum=0, maximum=MAX_DIM, what="a size n")
    check_size(n, n, max_entries, "the identity matrix")
    return identity(n)


def zeros_source(value, max_entries):
    m, n = shape_pair(value)
    check_size(m, n, max_entries, "the zero matrix")
    return zeros(m, n)


RANDOM_KEYS = ("shape", "low", "high", "seed")


def random_source(value, max_entries):
    """`{shape: [m, n], low: L, high: H, seed: S}`: generator `verify-random/1` (see randgen)."""
    if not isinstance(value, dict):
        raise InputError(f"random needs a mapping {{shape: [m, n], low: L, high: H, seed: S}}, got {describe(value)}")
    missing = [k for k in RANDOM_KEYS if k not in value]
    extra = sorted(str(k) for k in value if k not in RANDOM_KEYS)
    if missing or extra:
        raise InputError(f"random takes exactly the keys {', '.join(RANDOM_KEYS)}"
                         + (f"; missing {', '.join(missing)}" if missing else "")
                         + (f"; unknown {', '.join(extra)}" if extra else "")
                         + (did_you_mean(extra[0], RANDOM_KEYS) if extra else ""))
    try:
        m, n = shape_pair(value["shape"])
    except InputError as e:
        raise InputError(e.message, ".shape") from None
    try:
        low = parse_int(value["low"], what="an integer low")
    except InputError as e:
        raise InputError(e.message, ".low") from None
    try:
        high = parse_int(value["high"], what="an integer high")
    except InputError as e:
        raise InputError(e.message, ".high") from None
    try:
        seed = parse_int(value["seed"], minimum=0, maximum=randgen.MASK, what="a seed")
    except InputError as e:
        raise InputError(e.message, ".seed") from None
    if high < low:
        raise InputError(f"high ({high}) is below low ({low})", ".high")
    if high - low + 1 > 1 << 64:
        raise InputError("the range high - low + 1 may not exceed 2**64", ".high")
    check_size(m, n, max_entries, "the random matrix")
    if m * n >= ARRAY_THRESHOLD:
        arr = randgen.random_array(m * n, low, high, seed)
        if arr is not None:
            return IntArrayMatrix(arr.reshape(m, n))
    vals = randgen.random_values(m * n, low, high, seed)
    return Matrix(m, n, [vals[i * n:(i + 1) * n] for i in range(m)])


# ------------------------------------------------------------------------------------ named matrices
def _size(value, what):
    return parse_int(value, minimum=0, maximum=MAX_DIM, what=what)


def _entries(value, what, sub=""):
    if not isinstance(value, list):
        raise InputError(f"{what} must be a list of numbers, got {describe(value)}", sub)
    out = []
    for i, x in enumerate(value, 1):
        try:
            out.append(parse_entry(x))
        except InputError as e:
            raise InputError(e.message, f"{sub}[{i}]") from None
    return out


def hilbert_source(value, max_entries):
    """`{hilbert: n}`: H_ij = 1/(i + j - 1)."""
    n = _size(value, "a size n")
    check_size(n, n, max_entries, "the Hilbert matrix")
    return builders.hilbert(n)


def vandermonde_source(value, cols, max_entries):
    """`{vandermonde: [x_1, ..., x_m]}` (entries x_i^(j-1); `cols: k` columns, default m) or
    `{vandermonde: n}` (the points 1, ..., n)."""
    if isinstance(value, list):
        points = _entries(value, "vandermonde points")
    else:
        points = list(range(1, _size(value, "a size n (the points 1..n) or a list of points") + 1))
    k = len(points)
    if cols is not None:
        try:
            k = _size(cols, "a column count")
        except InputError as e:
            raise InputError(e.message, ".cols") from None
    check_size(len(points), k, max_entries, "the Vandermonde matrix")
    return builders.vandermonde(points, k)


def cauchy_source(value, max_entries):
    """`{cauchy: [[x_1, ..., x_m], [y_1, ..., y_n]]}`: C_ij = 1/(x_i - y_j); `{cauchy: n}`: x_i = i,
    y_j = -j (C_ij = 1/(i + j))."""
    if isinstance(value, list):
        if len(value) != 2:
            raise InputError(f"cauchy takes [[x_1, ...], [y_1, ...]] or a size n, got {describe(value)}")
        xs, ys = _entries(value[0], "the x points", "[1]"), _entries(value[1], "the y points", "[2]")
    else:
        n = _size(value, "a size n or [[x_1, ...], [y_1, ...]]")
        xs, ys = list(range(1, n + 1)), [-j for j in range(1, n + 1)]
    if any(not isinstance(x, (int, Fraction)) for x in xs + ys):
        raise InputError("cauchy points must be numbers")
    check_size(len(xs), len(ys), max_entries, "the Cauchy matrix")
    try:
        return builders.cauchy(xs, ys)
    except ValueError as e:
        raise InputError(str(e)) from None


def circulant_source(value, max_entries):
    """`{circulant: [c_1, ..., c_n]}`: the first row; each row is the previous one shifted right."""
    c = _entries(value, "circulant's first row")
    check_size(len(c), len(c), max_entries, "the circulant matrix")
    return builders.circulant(c)


def laplacian_source(value, n, max_entries):
    """`{laplacian: [[u, v], [u, v, w], ...], n: N}`: L = D - A of the undirected graph with these
    edges (vertices 1..N, default the largest vertex named; weight w, default 1)."""
    if not isinstance(value, list):
        raise InputError(f"laplacian takes an edge list [[u, v], ...] (vertices 1-based), got {describe(value)}")
    edges, seen = [], {}
    for k, e in enumerate(value, 1):
        if not isinstance(e, list) or len(e) not in (2, 3):
            raise InputError(f"edge {k} must be [u, v] or [u, v, weight], got {describe(e)}", f"[{k}]")
        try:
            u = parse_int(e[0], minimum=1, maximum=MAX_DIM, what="a vertex (1-based)")
            v = parse_int(e[1], minimum=1, maximum=MAX_DIM, what="a vertex (1-based)")
            w = parse_number(e[2]) if len(e) == 3 else 1
        except InputError as err:
            raise InputError(err.message, f"[{k}]") from None
        if u == v:
            raise InputError(f"edge {k} is a loop at vertex {u} (a loop does not change the Laplacian)", f"[{k}]")
        key = (min(u, v), max(u, v))
        if key in seen:
            raise InputError(f"edge {k} repeats edge {seen[key]} ({u}, {v})", f"[{k}]")
        seen[key] = k
        edges.append((u, v, w))
    top = max((max(u, v) for u, v, _ in edges), default=0)
    if n is None:
        size = top
    else:
        try:
            size = _size(n, "a vertex count")
        except InputError as e:
            raise InputError(e.message, ".n") from None
        if size < top:
            raise InputError(f"an edge names vertex {top}, beyond n = {size}", ".n")
    check_size(size, size, max_entries, "the graph Laplacian")
    return builders.laplacian(size, edges)


def hadamard_source(value, max_entries):
    """`{hadamard: n}`: the Sylvester-Hadamard matrix of order n (1, 2, 4, 8, ...)."""
    n = parse_int(value, minimum=1, maximum=MAX_DIM, what="an order n (a power of 2)")
    if n & (n - 1):
        raise InputError(f"the Sylvester construction needs an order that is a power of 2, got {n}")
    check_size(n, n, max_entries, "the Hadamard matrix")
    return builders.hadamard(n)


def symbolic_source(value, name, max_entries):
    """`{symbolic: [m, n], name: x}`: entry (i, j) is the variable `x_i_j` (1-based i and j)."""
    m, n = shape_pair(value)
    if not isinstance(name, str) or not IDENT.fullmatch(name):
        raise InputError(f"name must be an identifier [A-Za-z_][A-Za-z0-9_]*, got {describe(name)}", ".name")
    check_size(m, n, max_entries // 16, "the symbolic matrix (polynomial: max_entries / 16)")
    return Matrix(m, n, [[Poly.var(f"{name}_{i + 1}_{j + 1}") for j in range(n)] for i in range(m)])


# ------------------------------------------------------------------------------------ files
_ALLOWED_DIRS = ()  # directories besides the case file's own tree that data files may come from


def allow_data_paths(dirs):
    """Allow data files from inside each directory of `dirs` too (resolved now; () allows only the
    case file's tree).  Returns the previous setting, for restoring."""
    global _ALLOWED_DIRS
    previous = _ALLOWED_DIRS
    _ALLOWED_DIRS = tuple(os.path.realpath(d) for d in dirs or ())
    return previous


def allowed_data_paths():
    return _ALLOWED_DIRS


def _inside(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def data_file_path(value, base_dir):
    """The resolved path of data file `value` of a case in `base_dir`; InputError when it lies
    outside the case file's directory tree and every allowed directory."""
    path = os.path.join(base_dir, value)
    real, tree = os.path.realpath(path), os.path.realpath(base_dir)
    if _inside(real, tree) or any(_inside(real, d) for d in _ALLOWED_DIRS):
        return real
    raise InputError(f"data file {value!r} resolves to {real}, outside the case file's directory {tree}: "
                     f"data files are read only from the case file's directory tree (allow another "
                     f"directory with `verify run --allow-path DIR`)")


def file_source(value, base_dir, max_entries, exact_floats=False):
    if type(exact_floats) is not bool:
        raise InputError(f"exact_floats must be true or false, got {describe(exact_floats)}")
    if exact_floats and isinstance(value, str) and os.path.splitext(value)[1].lower() != ".npy":
        raise InputError("exact_floats applies to .npy files only (.csv and .mtx entries are exact decimal text)")
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"file needs a path (relative to the case file), got {describe(value)}")
    ext = os.path.splitext(value)[1].lower()
    readers = {".npy": read_npy, ".csv": read_csv, ".mtx": read_mtx}
    if ext not in readers:
        raise InputError(f"unsupported matrix file type '{ext or value}' (use .npy, .csv or .mtx)")
    data_file_path(value, base_dir)
    path = os.path.join(base_dir, value)
    if not os.path.isfile(path):
        raise InputError(f"no such file: {path}")
    if os.path.getsize(path) > MAX_FILE_BYTES:
        raise InputError(f"file {path} is larger than {MAX_FILE_BYTES} bytes")
    if exact_floats:
        return read_npy(path, max_entries, exact_floats=True)
    return readers[ext](path, max_entries)


def read_npy(path, max_entries, exact_floats=False):
    import numpy as np

    try:
        arr = np.load(path, mmap_mode="r", allow_pickle=False)
    except Exception as e:  # numpy raises ValueError, OSError, ... on bad files
        raise InputError(f"cannot read {path} as .npy (integer arrays only, no pickles): {e}") from None
    if not isinstance(arr, np.ndarray):
        raise InputError(f"{path} is not a single .npy array")
    if arr.dtype.kind == "f" and exact_floats:
        return _exact_float_matrix(arr, path, max_entries)
    if arr.dtype.kind not in "iu":
        hint = "; or add exact_floats: true to read each binary float exactly" if arr.dtype.kind == "f" else ""
        raise InputError(f"{path}: dtype {arr.dtype} is not an integer dtype (store exact integers; "
                         f"write rationals in .csv or .mtx as p/q{hint})")
    if arr.ndim != 2:
        raise InputError(f"{path}: a matrix file needs a 2-D array, got shape {arr.shape}")
    m, n = arr.shape
    check_size(m, n, max_entries, f"the matrix in {path}")
    if m * n >= ARRAY_THRESHOLD and (arr.dtype.kind == "i" or int(arr.max()) < 1 << 63):
        return IntArrayMatrix(np.ascontiguousarray(arr, dtype=np.int64))
    return Matrix(m, n, np.asarray(arr).tolist())


def _exact_float_matrix(arr, path, max_entries):
    """A float array read exactly: each binary float is the dyadic rational it denotes."""
    import numpy as np

    if arr.ndim != 2:
        raise InputError(f"{path}: a matrix file needs a 2-D array, got shape {arr.shape}")
    m, n = arr.shape
    check_size(m, n, max_entries, f"the matrix in {path}")
    bad = np.argwhere(~np.isfinite(arr))
    if len(bad):
        i, j = (int(k) for k in bad[0])
        raise InputError(f"{path}: entry ({i + 1}, {j + 1}) is {arr[i, j]}, not a finite number "
                         "(exact_floats reads finite binary floats only)")
    if arr.dtype.itemsize <= 8:  # float16/32/64: a Python float holds each value exactly
        rows = [[norm(Fraction(x)) for x in r] for r in np.asarray(arr, dtype=np.float64).tolist()]
    else:  # longdouble: wider than a Python float, read each value's own ratio
        rows = [[norm(Fraction(*arr[i, j].as_integer_ratio())) for j in range(n)] for i in range(m)]
    return Matrix(m, n, rows)


def _file_number(text):
    """An exact number from file text: integer, p/q, decimal, or decimal with exponent (exactly);
    the one number reader of `numbers`."""
    return parse_number_text(text.strip())


def read_csv(path, max_entries):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}") from None
    rows = []
    ncols = None
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or (len(row) == 1 and not row[0].strip()) or row[0].lstrip().startswith("#"):
            continue
        if ncols is None:
            ncols = len(row)
        elif len(row) != ncols:
            raise InputError(f"{path}, line {lineno}: {len(row)} entries where earlier rows have {ncols}")
        rows.append((lineno, row))
        check_size(len(rows), ncols, max_entries, f"the matrix in {path}")
    if not rows:
        raise InputError(f"{path}: no rows (an empty matrix is written [] or {{zeros: [0, n]}} in the case file)")
    out = []
    for lineno, row in rows:
        r = []
        for j, x in enumerate(row):
            try:
                r.append(_file_number(x))
            except InputError as e:
                raise InputError(f"{path}, line {lineno}, column {j + 1}: {e.message}") from None
        out.append(r)
    return Matrix(len(out), ncols, out)


def read_mtx(path, max_entries):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}") from None
    if not lines or not lines[0].lower().startswith("%%matrixmarket"):
        raise InputError(f"{path}: the first line must be a %%MatrixMarket header")
    head = lines[0].split()
    if len(head) != 5 or head[1].lower() != "matrix":
        raise InputError(f"{path}: header must read '%%MatrixMarket matrix <format> <field> <symmetry>'")
    fmt, field, sym = (h.lower() for h in head[2:])
    if fmt not in ("coordinate", "array"):
        raise InputError(f"{path}: format '{fmt}' is not coordinate or array")
    if field not in ("integer", "real", "rational", "pattern"):
        raise InputError(f"{path}: field '{field}' is not supported (integer, real, rational, pattern)")
    if sym not in ("general", "symmetric", "skew-symmetric"):
        raise InputError(f"{path}: symmetry '{sym}' is not supported (general, symmetric, skew-symmetric)")
    if field == "pattern" and fmt == "array":
        raise InputError(f"{path}: the pattern field needs the coordinate format")
    body = [(k + 1, ln.split()) for k, ln in enumerate(lines) if k > 0 and ln.strip() and not ln.lstrip().startswith("%")]
    if not body:
        raise InputError(f"{path}: missing the size line")
    (size_line, size), data = body[0], body[1:]

    def ints(tokens, lineno, what):
        try:
            return [parse_int(t, minimum=0, what=what) for t in tokens]
        except InputError as e:
            raise InputError(f"{path}, line {lineno}: {e.message}") from None

    def value(tok, lineno):
        try:
            return _file_number(tok)
        except InputError as e:
            raise InputError(f"{path}, line {lineno}: {e.message}") from None

    want = 3 if fmt == "coordinate" else 2
    if len(size) != want:
        raise InputError(f"{path}, line {size_line}: the size line needs {want} integers")
    dims = ints(size, size_line, "a size")
    m, n = dims[0], dims[1]
    if sym != "general" and m != n:
        raise InputError(f"{path}: a {sym} matrix must be square, got {m} x {n}")
    check_size(m, n, max_entries, f"the matrix in {path}")
    sign = -1 if sym == "skew-symmetric" else 1
    if fmt == "coordinate":
        nnz = dims[2]
        if len(data) != nnz:
            raise InputError(f"{path}: the size line announces {nnz} entries, found {len(data)}")
        entries = {}
        for lineno, toks in data:
            if len(toks) != (2 if field == "pattern" else 3):
                raise InputError(f"{path}, line {lineno}: expected 'row column{'' if field == 'pattern' else ' value'}'")
            i, j = ints(toks[:2], lineno, "an index")
            if not (1 <= i <= m and 1 <= j <= n):
                raise InputError(f"{path}, line {lineno}: index ({i}, {j}) outside 1..{m} x 1..{n}")
            if sym != "general" and (j > i or (sym == "skew-symmetric" and i == j)):
                raise InputError(f"{path}, line {lineno}: a {sym} file lists only the "
                                 f"{'strictly ' if sym == 'skew-symmetric' else ''}lower triangle")
            if (i, j) in entries:
                raise InputError(f"{path}, line {lineno}: entry ({i}, {j}) given twice")
            entries[(i, j)] = 1 if field == "pattern" else value(toks[2], lineno)
        rows = [[0] * n for _ in range(m)]
        for (i, j), v in entries.items():
            rows[i - 1][j - 1] = v
            if sym != "general" and i != j:
                rows[j - 1][i - 1] = norm(sign * v)
        return Matrix(m, n, rows)
    # array: column-major; symmetric files list the lower triangle column by column
    if sym == "general":
        positions = [(i, j) for j in range(n) for i in range(m)]
    else:
        positions = [(i, j) for j in range(n) for i in range(j + (sym == "skew-symmetric"), m)]
    flat = [(lineno, t) for lineno, toks in data for t in toks]
    if len(flat) != len(positions):
        raise InputError(f"{path}: expected {len(positions)} values, found {len(flat)}")
    rows = [[0] * n for _ in range(m)]
    for (i, j), (lineno, tok) in zip(positions, flat):
        v = value(tok, lineno)
        rows[i][j] = v
        if sym != "general" and i != j:
            rows[j][i] = norm(sign * v)
    return Matrix(m, n, rows)
