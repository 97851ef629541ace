"""Matrix sources and expressions of case files, on hand-checked small examples."""

import textwrap
from fractions import Fraction

import numpy as np
import pytest

from verify.builders import khatri_rao_blocks, tracy_singh
from verify.cases import build_objects, load_file
from verify.cases.randgen import random_values_reference
from verify.errors import CaseError, Unknown
from verify.kernel.exact import Matrix
from verify.builders.matrices import kron
from verify.kernel.poly import Poly


def write(tmp_path, text, name="case.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return str(p)


def matrix_of(tmp_path, form_yaml, lets="", **kw):
    """Build `matrix` of a rank case whose matrix form is `form_yaml` (YAML text)."""
    text = f"id: t\ncheck: {kw.get('check', 'rank')}\nmatrix: {form_yaml}\n"
    if lets:
        text += "let:\n" + textwrap.indent(textwrap.dedent(lets), "  ")
    case = load_file(write(tmp_path, text))[0]
    return build_objects(case, **({"max_entries": kw["max_entries"]} if "max_entries" in kw else {}))["M"]


def M(rows):
    return Matrix.from_rows(rows)


def error_of(tmp_path, form_yaml, lets="", **kw):
    with pytest.raises(CaseError) as e:
        matrix_of(tmp_path, form_yaml, lets, **kw)
    msg = str(e.value)
    assert "case.yaml" in msg and "case t" in msg
    return e.value


# ---------------------------------------------------------------------------------------- leaves
def test_inline_rows_numbers_and_polynomials(tmp_path):
    got = matrix_of(tmp_path, '[[1, "1/2", "0.25"], ["x*y - 1", "-3", "(a+b)^2"]]', check="generic_rank")
    x, y, a, b = (Poly.var(v) for v in "xyab")
    assert got == M([[1, Fraction(1, 2), Fraction(1, 4)], [x * y - 1, -3, a * a + 2 * a * b + b * b]])
    assert isinstance(got.rows[1][1], int)


def test_identity_zeros(tmp_path):
    assert matrix_of(tmp_path, "{identity: 3}") == M([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert matrix_of(tmp_path, "{zeros: [2, 3]}") == M([[0, 0, 0], [0, 0, 0]])


def test_random_source_follows_the_documented_generator(tmp_path):
    got = matrix_of(tmp_path, "{random: {shape: [3, 4], low: -5, high: 5, seed: 42}}")
    vals = random_values_reference(12, -5, 5, 42)
    assert got == M([vals[0:4], vals[4:8], vals[8:12]])
    # frozen values: the generator must never change (case files name matrices by seed)
    assert vals == [4, 0, -3, -4, -3, 4, 2, -3, 5, 5, -3, -1]


def test_symbolic_source(tmp_path):
    got = matrix_of(tmp_path, "{symbolic: [2, 3], name: w}", check="generic_rank")
    assert got.rows[0][0] == Poly.var("w_1_1") and got.rows[1][2] == Poly.var("w_2_3")
    assert matrix_of(tmp_path, "{symbolic: [1, 1]}", check="generic_rank").rows[0][0] == Poly.var("x_1_1")


def test_npy_file(tmp_path):
    np.save(tmp_path / "A.npy", np.array([[1, -2], [3, 4]], dtype=np.int32))
    assert matrix_of(tmp_path, "{file: A.npy}") == M([[1, -2], [3, 4]])
    np.save(tmp_path / "U.npy", np.array([[2 ** 63 + 1]], dtype=np.uint64))
    assert matrix_of(tmp_path, "{file: U.npy}") == M([[2 ** 63 + 1]])


@pytest.mark.parametrize("array, fragment", [
    (np.array([[0.5, 1.0]]), "not an integer dtype"),
    (np.array([[True, False]]), "not an integer dtype"),
    (np.array([1, 2, 3]), "2-D"),
])
def test_npy_file_rejects(tmp_path, array, fragment):
    np.save(tmp_path / "B.npy", array)
    e = error_of(tmp_path, "{file: B.npy}")
    assert fragment in str(e) and e.key == "matrix.file"


def test_npy_pickle_is_never_loaded(tmp_path):
    marker = tmp_path / "pwned"
    arr = np.empty((1, 1), dtype=object)

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    arr[0, 0] = Evil()
    np.save(tmp_path / "E.npy", arr, allow_pickle=True)
    e = error_of(tmp_path, "{file: E.npy}")
    assert "no pickles" in str(e) or "not an integer dtype" in str(e)
    assert not marker.exists()


def test_csv_file(tmp_path):
    (tmp_path / "A.csv").write_text("# a comment\n1, 2/3, -4\n\n0.5,0,7\n")
    assert matrix_of(tmp_path, "{file: A.csv}") == M([[1, Fraction(2, 3), -4], [Fraction(1, 2), 0, 7]])
    (tmp_path / "B.csv").write_text("1,2\n3\n")
    assert "line 2" in str(error_of(tmp_path, "{file: B.csv}"))
    (tmp_path / "C.csv").write_text("1,x\n")
    assert "line 1, column 2" in str(error_of(tmp_path, "{file: C.csv}"))
    (tmp_path / "D.csv").write_text("\n# nothing\n")
    assert "no rows" in str(error_of(tmp_path, "{file: D.csv}"))


def test_mtx_coordinate_general_and_symmetric(tmp_path):
    (tmp_path / "g.mtx").write_text("%%MatrixMarket matrix coordinate integer general\n% comment\n2 3 3\n1 1 5\n2 3 -1\n1 2 7\n")
    assert matrix_of(tmp_path, "{file: g.mtx}") == M([[5, 7, 0], [0, 0, -1]])
    (tmp_path / "s.mtx").write_text("%%MatrixMarket matrix coordinate rational symmetric\n3 3 3\n1 1 1/2\n3 1 2\n2 2 -3\n")
    assert matrix_of(tmp_path, "{file: s.mtx}") == M([[Fraction(1, 2), 0, 2], [0, -3, 0], [2, 0, 0]])
    (tmp_path / "k.mtx").write_text("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 0.25\n")
    assert matrix_of(tmp_path, "{file: k.mtx}") == M([[0, Fraction(-1, 4)], [Fraction(1, 4), 0]])
    (tmp_path / "p.mtx").write_text("%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n")
    assert matrix_of(tmp_path, "{file: p.mtx}") == M([[0, 1], [1, 0]])


def test_mtx_array(tmp_path):
    # column-major
    (tmp_path / "a.mtx").write_text("%%MatrixMarket matrix array integer general\n2 3\n1\n2\n3\n4\n5\n6\n")
    assert matrix_of(tmp_path, "{file: a.mtx}") == M([[1, 3, 5], [2, 4, 6]])
    (tmp_path / "b.mtx").write_text("%%MatrixMarket matrix array real symmetric\n2 2\n1.5\n2\n3e-1\n")
    assert matrix_of(tmp_path, "{file: b.mtx}") == M([[Fraction(3, 2), 2], [2, Fraction(3, 10)]])


@pytest.mark.parametrize("content, fragment", [
    ("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", "complex"),
    ("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 1\n1 1 2\n", "given twice"),
    ("%%MatrixMarket matrix coordinate integer general\n2 2 1\n3 1 1\n", "outside"),
    ("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 1\n", "announces 2"),
    ("%%MatrixMarket matrix coordinate integer symmetric\n2 2 1\n1 2 1\n", "lower triangle"),
    ("%%MatrixMarket matrix array integer general\n2 2\n1\n2\n3\n", "expected 4 values"),
    ("hello\n", "header"),
    ("%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 0.1.2\n", "not an exact number"),
])
def test_mtx_rejects(tmp_path, content, fragment):
    (tmp_path / "bad.mtx").write_text(content)
    assert fragment in str(error_of(tmp_path, "{file: bad.mtx}"))


def test_file_errors(tmp_path):
    assert "no such file" in str(error_of(tmp_path, "{file: missing.npy}"))
    assert "unsupported" in str(error_of(tmp_path, "{file: A.txt}"))


# ---------------------------------------------------------------------------------------- expressions
LETS = """\
A: [[1, 2], [3, 4]]
B: [[0, 1], [1, 0]]
C: [[1, 2, 3]]
"""


def test_product_kron_transpose_sum_scale(tmp_path):
    assert matrix_of(tmp_path, "{product: [A, B]}", LETS) == M([[2, 1], [4, 3]])
    assert matrix_of(tmp_path, "{product: [A, B, A]}", LETS) == M([[5, 8], [13, 20]])
    assert matrix_of(tmp_path, "{kron: [B, C]}", LETS) == M([[0, 0, 0, 1, 2, 3], [1, 2, 3, 0, 0, 0]])
    assert matrix_of(tmp_path, "{transpose: C}", LETS) == M([[1], [2], [3]])
    assert matrix_of(tmp_path, "{sum: [A, B, A]}", LETS) == M([[2, 5], [7, 8]])
    assert matrix_of(tmp_path, '{scale: ["1/2", A]}', LETS) == M([[Fraction(1, 2), 1], [Fraction(3, 2), 2]])


def test_stacks(tmp_path):
    assert matrix_of(tmp_path, "{hstack: [A, B]}", LETS) == M([[1, 2, 0, 1], [3, 4, 1, 0]])
    assert matrix_of(tmp_path, "{vstack: [A, C]}", LETS.replace("[[1, 2, 3]]", "[[5, 6]]")) == M([[1, 2], [3, 4], [5, 6]])
    assert matrix_of(tmp_path, "{block_diag: [B, C]}", LETS) == M([[0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 2, 3]])


def test_nested_forms_and_forward_references(tmp_path):
    lets = "P: {product: [Q, {transpose: Q}]}\nQ: [[1, 2], [0, 1]]\n"
    assert matrix_of(tmp_path, "{sum: [P, {identity: 2}]}", lets) == M([[6, 2], [2, 2]])
    assert matrix_of(tmp_path, "{product: [[[1, 1]], [[2], [3]]]}") == M([[5]])


def test_khatri_rao_columnwise(tmp_path):
    lets = "A: [[1, 2], [3, 4]]\nB: [[5, 6], [7, 8], [0, 1]]\n"
    assert matrix_of(tmp_path, "{khatri_rao: [A, B]}", lets) == M(
        [[5, 12], [7, 16], [0, 2], [15, 24], [21, 32], [0, 4]])


def test_khatri_rao_blocks_both_option_forms(tmp_path):
    lets = "A: [[1, 2, 3]]\nB: [[1, 0], [0, 1]]\n"
    expected = M([[1, 2, 0], [0, 0, 3]])  # hand-checked in test_products
    assert matrix_of(tmp_path, "{khatri_rao_blocks: [A, B], rows: [[1], [2]], cols: [[2, 1], [1, 1]]}", lets) == expected
    assert matrix_of(tmp_path, "{khatri_rao_blocks: [A, B], rows_a: [1], rows_b: [2], cols_a: [2, 1], cols_b: [1, 1]}",
                     lets) == expected
    # omitted partitions are single blocks: the Kronecker product
    Am, Bm = M([[1, 2, 3]]), M([[1, 0], [0, 1]])
    assert matrix_of(tmp_path, "{khatri_rao_blocks: [A, B]}", lets) == kron(Am, Bm)
    assert khatri_rao_blocks(Am, Bm, [1], [2, 1], [2], [1, 1]) == expected


def test_tracy_singh_form(tmp_path):
    lets = "A: [[1, 2], [3, 4]]\nB: [[5, 6], [7, 8]]\n"
    Am, Bm = M([[1, 2], [3, 4]]), M([[5, 6], [7, 8]])
    got = matrix_of(tmp_path, "{tracy_singh: [A, B], rows_a: [2], cols_a: [2], rows_b: [2], cols_b: [1, 1]}", lets)
    assert got == tracy_singh(Am, Bm, [2], [2], [2], [1, 1])
    assert got == M([[5, 10, 6, 12], [7, 14, 8, 16], [15, 20, 18, 24], [21, 28, 24, 32]])
    assert matrix_of(tmp_path, "{tracy_singh: [A, B]}", lets) == kron(Am, Bm)
    assert matrix_of(tmp_path, "{tracy_singh: [A, B], rows: [[1, 1], [2]], cols: [[2], [1, 1]]}", lets) == \
        tracy_singh(Am, Bm, [1, 1], [2], [2], [1, 1])


# ---------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize("form, lets, key, fragment", [
    ("{product: [A, C]}", LETS, "matrix.product[2]", "cannot multiply"),
    ("{product: [A, Q]}", LETS, "matrix.product[2]", "undefined name 'Q'"),
    ("{hstack: [A, C]}", LETS, "matrix.hstack[2]", "equal row counts"),
    ("{vstack: [A, C]}", LETS, "matrix.vstack[2]", "equal column counts"),
    ("{sum: [A, C]}", LETS, "matrix.sum[2]", "equal shapes"),
    ("{khatri_rao: [A, C]}", LETS, "matrix.khatri_rao", "equal column counts"),
    ("{khatri_rao: [A]}", LETS, "matrix.khatri_rao", "exactly 2"),
    ("{kron: [A]}", LETS, "matrix.kron", "at least 2"),
    ("{khatri_rao_blocks: [A, B], rows: [[1, 1], [2]]}", LETS, "matrix.rows", "same number of row blocks"),
    ("{khatri_rao_blocks: [A, B], rows_a: [1, 2]}", LETS, "matrix.rows_a", "add up to 3"),
    ("{khatri_rao_blocks: [A, B], rows: [1, 1]}", LETS, "matrix.rows[1]", "non-empty list"),
    ("{khatri_rao_blocks: [A, B], rows: [[2], [2]], rows_a: [2]}", LETS, "matrix", "not both"),
    ("{tracy_singh: [A, B], cols_b: [0, 2]}", LETS, "matrix.cols_b", "positive integers"),
    ("{tracy_singh: [A, B], colz: [2]}", LETS, "matrix.colz", "unknown option"),
    ("{scale: [0.5, A]}", LETS, "matrix.scale[1]", "\"0.5\""),
    ("{scale: [A]}", LETS, "matrix.scale", "[c, A]"),
    ("{identity: 3, zeros: [1, 1]}", "", "matrix", "exactly one operator"),
    ("{idenity: 3}", "", "matrix", "no matrix operator"),
    ("{identity: -1}", "", "matrix.identity", ">= 0"),
    ("{identity: 2.0}", "", "matrix.identity", "float literal"),
    ("{zeros: [2]}", "", "matrix.zeros", "[rows, columns]"),
    ("{random: {shape: [2, 2], low: 0, high: 1}}", "", "matrix.random", "missing seed"),
    ("{random: {shape: [2, 2], low: 0, high: 1, seed: -1}}", "", "matrix.random.seed", ">= 0"),
    ("{random: {shape: [2, 2], low: 3, high: 1, seed: 1}}", "", "matrix.random.high", "below low"),
    ("{random: {shape: [2, 2], low: 0.5, high: 1, seed: 1}}", "", "matrix.random.low", "float literal"),
    ("{symbolic: [2, 2], name: 2x}", "", "matrix.name", "identifier"),
    ("7", "", "matrix", "expected a matrix"),
    ("[[1, 2], [3]]", "", "matrix[2]", "not of equal length"),
    ("[1, 2]", "", "matrix[1]", "not a list"),
    ("[[1, 0.5]]", "", "matrix[1][2]", "\"0.5\""),
    ("[[1, true]]", "", "matrix[1][2]", "boolean"),
    ('[[1, "x/y"]]', "", "matrix[1][2]", "division by a non-constant"),
    ('[[1, "1/0"]]', "", "matrix[1][2]", "division by zero"),
    ("[[1, null]]", "", "matrix[1][2]", "null"),
    ("[[1, 010]]", "", "matrix[1][2]", "plain decimal"),
    ("5", "", "matrix", "expected a matrix"),
])
def test_expression_errors_name_the_key(tmp_path, form, lets, key, fragment):
    e = error_of(tmp_path, form, lets)
    assert e.key == key, str(e)
    assert fragment in str(e)
    assert f": {key}: " in str(e)


def test_let_errors(tmp_path):
    e = error_of(tmp_path, "A", "A: {product: [B, B]}\nB: {transpose: A}\n")
    assert "cycle in let: A -> B -> A" in str(e) and e.key == "let.A"
    e = error_of(tmp_path, "A", "A: A\n")
    assert "cycle in let: A -> A" in str(e)
    e = error_of(tmp_path, "A", "A: [[1]]\nZ: [[1, 0.25]]\n")  # unused entries are still checked
    assert e.key == "let.Z[1][2]"


def test_size_limits_are_checked_before_building(tmp_path):
    with pytest.raises(Unknown, match="beyond the limit"):
        matrix_of(tmp_path, "{zeros: [3000, 3000]}", max_entries=1_000_000)
    with pytest.raises(Unknown, match="Kronecker"):
        # each factor is small; the product's shape is refused before it is built
        matrix_of(tmp_path, "{kron: [A, A, A]}", "A: {identity: 200}\n", max_entries=4_000_000)
    with pytest.raises(Unknown):
        matrix_of(tmp_path, "{random: {shape: [100000, 100000], low: 0, high: 1, seed: 0}}")
    with pytest.raises(Unknown, match="multiply-adds"):
        text = "id: t\ncheck: rank\nmatrix: {product: [A, A]}\nlet: {A: {zeros: [600, 600]}}\nlimits: {max_work: 1000000}\n"
        build_objects(load_file(write(tmp_path, text))[0])
    with pytest.raises(Unknown):
        text = "id: t\ncheck: rank\nmatrix: {identity: 20}\nlimits: {max_entries: 100}\n"
        build_objects(load_file(write(tmp_path, text))[0])


def test_large_integer_sources_are_numpy_backed_and_exact(tmp_path):
    from verify.kernel.arrays import IntArrayMatrix

    got = matrix_of(tmp_path, "{random: {shape: [300, 250], low: -1000, high: 1000, seed: 9}}")
    assert isinstance(got, IntArrayMatrix)
    vals = random_values_reference(300 * 250, -1000, 1000, 9)
    assert got == Matrix(300, 250, [vals[i * 250:(i + 1) * 250] for i in range(300)])
    arr = np.arange(300 * 250, dtype=np.int64).reshape(300, 250) - 5000
    np.save(tmp_path / "big.npy", arr)
    got = matrix_of(tmp_path, "{file: big.npy}")
    assert isinstance(got, IntArrayMatrix) and got.rows[0][:3] == (-5000, -4999, -4998)
    big = np.full((300, 250), 2 ** 63 + 5, dtype=np.uint64)
    np.save(tmp_path / "huge.npy", big)
    got = matrix_of(tmp_path, "{file: huge.npy}")
    assert not isinstance(got, IntArrayMatrix) and got.rows[299][249] == 2 ** 63 + 5


def test_polynomial_objects_have_tighter_limits(tmp_path):
    # 300 x 300 = 90000 entries: fine as integers, refused as polynomials (limit 1_000_000 / 16)
    assert matrix_of(tmp_path, "{sum: [A, A]}", "A: {identity: 300}\n", max_entries=1_000_000).shape == (300, 300)
    with pytest.raises(Unknown, match="symbolic"):
        matrix_of(tmp_path, "{symbolic: [300, 300]}", check="generic_rank", max_entries=1_000_000)
    with pytest.raises(Unknown, match="polynomial matrix"):
        matrix_of(tmp_path, "{kron: [S, {identity: 100}]}", "S: {symbolic: [3, 3]}\n", check="generic_rank",
                  max_entries=1_000_000)
    with pytest.raises(Unknown, match="multiply-adds"):
        matrix_of(tmp_path, "{product: [S, {identity: 100}]}", "S: {symbolic: [100, 100]}\n", check="generic_rank")
