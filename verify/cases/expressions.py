"""Matrix forms of case files and their exact evaluation.

A matrix form is one of
- a string: the name of an object defined under `let` (earlier or later entries; cycles are errors);
- a list of rows (numbers or polynomial strings);
- a mapping with exactly one operator key (plus that operator's options):

  | form | meaning |
  |---|---|
  | `{file: PATH}` | `.npy` / `.csv` / `.mtx`, relative to the case file (see `sources`) |
  | `{identity: n}`, `{zeros: [m, n]}` | |
  | `{random: {shape: [m, n], low: L, high: H, seed: S}}` | generator `verify-random/1` (see `randgen`) |
  | `{symbolic: [m, n], name: x}` | entry (i, j) is the variable `x_i_j`, i and j 1-based; `name` defaults to `x` |
  | `{hilbert: n}` | H_ij = 1/(i + j - 1) |
  | `{vandermonde: [x_1, ..., x_m], cols: k}` | V_ij = x_i^(j-1) (k columns, default m); `{vandermonde: n}`: points 1..n |
  | `{cauchy: [[x_1, ...], [y_1, ...]]}` | C_ij = 1/(x_i - y_j); `{cauchy: n}`: x_i = i, y_j = -j |
  | `{circulant: [c_1, ..., c_n]}` | first row c, each row the previous one shifted right |
  | `{laplacian: [[u, v], [u, v, w], ...], n: N}` | D - A of the graph with these edges (vertices 1..N, weight w default 1) |
  | `{hadamard: n}` | Sylvester-Hadamard matrix of order n (a power of 2) |
  | `{product: [A, B, ...]}` | A B ... (at least one factor) |
  | `{kron: [A, B, ...]}` | A (x) B (x) ... (at least two factors) |
  | `{khatri_rao: [A, B]}` | column-wise Khatri-Rao: column j is A_j (x) B_j |
  | `{khatri_rao_blocks: [A, B], rows: [[m_1, ...], [p_1, ...]], cols: [[n_1, ...], [q_1, ...]]}` | block-wise Khatri-Rao (A_ij (x) B_ij)_ij; the partitions may also be given as `rows_a`, `cols_a`, `rows_b`, `cols_b`; an omitted partition is one block |
  | `{tracy_singh: [A, B], rows_a: [..], cols_a: [..], rows_b: [..], cols_b: [..]}` | ((A_ij (x) B_kl)_kl)_ij; also `rows: [ra, rb]`, `cols: [ca, cb]`; omitted = one block |
  | `{transpose: A}` | |
  | `{hstack: [...]}`, `{vstack: [...]}`, `{block_diag: [...]}` | at least one block |
  | `{sum: [...]}` | at least one term, equal shapes |
  | `{scale: [c, A]}` | c times A; c a number or a polynomial string |

Operands are forms themselves (names, rows or mappings).  Before any object is built its shape is
computed from its operands' shapes and compared with `max_entries` (raising
`verify.errors.Unknown`); a product whose multiply-add count exceeds `max_work` is refused the same
way.  Objects with polynomial operands get `max_entries / 16` entries and `max_work / 256`
multiply-adds (a symbolic matrix counts as polynomial).  Malformed forms raise `CaseError(file, case, key, message)` with key paths such as
`let.A`, `matrix.khatri_rao[2]`, `let.B.random.seed`, `matrix[3][1]` (indices 1-based, as in every
message).
"""

from ..builders.products import check_partition, khatri_rao_blocks, khatri_rao_columns, matrix_product, tracy_singh
from ..errors import CaseError, Unknown
from ..builders.matrices import add, block_diag, hstack, kron, scale, vstack
from . import ratfunc, sources
from .numbers import InputError, describe, did_you_mean

MAX_ENTRIES = 4_000_000
MAX_WORK = 200_000_000
MAX_NESTING = 100  # nested forms (and let references) deeper than this are an error
POLY_FACTOR = 16  # polynomial objects: max_entries / 16 entries and max_work / 16**2 multiply-adds

OPERATORS = {
    # operator: allowed option keys
    "file": ("exact_floats",), "identity": (), "zeros": (), "random": (), "symbolic": ("name",),
    "product": (), "kron": (), "khatri_rao": (), "transpose": (), "hstack": (), "vstack": (),
    "block_diag": (), "sum": (), "scale": (),
    "khatri_rao_blocks": ("rows", "cols", "rows_a", "cols_a", "rows_b", "cols_b"),
    "tracy_singh": ("rows", "cols", "rows_a", "cols_a", "rows_b", "cols_b"),
    "hilbert": (), "vandermonde": ("cols",), "cauchy": (), "circulant": (), "laplacian": ("n",),
    "hadamard": (),
}


class Evaluator:
    """Builds the matrix forms of one case (memoising `let` names, detecting cycles)."""

    def __init__(self, file, case, base_dir, lets, *, max_entries=MAX_ENTRIES, max_work=MAX_WORK):
        self.file, self.case, self.base_dir = file, case, base_dir
        self.lets = lets or {}
        self.max_entries, self.max_work = max_entries, max_work
        self.done = {}
        self.stack = []
        self.depth = 0
        self.allow_rational = False  # rational-function rows (ratfunc.py): set by the checks that take them

    def error(self, key, message):
        return CaseError(self.file, self.case, key, message)

    # names ----------------------------------------------------------------------------------------
    def name(self, name, key):
        """The matrix defined as `let.<name>`; `key` is where the name is used."""
        if name in self.done:
            return self.done[name]
        if name not in self.lets:
            defined = ", ".join(sorted(map(str, self.lets))) or "none"
            raise self.error(key, f"undefined name '{name}' (defined under let: {defined})")
        if name in self.stack:
            cycle = self.stack[self.stack.index(name):] + [name]
            raise self.error(f"let.{cycle[0]}", "cycle in let: " + " -> ".join(cycle))
        self.stack.append(name)
        try:
            M = self.build(self.lets[name], f"let.{name}")
        finally:
            self.stack.pop()
        self.done[name] = M
        return M

    def build_all_lets(self):
        for name in self.lets:
            self.name(name, f"let.{name}")

    # forms ----------------------------------------------------------------------------------------
    def build(self, form, key):
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise self.error(key, f"matrix forms nested deeper than {MAX_NESTING} levels")
            return self._build(form, key)
        finally:
            self.depth -= 1

    def _build(self, form, key):
        if isinstance(form, str):
            return self.name(form, key)
        if isinstance(form, list):
            rows = ratfunc.inline_rows if self.allow_rational else sources.inline_rows
            return self.leaf(lambda: rows(form, self.max_entries), key)
        if not isinstance(form, dict):
            raise self.error(key, f"expected a matrix (a list of rows, a let name or a mapping such as "
                                  f"{{identity: 3}}), got {describe(form)}")
        ops = [k for k in form if k in OPERATORS]
        if len(ops) != 1:
            known = ", ".join(OPERATORS)
            if not ops:
                keys = ", ".join(map(str, form)) or "none"
                hint = did_you_mean(next(iter(form), None), OPERATORS) if len(form) == 1 else ""
                raise self.error(key, f"no matrix operator among the keys ({keys}){hint}; one of: {known}")
            raise self.error(key, f"a matrix form takes exactly one operator, got {', '.join(ops)}")
        op = ops[0]
        extra = [str(k) for k in form if k != op and k not in OPERATORS[op]]
        if extra:
            allowed = ", ".join(OPERATORS[op]) or "none"
            raise self.error(f"{key}.{extra[0]}", f"unknown option for {op}{did_you_mean(extra[0], OPERATORS[op])} "
                                                  f"(allowed options: {allowed})")
        return getattr(self, "op_" + op)(form[op], form, f"{key}.{op}")

    def leaf(self, make, key):
        try:
            return make()
        except InputError as e:
            raise self.error(key + e.sub, e.message) from None

    def check(self, m, n, key, what, operands=()):
        """Refuse (Unknown) an m x n result beyond max_entries, or beyond max_entries / POLY_FACTOR
        when an operand is polynomial (polynomial entries cost far more memory and time)."""
        limit = self.max_entries
        if any(M.is_polynomial() for M in operands):
            limit, what = self.max_entries // POLY_FACTOR, "the polynomial matrix " + what.removeprefix("the ")
        sources.check_size(m, n, limit, f"{what} at {key}")

    def operands(self, value, key, op, minimum, exactly=None):
        if not isinstance(value, list):
            raise self.error(key, f"{op} needs a list of matrices, got {describe(value)}")
        if exactly is not None and len(value) != exactly:
            raise self.error(key, f"{op} takes exactly {exactly} matrices, got {len(value)}")
        if len(value) < minimum:
            raise self.error(key, f"{op} needs at least {minimum} matrices, got {len(value)}")
        mats = [self.build(v, f"{key}[{i}]") for i, v in enumerate(value, 1)]
        for i, M in enumerate(mats, 1):
            self.no_rational(M, f"{key}[{i}]", op)
        return mats

    def no_rational(self, M, key, op):
        if isinstance(M, ratfunc.RationalMatrix):
            raise self.error(key, f"rational-function entries (a denominator with variables) are allowed only in a "
                                  f"matrix written as rows (or its transpose), not as an operand of {op}")

    # leaves
    def op_file(self, value, form, key):
        options = {"exact_floats": form["exact_floats"]} if "exact_floats" in form else {}
        return self.leaf(lambda: sources.file_source(value, self.base_dir, self.max_entries, **options), key)

    def op_identity(self, value, form, key):
        return self.leaf(lambda: sources.identity_source(value, self.max_entries), key)

    def op_zeros(self, value, form, key):
        return self.leaf(lambda: sources.zeros_source(value, self.max_entries), key)

    def op_random(self, value, form, key):
        return self.leaf(lambda: sources.random_source(value, self.max_entries), key)

    def op_hilbert(self, value, form, key):
        return self.leaf(lambda: sources.hilbert_source(value, self.max_entries), key)

    def op_vandermonde(self, value, form, key):
        base = key[: -len(".vandermonde")]
        try:
            return sources.vandermonde_source(value, form.get("cols"), self.max_entries)
        except InputError as e:
            raise self.error((base + e.sub) if e.sub.startswith(".") else key + e.sub, e.message) from None

    def op_cauchy(self, value, form, key):
        return self.leaf(lambda: sources.cauchy_source(value, self.max_entries), key)

    def op_circulant(self, value, form, key):
        return self.leaf(lambda: sources.circulant_source(value, self.max_entries), key)

    def op_laplacian(self, value, form, key):
        base = key[: -len(".laplacian")]
        try:
            return sources.laplacian_source(value, form.get("n"), self.max_entries)
        except InputError as e:
            raise self.error((base + e.sub) if e.sub.startswith(".") else key + e.sub, e.message) from None

    def op_hadamard(self, value, form, key):
        return self.leaf(lambda: sources.hadamard_source(value, self.max_entries), key)

    def op_symbolic(self, value, form, key):
        base = key[: -len(".symbolic")]
        try:
            return sources.symbolic_source(value, form.get("name", "x"), self.max_entries)
        except InputError as e:
            raise self.error((base + e.sub) if e.sub else key, e.message) from None

    # operations
    def op_product(self, value, form, key):
        mats = self.operands(value, key, "product", 1)
        work = 0
        m, k = mats[0].shape
        for i, B in enumerate(mats[1:], 2):
            if B.nrows != k:
                raise self.error(f"{key}[{i}]", f"cannot multiply: the product so far is {m} x {k}, "
                                                f"factor {i} is {B.nrows} x {B.ncols}")
            self.check(m, B.ncols, key, "the product", mats)
            work += m * k * B.ncols
            k = B.ncols
        max_work = self.max_work
        if any(A.is_polynomial() for A in mats):
            max_work //= POLY_FACTOR ** 2
        if work > max_work:
            raise Unknown(f"the product at {key} needs {work} multiply-adds, beyond the limit of "
                          f"{max_work} (raise limits.max_work to allow it)")
        M = mats[0]
        for B in mats[1:]:
            M = matrix_product(M, B)
        return M

    def op_kron(self, value, form, key):
        mats = self.operands(value, key, "kron", 2)
        m, n = 1, 1
        for A in mats:
            m, n = m * A.nrows, n * A.ncols
        self.check(m, n, key, "the Kronecker product", mats)
        M = mats[0]
        for B in mats[1:]:
            M = kron(M, B)
        return M

    def op_khatri_rao(self, value, form, key):
        A, B = self.operands(value, key, "khatri_rao", 2, exactly=2)
        if A.ncols != B.ncols:
            raise self.error(key, f"the column-wise Khatri-Rao product needs equal column counts, got "
                                  f"{A.nrows} x {A.ncols} and {B.nrows} x {B.ncols} (block-wise: khatri_rao_blocks)")
        self.check(A.nrows * B.nrows, A.ncols, key, "the Khatri-Rao product", (A, B))
        return khatri_rao_columns(A, B)

    def partitions(self, form, key, op, A, B):
        """rows_a, cols_a, rows_b, cols_b from either form of the options (None = one block)."""
        base = key[: -len("." + op)]
        pair_form = "rows" in form or "cols" in form
        single_form = any(k in form for k in ("rows_a", "cols_a", "rows_b", "cols_b"))
        if pair_form and single_form:
            raise self.error(base, f"{op}: give the partitions either as rows/cols pairs or as "
                                   f"rows_a/cols_a/rows_b/cols_b, not both")
        parts = {}
        if pair_form:
            for opt in ("rows", "cols"):
                if opt not in form:
                    parts[opt + "_a"] = parts[opt + "_b"] = None
                    continue
                v = form[opt]
                if not (isinstance(v, list) and len(v) == 2):
                    raise self.error(f"{base}.{opt}", f"{opt} must be a pair [[sizes of A], [sizes of B]], got {describe(v)}")
                parts[opt + "_a"], parts[opt + "_b"] = v
                parts[opt + "_a@"], parts[opt + "_b@"] = f"{base}.{opt}[1]", f"{base}.{opt}[2]"
        else:
            for opt in ("rows_a", "cols_a", "rows_b", "cols_b"):
                parts[opt] = form.get(opt)
        dims = {"rows_a": A.nrows, "cols_a": A.ncols, "rows_b": B.nrows, "cols_b": B.ncols}
        out = []
        for opt in ("rows_a", "cols_a", "rows_b", "cols_b"):
            where = parts.get(opt + "@", f"{base}.{opt}")
            v = parts[opt]
            if v is None:
                out.append((dims[opt],))
                continue
            try:
                out.append(check_partition(v, dims[opt], f"{opt} (dimension {dims[opt]})"))
            except ValueError as e:
                raise self.error(where, str(e)) from None
        return out

    def op_khatri_rao_blocks(self, value, form, key):
        A, B = self.operands(value, key, "khatri_rao_blocks", 2, exactly=2)
        ra, ca, rb, cb = self.partitions(form, key, "khatri_rao_blocks", A, B)
        base = key[: -len(".khatri_rao_blocks")]
        if len(ra) != len(rb):
            raise self.error(f"{base}.rows", f"A and B must have the same number of row blocks: "
                                             f"A has {len(ra)} {list(ra)}, B has {len(rb)} {list(rb)}")
        if len(ca) != len(cb):
            raise self.error(f"{base}.cols", f"A and B must have the same number of column blocks: "
                                             f"A has {len(ca)} {list(ca)}, B has {len(cb)} {list(cb)}")
        m = sum(x * y for x, y in zip(ra, rb))
        n = sum(x * y for x, y in zip(ca, cb))
        self.check(m, n, key, "the block Khatri-Rao product", (A, B))
        return khatri_rao_blocks(A, B, ra, ca, rb, cb)

    def op_tracy_singh(self, value, form, key):
        A, B = self.operands(value, key, "tracy_singh", 2, exactly=2)
        ra, ca, rb, cb = self.partitions(form, key, "tracy_singh", A, B)
        self.check(A.nrows * B.nrows, A.ncols * B.ncols, key, "the Tracy-Singh product", (A, B))
        return tracy_singh(A, B, ra, ca, rb, cb)

    def op_transpose(self, value, form, key):
        return self.build(value, key).T

    def op_hstack(self, value, form, key):
        mats = self.operands(value, key, "hstack", 1)
        for i, M in enumerate(mats, 1):
            if M.nrows != mats[0].nrows:
                raise self.error(f"{key}[{i}]", f"hstack needs equal row counts: block 1 has {mats[0].nrows} "
                                                f"rows, block {i} has {M.nrows}")
        self.check(mats[0].nrows, sum(M.ncols for M in mats), key, "the hstack", mats)
        return hstack(mats)

    def op_vstack(self, value, form, key):
        mats = self.operands(value, key, "vstack", 1)
        for i, M in enumerate(mats, 1):
            if M.ncols != mats[0].ncols:
                raise self.error(f"{key}[{i}]", f"vstack needs equal column counts: block 1 has {mats[0].ncols} "
                                                f"columns, block {i} has {M.ncols}")
        self.check(sum(M.nrows for M in mats), mats[0].ncols, key, "the vstack", mats)
        return vstack(mats)

    def op_block_diag(self, value, form, key):
        mats = self.operands(value, key, "block_diag", 1)
        self.check(sum(M.nrows for M in mats), sum(M.ncols for M in mats), key, "the block diagonal matrix", mats)
        return block_diag(mats)

    def op_sum(self, value, form, key):
        mats = self.operands(value, key, "sum", 1)
        for i, M in enumerate(mats, 1):
            if M.shape != mats[0].shape:
                raise self.error(f"{key}[{i}]", f"sum needs equal shapes: term 1 is {mats[0].nrows} x "
                                                f"{mats[0].ncols}, term {i} is {M.nrows} x {M.ncols}")
        M = mats[0]
        for B in mats[1:]:
            M = add(M, B)
        return M

    def op_scale(self, value, form, key):
        if not isinstance(value, list) or len(value) != 2:
            raise self.error(key, f"scale takes [c, A] (a number and a matrix), got {describe(value)}")
        try:
            c = sources.parse_entry(value[0])
        except InputError as e:
            raise self.error(f"{key}[1]", e.message) from None
        M = self.build(value[1], f"{key}[2]")
        self.no_rational(M, f"{key}[2]", "scale")
        return scale(c, M)
