"""Engines: one table of cases run against every backend, checked against independent references
(sympy's Matrix on small cases, hand-computed values) and by the kernel's rules."""

import itertools
import random
from fractions import Fraction as F

import pytest
import sympy

from verify.engines import (available_methods, derive_point, derive_prime, det_certificate, detbool_certificate,
                            inertia_certificate, is_prime, kernel_basis, rank_certificate, solve_certificate)
from verify.engines.rank import FALLBACK_PRIMES, MAX_TRIES
from verify.errors import CertificateError, EngineError, Unknown
from verify.kernel.exact import Matrix, decode_matrix, matmul
from verify.builders.matrices import identity
from verify.builders.matrices import block_diag, hstack, zeros
from verify.kernel.poly import Poly
from verify.kernel.rules import check_obligation

METHODS = available_methods()
SEED = b"engine-tests"
x, y, z = Poly.var("x"), Poly.var("y"), Poly.var("z")


def M(rows):
    return Matrix.from_rows(rows)


def _rand(m, n, seed, lo=-3, hi=3):
    rng = random.Random(seed)
    return M([[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)])


def _low_rank(m, n, r, seed):
    return matmul(_rand(m, r, seed), _rand(r, n, seed + 1))


def _primes_after(start, count):
    out, q = [], start
    while len(out) < count:
        q += 1
        if sympy.isprime(q):
            out.append(q)
    return out


# a determinant divisible by 24 primes near 2^61 and by every prime the engine derives first
_FIRST_PRIMES = [derive_prime(SEED, "rank_ge:M" + ("" if k == 0 else f"#{k}")) for k in range(MAX_TRIES)]
_BIG = 1
for _q in _primes_after(1 << 61, 24) + _FIRST_PRIMES:
    _BIG *= _q

RATIONAL_CASES = {
    "1x1": M([[7]]),
    "1x1-zero": M([[0]]),
    "zero-3x4": zeros(3, 4),
    "identity-5": identity(5),
    "square-full": M([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]),
    "square-deficient": M([[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
    "wide-full": _rand(3, 7, 1),
    "tall-full": _rand(7, 3, 2),
    "wide-deficient": _low_rank(4, 9, 2, 3),
    "tall-deficient": _low_rank(9, 4, 3, 5),
    "rational": M([[F(1, 2), F(1, 3), 1], [F(1, 4), F(1, 6), F(1, 2)], [1, 0, F(-5, 7)]]),
    "rational-wide": M([[F(1, 2), F(2, 3), F(3, 4), F(4, 5)], [F(1, 3), F(4, 9), F(1, 2), F(8, 15)]]),
    "many-primes-diag": block_diag([M([[_BIG]]), identity(2), zeros(1, 1)]),
    "many-primes-full": block_diag([M([[_BIG]]), identity(2)]),
    "derived-prime-entry": M([[_FIRST_PRIMES[0], 0], [0, 1]]),
    "random-12x10-r7": _low_rank(12, 10, 7, 11),
}

POLY_CASES = {
    "poly-1x1": M([[x * y - 1]]),
    "poly-full": M([[x, y], [1, x]]),
    "poly-rank1": M([[x, y, x + y], [x * x, x * y, x * x + x * y]]),
    "poly-deficient-3x3": M([[x, y, x + y], [x * x, x * y, x * x + x * y], [1, 2, 3]]),
    "poly-tall": M([[x, 1], [y, 0], [x * y, y], [1, z]]),
    "poly-tall-deficient": M([[x, x * y], [1, y], [z, y * z], [0, 0]]),
    "poly-rational-coef": M([[F(1, 2) * x, F(1, 3)], [F(3, 2) * x * y, y]]),
    "poly-symbolic-3x3": M([[Poly.var(f"a{i}{j}") for j in range(3)] for i in range(3)]),
    "poly-vanishes-at-first-point": M([[x - derive_point(SEED, ["x"], "point:M")["x"], 0], [0, 1]]),
}

ALL_CASES = {**RATIONAL_CASES, **POLY_CASES}


def to_sympy(A):
    def conv(e):
        if isinstance(e, Poly):
            return sum(sympy.Rational(c.numerator, c.denominator)
                       * sympy.Mul(*[sympy.Symbol(v) ** k for v, k in mono]) for mono, c in e.terms.items())
        e = F(e)
        return sympy.Rational(e.numerator, e.denominator)
    return sympy.Matrix(A.nrows, A.ncols, [conv(e) for r in A.rows for e in r])


def check_all(obligations, objects):
    """The facts the kernel derives, without the witnesses they carry (bases, solutions)."""
    return [f[:4] if f[0] == "solvable" else f[:3] for f in (check_obligation(ob, objects) for ob in obligations)]


# ------------------------------------------------------------------------------------------ rank
@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_rank_backends_agree_with_reference_and_kernel(case):
    A = ALL_CASES[case]
    expected = to_sympy(A).rank(simplify=True)
    for method in METHODS:
        r, obs = rank_certificate(A, "M", method=method, seed=SEED)
        assert r == expected, (case, method)
        assert [ob["rule"] for ob in obs] == ["rank_ge", "rank_le"]
        facts = check_all(obs, {"M": A})
        assert ("rank_ge", "M", r) in facts and ("rank_le", "M", r) in facts, facts
        if r == min(A.shape):
            assert obs[1]["side"] == "trivial"
        else:
            side = obs[1]["side"]
            assert side == ("right" if A.ncols <= A.nrows else "left")
            B = decode_matrix(obs[1]["basis"])
            prod = matmul(A, B) if side == "right" else matmul(B, A)
            assert all(e == 0 for e in prod.entries())


def test_rank_retries_prime_that_kills_the_pivot_minor():
    A = RATIONAL_CASES["derived-prime-entry"]
    for method in METHODS:
        r, obs = rank_certificate(A, "M", method=method, seed=SEED)
        assert r == 2 and obs[0]["prime"] != _FIRST_PRIMES[0]


def test_rank_exact_when_det_divisible_by_every_tried_prime():
    """Every prime of the first MAX_TRIES labels divides the pivot: the fallback still certifies."""
    A = RATIONAL_CASES["many-primes-full"]
    assert FALLBACK_PRIMES > 0
    for method in METHODS:
        r, obs = rank_certificate(A, "M", method=method, seed=SEED)
        assert r == 3
        assert _BIG % obs[0]["prime"] != 0
        assert obs[0]["prime"] == derive_prime(SEED, f"rank_ge:M#{MAX_TRIES}")  # the fallback ran
        check_all(obs, {"M": A})


def test_poly_rank_retries_points():
    A = POLY_CASES["poly-vanishes-at-first-point"]
    for method in METHODS:
        r, obs = rank_certificate(A, "M", method=method, seed=SEED)
        assert r == 2
        assert obs[0]["point"] != {"x": derive_point(SEED, ["x"], "point:M")["x"]}


def test_tampered_rank_certificate_is_rejected():
    A = RATIONAL_CASES["square-deficient"]
    r, obs = rank_certificate(A, "M", seed=SEED)
    ge = dict(obs[0], r=r + 1, rows=obs[0]["rows"] + [2], cols=obs[0]["cols"] + [2])
    with pytest.raises(CertificateError):
        check_obligation(ge, {"M": A})
    le = dict(obs[1], r=r - 1)
    with pytest.raises(CertificateError):
        check_obligation(le, {"M": A})


def test_rank_limits_raise_unknown():
    with pytest.raises(Unknown):
        rank_certificate(identity(20), "M", max_entries=100)
    with pytest.raises(Unknown):
        rank_certificate(identity(20), "M", max_dim=10)
    with pytest.raises(EngineError):
        rank_certificate(identity(2), "M", method="nope")


def test_empty_matrix_rank_zero():
    for method in METHODS:
        assert rank_certificate(Matrix(0, 3, []), "M", method=method)[0] == 0


# ---------------------------------------------------------------------------------- kernel basis
@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_kernel_basis(case):
    A = ALL_CASES[case]
    nullity = A.ncols - to_sympy(A).rank(simplify=True)
    for method in METHODS:
        N = kernel_basis(A, method=method, seed=SEED)
        assert N.shape == (A.ncols, nullity)
        assert all(e == 0 for e in matmul(A, N).entries())
        if nullity:
            assert to_sympy(N).rank(simplify=True) == nullity


# ------------------------------------------------------------------------------------ determinant
DET_CASES = {k: v for k, v in ALL_CASES.items() if v.nrows == v.ncols}
DET_CASES["poly-4x4-sym"] = M([[Poly.var(f"s{min(i, j)}{max(i, j)}") for j in range(4)] for i in range(4)])


@pytest.mark.parametrize("case", sorted(DET_CASES))
def test_det(case):
    A = DET_CASES[case]
    ref = sympy.expand(to_sympy(A).det(method="berkowitz"))
    for method in METHODS:
        d, obs = det_certificate(A, "M", method=method, seed=SEED)
        assert sympy.expand(to_sympy(M([[d]]))[0, 0] - ref) == 0, (case, method)
        assert check_all(obs, {"M": A}) == [("det", "M", d)]


def test_det_hand_values():
    for method in METHODS:
        assert det_certificate(M([[1, 2], [3, 4]]), "M", method=method)[0] == -2
        assert det_certificate(M([[F(1, 2), 0], [0, F(2, 3)]]), "M", method=method)[0] == F(1, 3)
        assert det_certificate(M([[x, 1], [1, x]]), "M", method=method)[0] == x * x - 1
        assert det_certificate(RATIONAL_CASES["many-primes-full"], "M", method=method)[0] == _BIG
        with pytest.raises(EngineError):
            det_certificate(M([[1, 2]]), "M", method=method)


# --------------------------------------------------------------------------------------- inertia
def _inertia_reference(A):
    """Descartes' rule of signs is exact on the real-rooted characteristic polynomial."""
    lam = sympy.Symbol("lam")
    cp = sympy.Poly(to_sympy(A).charpoly(lam).as_expr(), lam)
    zero = next(k for k, c in enumerate(reversed(cp.all_coeffs())) if c != 0)

    def changes(coeffs):
        s = [c for c in coeffs if c != 0]
        return sum(1 for a, b in zip(s, s[1:]) if (a > 0) != (b > 0))
    pos = changes(cp.all_coeffs())
    neg = changes(sympy.Poly(cp.as_expr().subs(lam, -lam), lam).all_coeffs())
    return pos, neg, zero


def _sym(seed, n, zero_diag=False, rank=None):
    rng = random.Random(seed)
    if rank is not None:
        B = _rand(n, rank, seed)
        S = M([[rng.choice([-2, -1, 1, 3]) if i == j else 0 for j in range(rank)] for i in range(rank)])
        return matmul(matmul(B, S), B.T)
    rows = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            v = 0 if (zero_diag and i == j) else rng.randint(-3, 3)
            rows[i][j] = rows[j][i] = v
    return M(rows)


INERTIA_CASES = {
    "pd": M([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]),
    "zero-diag": M([[0, 1, 2], [1, 0, 3], [2, 3, 0]]),
    "zero": zeros(3, 3),
    "1x1-neg": M([[F(-1, 3)]]),
    "hyperbolic+zero": M([[0, 1, 0], [1, 0, 0], [0, 0, 0]]),
    "rational": M([[F(1, 2), F(1, 3)], [F(1, 3), F(1, 4)]]),
    "random-7": _sym(1, 7),
    "random-zero-diag-6": _sym(2, 6, zero_diag=True),
    "low-rank-8": _sym(3, 8, rank=4),
}


@pytest.mark.parametrize("case", sorted(INERTIA_CASES))
def test_inertia(case):
    A = INERTIA_CASES[case]
    ref = _inertia_reference(A)
    for method in METHODS:
        value, obs = inertia_certificate(A, "M", method=method)
        assert value == ref, (case, method)
        ob = obs[0]
        L, D, perm = decode_matrix(ob["L"]), decode_matrix(ob["D"]), ob["perm"]
        assert matmul(matmul(L, D), L.T) == A.submatrix(perm, perm)
        assert check_all(obs, {"M": A}) == [("inertia", "M", value)]


def test_inertia_rejects_nonsymmetric_and_polynomial():
    with pytest.raises(EngineError):
        inertia_certificate(M([[1, 2], [3, 4]]), "M")
    with pytest.raises(EngineError):
        inertia_certificate(M([[x, 1], [1, x]]), "M")


# ----------------------------------------------------------------------------------------- solve
SOLVE_CASES = {
    "square": (M([[2, 1], [1, 3]]), M([[1], [2]])),
    "deficient-consistent": (M([[1, 2], [2, 4]]), M([[1], [2]])),
    "deficient-inconsistent": (M([[1, 2], [2, 4]]), M([[1], [3]])),
    "wide": (_rand(3, 6, 7), M([[1], [F(1, 2)], [-1]])),
    "tall-inconsistent": (_rand(6, 3, 8), M([[1], [0], [0], [0], [0], [1]])),
    "two-rhs": (M([[1, 0], [0, 2], [1, 2]]), M([[1, 2], [3, 4], [4, 6]])),
    "poly": (M([[x, 0], [0, 1]]), M([[x * x], [3]])),
    "poly-inconsistent": (M([[x, y], [x, y]]), M([[1], [x]])),
}


@pytest.mark.parametrize("case", sorted(SOLVE_CASES))
def test_solve(case):
    A, b = SOLVE_CASES[case]
    solvable = to_sympy(A).rank(simplify=True) == to_sympy(hstack([A, b])).rank(simplify=True)
    for method in METHODS:
        sol, obs = solve_certificate(A, b, "M", "b", method=method, seed=SEED)
        assert (sol is not None) == solvable, (case, method)
        if sol is not None:
            assert matmul(A, sol) == b
        assert check_all(obs, {"M": A, "b": b}) == [("solvable", "M", "b", solvable)]


def test_solve_rational_function_solution_is_unknown():
    with pytest.raises(Unknown):
        solve_certificate(M([[x, 0], [0, 1]]), M([[1], [3]]), "M", "b")


# --------------------------------------------------------------------------------------- detbool
def _detbool_brute(A):
    n = A.nrows
    return int(any(all(A.rows[i][p[i]] != 0 for i in range(n)) for p in itertools.permutations(range(n))))


def test_detbool_against_brute_force():
    rng = random.Random(5)
    seen = set()
    for trial in range(120):
        n = rng.randint(1, 6)
        dens = rng.choice([0.3, 0.5, 0.7])
        A = M([[1 if rng.random() < dens else 0 for _ in range(n)] for _ in range(n)])
        v, obs = detbool_certificate(A, "M")
        assert v == _detbool_brute(A)
        assert check_all(obs, {"M": A}) == [("detbool", "M", v)]
        seen.add(v)
    assert seen == {0, 1}


def test_detbool_polynomial_support():
    v, obs = detbool_certificate(M([[x, 0], [0, y - x]]), "M")
    assert v == 1
    v, obs = detbool_certificate(M([[x, y], [0, 0]]), "M")
    assert v == 0 and obs[0]["hall_rows"] == [1]


# --------------------------------------------------------------------------------- Fiat–Shamir
def test_derive_prime():
    ps = [derive_prime(b"seed", f"label{k}") for k in range(20)]
    assert all((1 << 61) <= p < (1 << 62) and sympy.isprime(p) for p in ps)
    assert len(set(ps)) == 20
    assert derive_prime(b"seed", "label0") == ps[0]
    assert derive_prime(b"other", "label0") != ps[0]
    assert all(is_prime(q) == sympy.isprime(q) for q in range(2000))
    big = 2**61 + 1
    assert [is_prime(q) for q in range(big, big + 400)] == [sympy.isprime(q) for q in range(big, big + 400)]


def test_derive_point():
    pt = derive_point(b"seed", ["y", "x"], "lbl")
    assert sorted(pt) == ["x", "y"]
    assert all(v != 0 and abs(v) <= 2**20 for v in pt.values())
    assert pt == derive_point(b"seed", ["x", "y"], "lbl")
    assert pt != derive_point(b"seed", ["x", "y"], "lbl#1")


def test_polynomial_det_algorithms_agree():
    """Memoised Laplace (flint, n <= 10) and Bareiss (flint, n > 10; python) give the same polynomial."""
    from verify.engines import _flint, _python, polyalg
    if "flint" not in METHODS:
        pytest.skip("python-flint not installed")
    rng = random.Random(3)
    for _ in range(15):
        n = rng.randint(1, 6)
        A = M([[rng.choice([0, 1, -2, x, y, x * y - 1, F(1, 2) * z]) for _ in range(n)] for _ in range(n)])
        R = _flint.PolyRing(A.variables() or ["x"])
        C = R.convert(A)
        lap = R.to_entry(polyalg.laplace_det(C, R.zero, R.one))
        assert lap == R.to_entry(polyalg.bareiss_det(C, R.div, R.zero, R.one))
        assert lap == _python.PolyRing(A.variables()).det(A)
