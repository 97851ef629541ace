"""Float64 / GPU cross-check (verify.crosscheck): what float would have concluded.

Expected answers come from elsewhere: exact ranks and determinants by a small Fraction
elimination written here (not the engines), inertia by Sylvester's law of inertia or the Gram
structure, float facts by calling numpy directly, and hand-checked 2 x 2 cases.
"""

import json
import math
import types
from fractions import Fraction as F

import numpy as np
import pytest

from verify.crosscheck import (BACKENDS, EMULATED_GPU_DEVICE, NumpyOps, crosscheck_with_ops,
                               gpu_ops, run_crosscheck)
from verify.crosscheck.arrays import CupyOps
from verify.crosscheck.convert import log10_abs, to_float64
from verify.kernel.exact import Matrix, matmul
from verify.kernel.poly import Poly

STATUSES = {"agrees", "disagrees", "too-close"}
COMMON_KEYS = {"backend", "device", "dtype", "library", "check", "shape", "status", "seconds"}


# ----------------------------------------------------------------------- independent helpers
def fraction_rank_det(rows):
    """(rank, det or None) by plain Gaussian elimination over Fractions."""
    A = [[F(x) for x in r] for r in rows]
    m, n = len(A), len(A[0])
    rank, det, row = 0, F(1), 0
    for c in range(n):
        p = next((i for i in range(row, m) if A[i][c] != 0), None)
        if p is None:
            det = F(0)
            continue
        if p != row:
            A[row], A[p] = A[p], A[row]
            det = -det
        det *= A[row][c]
        for i in range(row + 1, m):
            f = A[i][c] / A[row][c]
            if f:
                A[i] = [a - f * b for a, b in zip(A[i], A[row])]
        row += 1
        rank += 1
        if row == m:
            break
    return rank, (det if m == n and rank == n else (F(0) if m == n else None))


def hilbert(n):
    return [[F(1, i + j + 1) for j in range(n)] for i in range(n)]


def floats(rows):
    return np.array([[float(x) for x in r] for r in rows], dtype=np.float64)


def check_entry(e, backend="float64"):
    assert COMMON_KEYS <= set(e), set(e)
    assert e["backend"] == backend and e["status"] in STATUSES and e["dtype"] == "float64"
    json.dumps(e, allow_nan=False)  # JSON-safe: no NaN/Infinity literals


# ---------------------------------------------------------------------------------- rank
@pytest.mark.parametrize("n", [12, 13, 14])
def test_hilbert_is_full_rank_but_float_says_deficient(n):
    rows = hilbert(n)
    rank, det = fraction_rank_det(rows)
    assert rank == n and det > 0  # Hilbert matrices are positive definite
    (e,) = run_crosscheck(Matrix.from_rows(rows), "rank", {"rank": rank})
    check_entry(e)
    A = floats(rows)
    assert e["rank"] == np.linalg.matrix_rank(A) < n
    assert e["rank_torch"] == e["rank"]  # same default formula in float64
    assert e["status"] == "disagrees"
    S = np.linalg.svd(A, compute_uv=False)
    assert e["tolerance"] == pytest.approx(S[0] * n * np.finfo(float).eps)
    assert e["singular_values"] == pytest.approx(list(S), rel=1e-6, abs=1e-30)
    assert e["sigma_r"] == pytest.approx(S[-1], rel=1e-3)
    assert e["gap_ratio"] is None and e["sigma_r_plus_1"] is None  # full rank: no sigma_{n+1}
    assert e["margin_orders"] < 0  # sigma_n lies below the tolerance
    win = e["singular_values_window"]
    assert win["first_index"] == n - 2 and len(win["values"]) == 3


def test_well_conditioned_integer_matrix_agrees():
    rng = np.random.default_rng(7)
    off = rng.integers(-3, 4, (8, 8))
    rows = [[50 if i == j else int(off[i, j]) for j in range(8)] for i in range(8)]
    # strictly diagonally dominant (50 > 7 * 3), hence nonsingular
    assert fraction_rank_det(rows)[0] == 8
    entries = run_crosscheck(Matrix.from_rows(rows), "rank", {"rank": 8}, backends=("float64", "gpu"))
    for e, b in zip(entries, ("float64", "gpu")):
        check_entry(e, b)
        assert (e["rank"], e["rank_torch"], e["status"]) == (8, 8, "agrees")
        assert e["margin_orders"] > 3


def test_rank_deficient_integer_matrix_gap_reported():
    rng = np.random.default_rng(3)
    X, Y = rng.integers(-9, 10, (9, 3)), rng.integers(-9, 10, (3, 11))
    rows = (X @ Y).tolist()
    r, _ = fraction_rank_det(rows)
    assert r == 3
    (e,) = run_crosscheck(Matrix.from_rows(rows), "rank_at", {"rank": r})
    check_entry(e)
    S = np.linalg.svd(floats(rows), compute_uv=False)
    tol = S[0] * 11 * np.finfo(float).eps
    assert e["rank"] == int((S > tol).sum()) == 3
    assert e["gap_ratio"] == pytest.approx(S[2] / S[3], rel=1e-3)
    assert e["gap_ratio"] > 1e10
    expected = "agrees" if (S[2] >= 1e3 * tol and S[3] <= tol / 10) else "too-close"
    assert e["status"] == expected
    assert e["singular_values_window"]["first_index"] == 1
    assert len(e["singular_values_window"]["values"]) == 6


def test_small_nonzero_singular_value_is_too_close():
    # hand-checked: sigma = (1, 1e-13), tol = 2 * eps = 4.4e-16 < 1e-13 < 1e3 * tol
    M = Matrix.from_rows([[1, 0], [0, F(1, 10**13)]])
    (e,) = run_crosscheck(M, "rank", {"rank": 2})
    assert (e["rank"], e["status"]) == (2, "too-close")


def test_no_exact_rank_is_not_called_agreement():
    (e,) = run_crosscheck(Matrix.from_rows([[1, 2], [3, 4]]), "rank", {})
    check_entry(e)
    assert e["rank"] == 2 and e["exact_rank"] is None and e["status"] == "too-close" and "no exact" in e["note"]


# ------------------------------------------------------------------------------- inertia
def test_singular_gram_matrix_float_eigenvalues_go_negative():
    n = 8
    for seed in range(50):  # the first integer X whose Gram matrix shows a negative float eigenvalue
        X = np.random.default_rng(seed).integers(-9, 10, (3, n))
        G = X.T @ X
        if np.linalg.eigvalsh(G.astype(float)).min() < 0:
            break
    else:
        pytest.skip("no float-negative Gram matrix among the seeds")
    r, _ = fraction_rank_det(X.tolist())
    exact = [r, 0, n - r]  # X^T X is PSD of rank rank(X)
    (e,) = run_crosscheck(Matrix.from_rows(G.tolist()), "inertia", {"inertia": exact})
    check_entry(e)
    assert e["min_eigenvalue"] < 0 and e["inertia_no_tolerance"][1] >= 1
    assert e["exact_inertia"] == exact
    assert e["status"] in ("disagrees", "too-close")
    assert len(e["eigenvalues"]) == n and e["eigenvalues"] == sorted(e["eigenvalues"])


def test_inertia_of_congruent_diagonal_agrees():
    # Sylvester's law of inertia: P^T D P has the inertia of D for invertible P
    D = Matrix.from_rows([[5, 0, 0, 0], [0, -7, 0, 0], [0, 0, 3, 0], [0, 0, 0, -2]])
    P = Matrix.from_rows([[1, 2, 0, 1], [0, 1, -1, 0], [0, 0, 1, 3], [0, 0, 0, 1]])  # det 1
    A = matmul(matmul(P.T, D), P)
    entries = run_crosscheck(A, "inertia", {"inertia": [2, 2, 0]}, backends=("float64", "gpu"))
    for e, b in zip(entries, ("float64", "gpu")):
        check_entry(e, b)
        assert e["inertia"] == [2, 2, 0] and e["status"] == "agrees"


def test_tiny_positive_eigenvalue_counted_as_zero_disagrees():
    # hand-checked: eigenvalues 1 and 1e-20; tol = 2 * eps, so float counts the second as zero
    M = Matrix.from_rows([[1, 0], [0, F(1, 10**20)]])
    (e,) = run_crosscheck(M, "inertia", {"inertia": [2, 0, 0]})
    assert e["inertia"] == [1, 0, 1] and e["status"] == "disagrees"


# --------------------------------------------------------------------------- determinant
def test_determinant_with_huge_entries():
    rng = np.random.default_rng(11)
    rows = [[int(a) * 10**150 + int(b) for a, b in zip(ra, rb)]
            for ra, rb in zip(rng.integers(-9, 10, (4, 4)), rng.integers(0, 10**9, (4, 4)))]
    _, det = fraction_rank_det(rows)
    assert det != 0
    (e,) = run_crosscheck(Matrix.from_rows(rows), "determinant", {"det": str(det)})
    check_entry(e)
    assert e["det"] in ("inf", "-inf")  # ~1e600: beyond float64, numpy.linalg.det overflows
    assert e["exact_log10_abs_det"] == pytest.approx(math.log10(abs(det.numerator)))
    assert e["log10_abs_det"] == pytest.approx(e["exact_log10_abs_det"], rel=1e-12)
    assert e["sign_correct"] is True and e["zero_mismatch"] is False
    assert e["rel_error"] < 1e-6 and e["status"] == "agrees"
    assert "overflow" in e["note"]
    assert e["exact_det"].count("...") == 2  # long exact values are abbreviated


def test_determinant_lost_in_rounding_disagrees():
    # hand-checked: det = (1e16 + 1)(1e16 - 1) - 1e32 = -1, but 1e16 +- 1 round to 1e16 (spacing 2)
    b = 10**16
    (e,) = run_crosscheck(Matrix.from_rows([[b + 1, b], [b, b - 1]]), "determinant", {"det": -1})
    check_entry(e)
    assert e["exact_det"] == "-1"
    assert e["status"] == "disagrees"
    assert e["zero_mismatch"] or not e["sign_correct"] or e["rel_error"] > 1e-6


def test_determinant_rational_and_relative_error_exact():
    rows = [[F(1, 3), 2], [F(5, 7), F(-1, 2)]]
    _, det = fraction_rank_det(rows)
    (e,) = run_crosscheck(Matrix.from_rows(rows), "determinant", {"det": f"{det.numerator}/{det.denominator}"})
    d = np.linalg.det(floats(rows))
    assert e["det"] == d
    assert e["rel_error"] == pytest.approx(float(abs(F(d) - det) / abs(det)))
    assert e["status"] == "agrees"


def test_singular_determinant():
    rows = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert fraction_rank_det(rows)[1] == 0
    (e,) = run_crosscheck(Matrix.from_rows(rows), "determinant", {"det": "0"})
    sign, _ = np.linalg.slogdet(floats(rows))
    assert e["status"] == ("agrees" if sign == 0 else "disagrees")
    assert e["zero_mismatch"] == (sign != 0)


def test_entries_beyond_float_range_do_not_crash():
    M = Matrix.from_rows([[10**400, 1], [3, 10**200]])
    for check, exact in (("determinant", {"det": str(10**600 - 3)}), ("rank", {"rank": 2})):
        (e,) = run_crosscheck(M, check, exact)
        check_entry(e)
        assert e["overflow"] == 1 and e["status"] == "disagrees" and "overflow" in e["note"]


def test_underflow_is_noted():
    M = Matrix.from_rows([[1, F(1, 10**400)], [0, 1]])
    (e,) = run_crosscheck(M, "rank", {"rank": 2})
    assert e["underflow"] == 1 and "underflow" in e["note"] and e["status"] == "agrees"


def test_to_float64_rounds_correctly_and_counts():
    A, info = to_float64(Matrix.from_rows([[F(1, 3), -(10**309)], [F(1, 10**330), 2**53 + 1]]))
    assert A[0, 0] == 1 / 3 and A[0, 1] == -math.inf and A[1, 0] == 0.0 and A[1, 1] == 2.0**53
    assert info == {"overflow": 1, "underflow": 1}
    assert log10_abs(F(-(10**500), 7)) == pytest.approx(500 - math.log10(7))


# ------------------------------------------------------------------------------ skipping
def test_polynomial_matrix_is_skipped_clearly():
    x = Poly.var("x")
    M = Matrix.from_rows([[x, 1], [1, x * x]])
    (e,) = run_crosscheck(M, "generic_rank", {"rank": 2})
    check_entry(e)
    assert "polynomial" in e["skipped"] and "x" in e["skipped"] and "rank" not in e


def test_unsupported_inputs():
    (e,) = run_crosscheck(Matrix.from_rows([[1, 2, 3]]), "determinant", {"det": 0})
    assert "square" in e["skipped"]
    (e,) = run_crosscheck(Matrix.from_rows([[1]]), "boolean_determinant", {"detbool": 1})
    assert "boolean_determinant" in e["skipped"]
    with pytest.raises(ValueError, match="unknown cross-check backend 'float16'"):
        run_crosscheck(Matrix.from_rows([[1]]), "rank", {"rank": 1}, backends=("float16",))
    assert BACKENDS == ("float64", "gpu")


# ------------------------------------------------------------------------------ GPU path
def test_gpu_backend_runs_the_same_code_on_cpu():
    M = Matrix.from_rows(hilbert(12))
    f64, gpu = run_crosscheck(M, "rank", {"rank": 12}, backends=("float64", "gpu"))
    check_entry(gpu, "gpu")
    assert gpu["device"] == EMULATED_GPU_DEVICE or gpu["device"].startswith("cuda:")
    assert gpu["status"] == "disagrees" and gpu["rank"] < 12
    if gpu["device"] == EMULATED_GPU_DEVICE:
        assert gpu["singular_values"] == f64["singular_values"]
    emu = crosscheck_with_ops(gpu_ops(probe=False), M, "rank", {"rank": 12})
    assert emu["device"] == EMULATED_GPU_DEVICE and emu["backend"] == "gpu"
    assert emu["rank"] == f64["rank"] and emu["status"] == f64["status"]


def test_native_rank_of_a_library_is_used():
    class TorchLike(NumpyOps):
        def native_matrix_rank(self, A):
            return int(np.linalg.matrix_rank(A)) + 1  # a library that disagrees with the formula

    e = crosscheck_with_ops(TorchLike(name="gpu", device="fake"), Matrix.from_rows([[1, 0], [0, 1]]),
                            "rank", {"rank": 2})
    assert e["rank"] == 2 and e["rank_torch"] == 3 and e["status"] == "disagrees"
    assert e["rank_torch_source"] == "torch.linalg.matrix_rank"


def fake_cupy():
    """A stand-in for cupy whose arrays are numpy arrays: drives CupyOps on a CPU."""
    class Device:
        def __init__(self, i):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    runtime = types.SimpleNamespace(getDeviceCount=lambda: 1,
                                    getDeviceProperties=lambda i: {"name": b"Fake GPU"})
    return types.SimpleNamespace(
        __version__="0-fake", float64=np.float64,
        cuda=types.SimpleNamespace(runtime=runtime, Device=Device),
        asarray=np.asarray, asnumpy=np.asarray, linalg=np.linalg)


def test_cupy_ops_through_a_fake_module():
    ops = CupyOps(fake_cupy(), 0)
    assert ops.device == "cuda:0 Fake GPU" and ops.name == "gpu"
    M = Matrix.from_rows([[2, 1], [1, 2]])
    assert crosscheck_with_ops(ops, M, "inertia", {"inertia": [2, 0, 0]})["status"] == "agrees"
    e = crosscheck_with_ops(ops, M, "determinant", {"det": 3})
    assert e["det"] == pytest.approx(3.0) and e["status"] == "agrees"
    assert crosscheck_with_ops(ops, M, "rank", {"rank": 2})["status"] == "agrees"


class FixedSpectrum(NumpyOps):
    """A backend whose library returns chosen singular values / eigenvalues (rule tests)."""

    def __init__(self, values):
        super().__init__(name="float64", device="fake")
        self.values = np.array(values, dtype=float)

    def svdvals(self, A):
        return self.values

    def eigvalsh(self, A):
        return self.values


EPS = np.finfo(float).eps
M3 = Matrix.from_rows([[1, 0, 0], [0, 1, 0], [0, 0, 0]])


@pytest.mark.parametrize("sigma3, status", [(0.3 * 3 * EPS, "too-close"), (1e-3 * 3 * EPS, "agrees"),
                                            (0.0, "agrees"), (3 * 3 * EPS, "disagrees")])
def test_rank_roundoff_band_below_the_tolerance(sigma3, status):
    # sigma_1 = 1, tol = 3 * eps; a value counted zero must stay an order of magnitude below tol
    e = crosscheck_with_ops(FixedSpectrum([1.0, 0.5, sigma3]), M3, "rank", {"rank": 2})
    assert e["status"] == status and e["tolerance"] == 3 * EPS


@pytest.mark.parametrize("lam, status", [(-1e-30, "too-close"), (1e-30, "too-close"), (0.0, "agrees"),
                                         (-0.5 * 3 * EPS, "too-close"), (-3 * 3 * EPS, "disagrees")])
def test_inertia_signs_decided_by_the_tolerance(lam, status):
    # exact inertia (2, 0, 1); a float zero eigenvalue with a sign is "too close" even far below tol
    e = crosscheck_with_ops(FixedSpectrum([lam, 0.5, 1.0]), M3, "inertia", {"inertia": [2, 0, 1]})
    assert e["status"] == status


@pytest.mark.parametrize("lam, status", [(100 * 3 * EPS, "too-close"), (1e4 * 3 * EPS, "agrees")])
def test_inertia_small_nonzero_eigenvalue(lam, status):
    # exact inertia (3, 0, 0): a counted-positive eigenvalue must clear tol by 3 orders of magnitude
    e = crosscheck_with_ops(FixedSpectrum([lam, 0.5, 1.0]), M3, "inertia", {"inertia": [3, 0, 0]})
    assert e["status"] == status and e["near_tolerance"] == (status == "too-close")


def fake_torch():
    """A stand-in for torch with CUDA whose tensors are numpy arrays: drives TorchOps on a CPU."""
    class T(np.ndarray):
        def cpu(self):
            return self

        def numpy(self):
            return np.asarray(self)

    linalg = types.SimpleNamespace(
        svdvals=lambda a: np.linalg.svd(a, compute_uv=False).view(T),
        eigvalsh=lambda a: np.linalg.eigvalsh(a).view(T),
        det=np.linalg.det, slogdet=np.linalg.slogdet,
        matrix_rank=lambda a: np.int64(np.linalg.matrix_rank(a)))
    cuda = types.SimpleNamespace(is_available=lambda: True, current_device=lambda: 0,
                                 get_device_name=lambda i: "Fake Torch GPU")
    return types.SimpleNamespace(
        __version__="0-fake", float64=np.float64, linalg=linalg, cuda=cuda,
        device=lambda kind, i: f"{kind}:{i}",
        as_tensor=lambda a, dtype, device: np.asarray(a, dtype=dtype).view(T))


@pytest.mark.parametrize("module", ["cupy", "torch"])
def test_gpu_probe_picks_an_available_library(monkeypatch, module):
    import sys
    from verify.crosscheck import arrays
    monkeypatch.setattr(arrays, "_GPU_CACHE", [])
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy() if module == "cupy" else None)
    monkeypatch.setitem(sys.modules, "torch", fake_torch())
    ops = arrays.gpu_ops()
    assert ops.device == ("cuda:0 Fake GPU" if module == "cupy" else "cuda:0 Fake Torch GPU")
    H = Matrix.from_rows(hilbert(13))
    e = crosscheck_with_ops(ops, H, "rank", {"rank": 13})
    assert e["rank"] < 13 and e["status"] == "disagrees" and e["device"] == ops.device
    assert e["rank_torch_source"] == ("torch.linalg.matrix_rank" if module == "torch"
                                      else "formula on these singular values")
    assert crosscheck_with_ops(ops, H, "inertia", {"inertia": [13, 0, 0]})["status"] == "disagrees"
    d = crosscheck_with_ops(ops, Matrix.from_rows([[2, 1], [1, 2]]), "determinant", {"det": 3})
    assert d["status"] == "agrees" and d["det"] == pytest.approx(3.0)
