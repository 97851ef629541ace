"""The Python API (`import verify`): every function on every kind of input, with expected answers
computed independently (sympy, or by hand), results that re-check with the kernel alone, and
inputs that are refused with a clear message."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

import verify
from verify import InvalidInput
from verify.kernel.exact import Matrix
from verify.kernel.poly import Poly

ROOT = os.path.join(os.path.dirname(__file__), "..")
A3 = [[1, 2, 3], [2, 4, 6], [1, Fraction(1, 2), 0]]


def sympy_rank(rows):
    return sp.Matrix(rows).rank()


# ------------------------------------------------------------------------------ the functions
def test_rank_of_lists_with_fractions():
    r = verify.rank(A3, expect=2)
    assert (r.value, r.verdict) == (sympy_rank([[1, 2, 3], [2, 4, 6], [1, sp.Rational(1, 2), 0]]), "CONFIRMED")
    assert r.value == 2 and r.holds is True
    assert verify.rank(A3, expect="full").verdict == "REFUTED"
    assert verify.rank(A3, expect=">= 2").verdict == "CONFIRMED"
    assert verify.rank(A3).verdict == "COMPUTED"


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint16, np.uint64])
def test_rank_of_numpy_integer_arrays(dtype):
    rows = [[3, 1, 4, 1], [5, 9, 2, 6], [8, 10, 6, 7]]  # row 3 = row 1 + row 2
    r = verify.rank(np.array(rows, dtype=dtype))
    assert r.value == sympy_rank(rows) == 2 and r.verdict == "COMPUTED"


def test_numpy_object_and_bool_arrays_and_scalars():
    obj = np.array([[Fraction(1, 3), 1], [np.int64(2), "6"]], dtype=object)
    assert verify.det(obj).value == sp.Matrix([[sp.Rational(1, 3), 1], [2, 6]]).det() == 0
    mask = np.array([[True, False], [True, True]])
    assert verify.detbool(mask, expect=1).verdict == "CONFIRMED"
    assert verify.rank([[np.int64(1), np.int32(2)], [Decimal("0.5"), 1]]).value == 1


def test_det_of_sympy_rational_and_polynomial_matrices():
    x, y = sp.symbols("x y")
    R = sp.Matrix([[sp.Rational(1, 2), 3], [4, sp.Rational(-2, 3)]])
    r = verify.det(R, expect=R.det())
    assert r.verdict == "CONFIRMED" and r.value == Fraction(-37, 3) and R.det() == sp.Rational(-37, 3)
    P = sp.Matrix([[x, 1], [1, y]])
    d = verify.det(P)
    assert isinstance(d.value, Poly) and sp.expand(sp.sympify(d.value.to_text().replace("^", "**")) - P.det()) == 0
    assert verify.det(P, expect=x * y - 1).verdict == "CONFIRMED"
    assert verify.det(P, expect="nonzero").verdict == "CONFIRMED"


def test_generic_rank_and_rank_at():
    x, y = sp.symbols("x y")
    M = sp.Matrix([[x, y], [x * y, y ** 2]])  # row 2 = y * row 1
    assert verify.generic_rank(M, expect=1).verdict == "CONFIRMED"
    N = [["x", 1], [1, "x"]]
    r = verify.rank_at(N, {"x": 1})
    assert r.value == sympy_rank([[1, 1], [1, 1]]) == 1
    assert verify.rank_at(sp.Matrix([[x, 1], [1, x]]), {x: Fraction(1, 2)}, expect="full").verdict == "CONFIRMED"


def test_inertia_of_flint_and_lists():
    flint = pytest.importorskip("flint")
    H = flint.fmpq_mat([[0, 1], [1, 0]])
    r = verify.inertia(H, expect="indefinite")
    assert r.value == (1, 1, 0) and r.verdict == "CONFIRMED"
    S = [[2, 1, 0], [1, 2, 1], [0, 1, 2]]  # eigenvalues 2, 2 +- sqrt(2): positive definite
    eig = [complex(e).real for e in sp.Matrix(S).eigenvals()]
    assert verify.inertia(S).value == (sum(e > 0 for e in eig), 0, 0) == (3, 0, 0)
    assert verify.inertia(flint.fmpz_mat(S), expect=(3, 0, 0)).verdict == "CONFIRMED"


def test_nullspace_and_solve():
    r = verify.nullspace([[1, 1, 1]], expect=2)
    assert r.verdict == "CONFIRMED" and isinstance(r.value, Matrix) and r.value.shape == (3, 2)
    assert all(sum(r.value.rows[i][j] for i in range(3)) == 0 for j in range(2))  # M N = 0 by hand
    s = verify.solve([[1, 2], [2, 4]], [1, 2], expect=True)
    assert s.verdict == "CONFIRMED" and s.value.rows[0][0] + 2 * s.value.rows[1][0] == 1
    t = verify.solve(np.array([[1, 2], [2, 4]]), np.array([1, 3]))
    assert t.verdict == "COMPUTED" and t.value is None and t.values["solvable"] is False


def test_rank_inequality_and_detbool():
    r = verify.rank_inequality("sylvester", [[1, 0]], [[0], [1]], tight=True)
    assert r.verdict == "CONFIRMED" and r.value["lhs"] == 0 and r.value["rhs"] == 1 + 1 - 2
    f = verify.rank_inequality("frobenius", [[1, 0]], [[1, 0], [0, 0]], [[0], [1]], holds=True)
    assert f.verdict == "CONFIRMED"
    assert verify.detbool([[1, 0], [1, 0]]).value == 0


def test_claim():
    r = verify.claim("hw.linear.f", seed=0)
    assert r.verdict == "REFUTED" and r.value["holds"] is False  # claim (f) of the notes is false (README)
    assert verify.claim("hw.linear.a1", part="statement", dims=[3, 2, 3]).verdict == "CONFIRMED"
    with pytest.raises(InvalidInput, match="unknown claim id"):
        verify.claim("no.such.claim")


# ------------------------------------------------------------------------------ results
def test_result_checks_saves_and_is_standalone(tmp_path):
    r = verify.rank(A3, expect=2)
    cert = r.certificate
    assert cert["problem"]["case"]["matrix"] == [[1, 2, 3], [2, 4, 6], [1, "1/2", 0]]
    assert cert["case"]["file"] is None
    checked = r.check()
    assert checked.verdict == "CONFIRMED" and checked.value == {"rank": 2}
    assert "embedded problem" in checked.source and checked.rules == ["rank_ge", "rank_le"]
    assert any("minor" in f for f in checked.facts)
    path = r.save(tmp_path / "r.cert.json")
    again = verify.check_certificate(path)
    assert again.verdict == "CONFIRMED" and again.problem_sha256 == cert["problem"]["sha256"]


def test_check_rejects_an_edited_result():
    r = verify.rank(A3, expect=2)
    r.certificate["problem"]["case"]["matrix"][0][0] = 5
    with pytest.raises(verify.CertificateError):
        r.check()


def test_reprs_are_readable():
    r = verify.rank(A3, expect=2)
    text = repr(r)
    assert text.startswith("rank M = 2  CONFIRMED") and "Matrix(3x3, [[1, 2, 3], [2, 4, 6], [1, 1/2, 0]])" in text
    assert "2 obligations (rank_ge, rank_le)" in text
    h = r._repr_html_()
    assert "CONFIRMED" in h and "<math" in h and "rank_ge" not in h.split("<details>")[0]
    latex = r._repr_latex_()
    assert latex.startswith("$\\operatorname{rank} \\begin{bmatrix}") and "= 2" in latex
    assert repr(verify.as_matrix(np.arange(100).reshape(10, 10))).endswith("...])")
    assert "ACCEPTED CONFIRMED" in repr(r.check())


def test_unknown_beyond_the_size_limit():
    r = verify.rank(np.zeros((4, 4), dtype=int), max_entries=10)
    assert r.verdict == "UNKNOWN" and "limit" in r.reason and r.certificate is None
    with pytest.raises(ValueError):
        r.save("x.json")


# ------------------------------------------------------------------------------ inputs
def test_as_matrix_reads_every_kind_of_input_alike():
    flint = pytest.importorskip("flint")
    want = Matrix.from_rows([[1, Fraction(1, 2)], [3, 4]])
    inputs = [[[1, Fraction(1, 2)], [3, 4]], ((1, "1/2"), (3, 4)), [[1, "0.5"], [3, 4]],
              np.array([[1, Fraction(1, 2)], [3, 4]], dtype=object), sp.Matrix([[1, sp.Rational(1, 2)], [3, 4]]),
              flint.fmpq_mat([[1, flint.fmpq(1, 2)], [3, 4]]), want, [np.array([1, Fraction(1, 2)]), [3, 4]]]
    for x in inputs:
        assert verify.as_matrix(x) == want, x
    assert verify.as_matrix(flint.fmpz_mat([[1, 2], [3, 4]])) == Matrix.from_rows([[1, 2], [3, 4]])


def test_binary_floats_need_exact_floats_and_are_read_exactly():
    W = np.array([[0.1, 0.5], [0.25, 3.0]])
    with pytest.raises(InvalidInput, match="exact_floats=True"):
        verify.det(W)
    with pytest.raises(InvalidInput, match="exact_floats=True"):
        verify.rank([[0.1, 1]])
    r = verify.det(W, exact_floats=True)
    want = Fraction(0.1) * 3 - Fraction(1, 2) * Fraction(1, 4)  # Fraction(float) is exact
    assert r.value == want and want != Fraction(3, 10) - Fraction(1, 8)
    assert any("dyadic" in n and "0.1 = 3602879701896397/36028797018963968" in n for n in r.notes)
    assert any("dyadic" in n for n in r.certificate["problem"]["case"]["notes"])  # the certificate says so too
    assert r.check().verdict == "COMPUTED"
    f32 = verify.as_matrix(np.array([[0.1]], dtype=np.float32), exact_floats=True)
    assert f32.rows[0][0] == Fraction(float(np.float32(0.1))) == Fraction(13421773, 134217728)
    assert verify.as_matrix(sp.Matrix([[sp.Float(0.5)]]), exact_floats=True).rows[0][0] == Fraction(1, 2)
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(InvalidInput, match="not a finite number"):
            verify.rank(np.array([[1.0, bad]]), exact_floats=True)
        with pytest.raises(InvalidInput, match="not a finite number"):
            verify.rank([[1.0, bad]], exact_floats=True)


class FakeTensor:
    """Quacks like a torch tensor (torch is not installed here); `__module__` is torch's."""

    __module__ = "torch"

    def __init__(self, rows, floating=False):
        self.rows, self.floating = rows, floating
        self.dtype, self.shape = ("torch.float32" if floating else "torch.int64"), (len(rows), len(rows[0]))

    def dim(self):
        return 2

    def is_complex(self):
        return False

    def is_floating_point(self):
        return self.floating

    def detach(self):
        return self

    def cpu(self):
        return self

    def tolist(self):
        return self.rows


def test_torch_tensors_without_importing_torch():
    had = "torch" in sys.modules
    r = verify.rank(FakeTensor([[1, 2], [2, 4]]))
    assert r.value == 1
    with pytest.raises(InvalidInput, match="exact_floats"):
        verify.rank(FakeTensor([[0.5, 1.0]], floating=True))
    assert verify.rank(FakeTensor([[0.5, 1.0]], floating=True), exact_floats=True).value == 1
    assert ("torch" in sys.modules) == had


def test_real_torch_integer_tensor():
    torch = pytest.importorskip("torch")
    assert verify.rank(torch.tensor([[1, 2], [2, 4]], dtype=torch.int64)).value == 1
    with pytest.raises(InvalidInput):
        verify.rank(torch.tensor([[0.5, 1.0]]))


@pytest.mark.parametrize("bad, match", [
    ([1, 2, 3], "flat list is not a matrix"),
    ([[1], [2, 3]], "rows are not of equal length"),  # [] is the 0 x 0 matrix (tests/test_input_empty.py)
    ([[1, 2], [3]], "rows are not of equal length"),
    ([[True, 0]], "boolean"),
    ([["x +"]], "matrix\\[1\\]\\[1\\]"),  # 1-based, as in every message
    (np.zeros((2, 2, 2), dtype=int), "2 dimensions"),
    (np.array([[1 + 2j]]), "complex128"),
    ([[sp.sqrt(2)]], "not a polynomial with rational coefficients"),
    ([[object()]], "not an exact number"),
    ("[[1, 2]]", "not a matrix"),
])
def test_inputs_that_are_refused(bad, match):
    with pytest.raises(InvalidInput, match=match):
        verify.rank(bad)


def test_loader_messages_name_the_key():
    with pytest.raises(InvalidInput, match="matrix: check inertia needs a symmetric matrix"):
        verify.inertia([[1, 2], [3, 4]])
    with pytest.raises(InvalidInput, match="needs a square matrix"):
        verify.det([[1, 2, 3]])


# ------------------------------------------------------------------------------ the package
def test_import_verify_is_light_and_python_m_verify_works():
    code = ("import sys, verify; assert 'verify.api' not in sys.modules and 'verify.pipeline' not in sys.modules; "
            "verify.rank; assert 'verify.api' in sys.modules; print(sorted(verify.__all__)[:3])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    help_ = subprocess.run([sys.executable, "-m", "verify", "--help"], capture_output=True, text=True)
    assert help_.returncode == 0 and "verify decides linear-algebra claims exactly" in help_.stdout


def test_public_api_is_typed():
    import inspect

    import verify.api as api

    assert os.path.isfile(os.path.join(os.path.dirname(verify.__file__), "py.typed"))
    for name in ("rank", "det", "inertia", "generic_rank", "rank_at", "detbool", "nullspace", "solve",
                 "rank_inequality", "claim", "as_matrix", "check_certificate"):
        sig = inspect.signature(getattr(api, name))
        assert sig.return_annotation != inspect.Signature.empty, name
        assert getattr(verify, name) is getattr(api, name)
    text = open(os.path.join(ROOT, "pyproject.toml")).read()
    assert '"py.typed"' in text


def test_the_api_takes_the_pipeline_path(monkeypatch):
    """One build-prove-check path: the API calls `pipeline.prove_case` (through certify_document)."""
    from verify import pipeline

    calls = []
    real = pipeline.prove_case

    def spy(case, limits, method):
        calls.append(case.id)
        return real(case, limits, method)

    monkeypatch.setattr(pipeline, "prove_case", spy)
    verify.rank([[1]], id="spy.case")
    assert calls == ["spy.case"]


def test_certificate_json_is_what_check_reads():
    r = verify.inertia([[2, 1], [1, 2]])
    text = json.dumps(r.certificate)
    assert "NaN" not in text and json.loads(text)["conclusion"] == {"value": {"inertia": [2, 0, 0]},
                                                                      "verdict": "COMPUTED"}
