"""Exact engines at sizes where the kernel's entries and solutions are large (issue 12): p-adic
lifting (`verify/engines/dixon.py`), the exact kernel without a prime cap, solve, big numbers, and
the BLAS thread choice.  Expected answers come from python-flint or sympy, computed independently."""

from fractions import Fraction

import numpy as np
import pytest

from verify import runner
from verify.engines import dixon, modular

flint = pytest.importorskip("flint")


def _low_rank(n, deficiency, seed, lo=-9, hi=10):
    rng = np.random.default_rng(seed)
    r = n - deficiency
    return rng.integers(lo, hi, (n, r)) @ rng.integers(lo, hi, (r, n))


def _flint_kernel_space(A):
    """The right kernel of A from flint, in reduced form (pivot coordinates solved, free = I)."""
    X, k = flint.fmpz_mat(A.tolist()).nullspace()
    return [[int(X[i, j]) for i in range(A.shape[1])] for j in range(k)]


def _same_space(N, vecs, free):
    """The columns of N (Fractions, N[free] = I) span the same space as the integer vectors `vecs`:
    each vector equals sum_t v[free[t]] N[:, t] (N is reduced on the free coordinates)."""
    for v in vecs:
        for i in range(len(N)):
            if sum(Fraction(v[f]) * N[i][t] for t, f in enumerate(free)) != v[i]:
                return False
    return True


@pytest.mark.parametrize("n,deficiency", [(40, 3), (61, 1), (50, 7)])
def test_big_kernel_matches_flint(n, deficiency):
    A = _low_rank(n, deficiency, seed=n)
    r, rows, cols, p, free, N = modular.exact_kernel_np(A, b"t")
    assert r == n - deficiency and len(free) == deficiency
    vecs = _flint_kernel_space(A)
    assert len(vecs) == deficiency and _same_space(N, vecs, free)
    assert max(len(str(x.numerator)) for row in N for x in row) > 40      # beyond one 21-bit prime


def test_kernel_beyond_old_prime_cap():
    """120 x 120 rank 117: kernel entries of ~250 digits need more than one prime's worth of lifting;
    the multi-modular route alone with the old cap of 64 primes would not reconstruct it."""
    A = _low_rank(120, 3, seed=7)
    with pytest.raises(modular.Unknown):
        modular.exact_kernel_np(A, b"t", dixon=False, prime_cap=8)
    r, rows, cols, p, free, N = modular.exact_kernel_np(A, b"t")
    assert r == 117
    assert _same_space(N, _flint_kernel_space(A), free)


def test_multimodular_without_cap_reaches_hadamard():
    A = _low_rank(30, 2, seed=3)
    r, rows, cols, p, free, N = modular.exact_kernel_np(A, b"t", dixon=False)
    assert r == 28 and _same_space(N, _flint_kernel_space(A), free)


def test_product_is_zero_limbs():
    rng = np.random.default_rng(0)
    A = _low_rank(25, 2, seed=11)
    vecs = _flint_kernel_space(A)
    N = [[vecs[j][i] * (10 ** 300 + 7) for j in range(2)] for i in range(25)]   # 300-digit entries
    assert dixon.product_is_zero(A, N)
    for _ in range(20):   # any single change of one entry by any amount breaks it
        i, j = int(rng.integers(25)), int(rng.integers(2))
        M = [row[:] for row in N]
        M[i][j] += int(rng.choice([1, -1, 1 << 16, -(1 << 200), 3 ** 400]))
        assert dixon.product_is_zero(A, M) == (not np.any(A[:, i]))
    neg = [[-x for x in row] for row in N]
    assert dixon.product_is_zero(A, neg)


def test_dixon_solve_matches_flint():
    rng = np.random.default_rng(1)
    B = rng.integers(-50, 51, (35, 35))
    C = rng.integers(-50, 51, (35, 2))
    p = modular.derive_small_prime(b"s", "t")
    E, cols = modular._eliminate(B, p)
    assert len(cols) == 35
    rows = [int(i) for i in E.perm[:35]]
    Bp, Cp = B[rows][:, cols], C[rows]
    S = dixon.DixonSolver(Bp, dixon.inverse_mod_p(E, (35, cols)), p)
    steps = dixon.hadamard_steps(np.log2(np.maximum(np.sqrt((np.hstack([Bp, Cp]) ** 2).sum(0)), 1)), 35, p)
    Y, d = S.solve(Cp, steps, lambda Y, d: True if False else _solves(Bp, Cp, Y, d))
    X = flint.fmpz_mat(Bp.tolist()).solve(flint.fmpz_mat(Cp.tolist()))
    for i in range(35):
        for j in range(2):
            q = X[i, j]
            assert Fraction(Y[i][j], d) == Fraction(int(q.p), int(q.q))


def _solves(B, C, Y, d):
    return all(sum(int(B[i, t]) * Y[t][j] for t in range(B.shape[1])) == d * int(C[i, j])
               for i in range(B.shape[0]) for j in range(C.shape[1]))


def test_solve_certificate_big_solution_and_inconsistent():
    from verify.engines.solve import solve_certificate
    from verify.kernel.arrays import IntArrayMatrix
    from verify.kernel.exact import Matrix
    from verify.kernel.rules import check_solve, check_inconsistent

    rng = np.random.default_rng(4)
    A = rng.integers(-99, 100, (30, 30))
    b = rng.integers(-99, 100, (30, 1))
    x, obs = solve_certificate(IntArrayMatrix(A), Matrix(30, 1, b.tolist()), "A", "b", seed=b"s")
    X = flint.fmpz_mat(A.tolist()).solve(flint.fmpz_mat(b.tolist()))
    assert [x.rows[i][0] for i in range(30)] == [Fraction(int(X[i, 0].p), int(X[i, 0].q)) for i in range(30)]
    objs = {"A": IntArrayMatrix(A), "b": Matrix(30, 1, b.tolist())}
    check_solve(obs[0], objs)
    # singular, consistent (b in the column space) and inconsistent systems
    S = _low_rank(30, 2, seed=9)
    xs = rng.integers(-5, 6, (30, 1))
    bs = S @ xs
    x, obs = solve_certificate(IntArrayMatrix(S), Matrix(30, 1, bs.tolist()), "A", "b", seed=b"s")
    check_solve(obs[0], {"A": IntArrayMatrix(S), "b": Matrix(30, 1, bs.tolist())})
    bad = bs.copy()
    bad[0, 0] += 1                       # S has rank 28: almost surely outside the column space
    assert flint.fmpz_mat(S.tolist()).rank() < flint.fmpz_mat(np.hstack([S, bad]).tolist()).rank()
    x, obs = solve_certificate(IntArrayMatrix(S), Matrix(30, 1, bad.tolist()), "A", "b", seed=b"s")
    assert x is None and obs[0]["rule"] == "inconsistent"
    check_inconsistent(obs[0], {"A": IntArrayMatrix(S), "b": Matrix(30, 1, bad.tolist())})


def test_flint_route_for_square_systems_with_fractions():
    """Square systems below FLINT_SOLVE_MAX go to flint (rows with fractions scaled first); the answer
    equals the plain Fraction elimination's, and a singular system falls back to the other routes."""
    from verify.engines.solve import FLINT_SOLVE_MAX, _solve_flint, _solve_rational, solve_certificate
    from verify.kernel.exact import Matrix
    from verify.kernel.rules import check_solve

    rng = np.random.default_rng(8)
    rows = [[Fraction(int(a), int(d)) for a, d in zip(rng.integers(-9, 10, 12), rng.integers(1, 7, 12))]
            for _ in range(12)]
    M = Matrix.from_rows(rows)
    b = Matrix.from_rows([[Fraction(int(v), 3)] for v in rng.integers(-9, 10, 12)])
    assert 12 * 12 < FLINT_SOLVE_MAX
    assert _solve_flint(M, b) == _solve_rational(M, b)
    x, obs = solve_certificate(M, b, seed=b"f")
    assert x == _solve_rational(M, b) and check_solve(obs[0], {"M": M, "b": b})[3] is True
    S = Matrix.from_rows([[1, 2], [2, 4]])
    assert _solve_flint(S, Matrix.from_rows([[1], [2]])) is None
    x, obs = solve_certificate(S, Matrix.from_rows([[1], [2]]), seed=b"f")
    assert obs[0]["rule"] == "solve" and check_solve(obs[0], {"M": S, "b": Matrix.from_rows([[1], [2]])})


def test_forged_solve_rejected():
    """The kernel's faster M x = b test (integer M: M y = d b per column) rejects altered solutions."""
    from verify.engines.solve import solve_certificate
    from verify.errors import CertificateError
    from verify.kernel.arrays import IntArrayMatrix
    from verify.kernel.exact import Matrix, decode_matrix, encode_matrix
    from verify.kernel.rules import check_solve

    rng = np.random.default_rng(6)
    A = rng.integers(-20, 21, (20, 20))
    b = rng.integers(-20, 21, (20, 2))
    objs = {"A": IntArrayMatrix(A), "b": Matrix(20, 2, b.tolist())}
    x, obs = solve_certificate(objs["A"], objs["b"], "A", "b", seed=b"s")
    check_solve(obs[0], objs)
    for i, j, delta in [(0, 0, Fraction(1)), (19, 1, Fraction(1, 10 ** 50)), (7, 0, Fraction(-3, 7))]:
        X = decode_matrix(obs[0]["x"], "x")
        rows = [list(r) for r in X.rows]
        rows[i][j] += delta
        forged = dict(obs[0], x=encode_matrix(Matrix(20, 2, rows)))
        with pytest.raises(CertificateError):
            check_solve(forged, objs)
    # the same kernel test on a Matrix (not an array) with the identical forgery
    objs2 = {"A": Matrix(20, 20, A.tolist()), "b": objs["b"]}
    check_solve(obs[0], objs2)
    with pytest.raises(CertificateError):
        check_solve(forged, objs2)


@pytest.mark.parametrize("free,jobs,ncases,want", [(2, 1, 1, 2), (1, 1, 1, 1), (2, 2, 5, 1), (16, 4, 9, 4),
                                                   (16, 4, 2, 8), (1, 8, 8, 1)])
def test_blas_threads_from_free_cores(free, jobs, ncases, want):
    assert runner.blas_threads_per_worker(jobs, ncases, free=free) == want


def test_free_cores_uses_the_cpu_times_now(monkeypatch):
    """Busy cores from two /proc/stat readings (busy, total jiffies), not the lagging load average."""
    real = runner._cpu_times()
    assert real is None or 0 <= real[0] <= real[1]
    monkeypatch.setattr(runner.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(runner.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(runner.os, "getloadavg", lambda: (1.1, 0, 0))     # lagging: would say 1 core busy
    monkeypatch.setattr(runner.time, "sleep", lambda s: None)
    for (b0, t0, b1, t1), want in (((0, 0, 1, 200), 2), ((0, 0, 100, 200), 1), ((0, 0, 200, 200), 1),
                                   ((0, 0, 40, 200), 2), ((0, 0, 60, 200), 1)):
        readings = iter([(b0, t0), (b1, t1)])
        monkeypatch.setattr(runner, "_cpu_times", lambda: next(readings))
        assert runner.free_cores() == want, (b1, t1)


def test_free_cores_uses_load(monkeypatch):
    monkeypatch.setattr(runner, "_cpu_times", lambda: None)          # no /proc/stat: the load average
    monkeypatch.setattr(runner.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(runner.os, "getloadavg", lambda: (1.1, 0, 0))
    assert runner.free_cores() == 1
    monkeypatch.setattr(runner.os, "getloadavg", lambda: (0.2, 0, 0))
    assert runner.free_cores() == 2
    monkeypatch.setattr(runner.os, "getloadavg", lambda: (7.0, 0, 0))
    assert runner.free_cores() == 1


def test_many_workers_do_not_sample_the_cpu(monkeypatch):
    """As many workers as cores get one BLAS thread each whatever is busy: no /proc/stat sampling."""
    monkeypatch.setattr(runner.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)

    def never():
        raise AssertionError("sampled")

    monkeypatch.setattr(runner, "busy_cores", never)
    assert runner.blas_threads_per_worker(2, 10) == 1 and runner.blas_threads_per_worker(3, 10) == 1
    monkeypatch.setattr(runner, "busy_cores", lambda: 0)
    assert runner.blas_threads_per_worker(1, 10) == 2 and runner.blas_threads_per_worker(2, 1) == 2
