"""The float64-BLAS modular engine against python-flint, and the kernel's numpy checks.

Expected answers come from python-flint (`nmod_mat`, `fmpz_mat`) or from explicit constructions
(matrices of known rank and determinant), never from the engine itself.
"""

import types
from fractions import Fraction

import flint
import numpy as np
import pytest

from verify.engines import modular as E
from verify.errors import CertificateError
from verify.kernel import modular as K
from verify.kernel.exact import decode_matrix

PRIMES = [2, 3, 7, 101, 65537, 1048583, 16777213, 67108859]     # up to just below 2^26


def _random_rank(rng, m, n, r, lo=-5, hi=5):
    return (rng.integers(lo, hi + 1, (m, r)) @ rng.integers(lo, hi + 1, (r, n))).astype(np.int64)


def _flint_rank(A, p):
    m, n = A.shape
    if m == 0 or n == 0:
        return 0
    return flint.nmod_mat(m, n, [int(x) % p for x in A.flat], p).rank()


def _flint_det(A, p):
    n = A.shape[0]
    if n == 0:
        return 1
    return int(flint.nmod_mat(n, n, [int(x) % p for x in A.flat], p).det())


def _cases():
    rng = np.random.default_rng(2024)
    out = []
    for m, n, r in [(1, 1, 1), (5, 5, 0), (7, 3, 3), (3, 7, 2), (30, 30, 30), (40, 40, 37),
                    (60, 25, 20), (25, 60, 25), (120, 90, 70), (300, 300, 300), (300, 280, 150),
                    (200, 300, 199)]:
        out.append(_random_rank(rng, m, n, r) if r else np.zeros((m, n), dtype=np.int64))
    out.append(rng.integers(-9, 10, (150, 150)))
    big = rng.integers(-(1 << 40), 1 << 40, (40, 50))                          # needs reduction
    out.append(big)
    return out


CASES = _cases()


@pytest.mark.parametrize("i", range(len(CASES)))
def test_rank_matches_flint_and_pivots_are_nonsingular(i):
    A = CASES[i]
    for p in PRIMES[i % 3::3] + [1048583]:
        r, rows, cols = E.rank_mod_p(A, p)
        assert r == _flint_rank(A, p)
        assert len(rows) == len(cols) == r and len(set(rows)) == r and len(set(cols)) == r
        if r:
            assert _flint_det(A[np.ix_(rows, cols)], p) != 0
        assert cols == sorted(cols)


def test_memory_layouts_and_views():
    """Fortran-ordered inputs and transposed views give the same answers (no aliasing)."""
    rng = np.random.default_rng(9)
    A = _random_rank(rng, 70, 50, 33)
    r = _flint_rank(A, 1048583)
    for X in (np.asfortranarray(A), A.T.T, np.asfortranarray(A.T).T):
        assert E.rank_mod_p(X, 1048583)[0] == r
    assert E.rank_mod_p(np.asfortranarray(A.T), 1048583)[0] == r
    S = _det_matrix(30, 1048583)
    full = list(range(30))
    K.check_minor_nonzero(np.asfortranarray(S), full, full, 1000003)
    with pytest.raises(CertificateError, match="singular"):
        K.check_minor_nonzero(np.asfortranarray(S), full, full, 1048583)
    with pytest.raises(CertificateError, match="singular"):                 # gathered, F-ordered
        K.check_minor_nonzero(np.asfortranarray(S), full[::-1], full, 1048583)


def test_rank_profile_is_greedy_first_columns():
    A = np.array([[0, 1, 2, 0], [0, 2, 4, 1], [0, 3, 6, 1]], dtype=np.int64)
    assert E.rank_mod_p(A, 101)[2] == [1, 3]
    assert E.rank_mod_p(A, 101)[0] == 2


def test_det_matches_flint():
    rng = np.random.default_rng(5)
    for n, p in [(1, 7), (2, 3), (17, 101), (64, 1048583), (130, 67108859), (200, 16777213)]:
        A = rng.integers(-50, 51, (n, n))
        assert E.det_mod_p(A, p) == _flint_det(A, p)
    S = _random_rank(rng, 20, 20, 19)
    assert E.det_mod_p(S, 1048583) == 0


def test_nullspace_mod_p():
    rng = np.random.default_rng(6)
    for A, p in [(_random_rank(rng, 50, 70, 33), 1048583), (_random_rank(rng, 90, 60, 60), 101),
                 (np.zeros((4, 6), dtype=np.int64), 7)]:
        r, rows, cols, free, N = E.nullspace_mod_p(A, p)
        assert r == _flint_rank(A, p) and len(free) == A.shape[1] - r
        assert not np.any((A.astype(object) @ N.astype(object)) % p)
        assert np.array_equal(N[free], np.eye(len(free), dtype=np.int64))


def test_khatri_rao_columns():
    rng = np.random.default_rng(7)
    A, B = rng.integers(-9, 10, (3, 5)), rng.integers(-9, 10, (4, 5))
    KR = E.khatri_rao_columns_np(A, B)
    for j in range(5):
        assert np.array_equal(KR[:, j], np.kron(A[:, j], B[:, j]))


def test_derive_small_prime():
    p = E.derive_small_prime(b"case", "M/0")
    assert p == E.derive_small_prime(b"case", "M/0")
    assert (1 << 20) <= p < (1 << 21) and flint.fmpz(p).is_prime()
    others = {E.derive_small_prime(b"case", f"M/{t}") for t in range(1, 6)}
    others |= {E.derive_small_prime(b"other", "M/0")}
    assert len(others - {p}) >= 5
    assert (1 << 25) <= E.derive_small_prime(b"x", "y", bits=26) < (1 << 26)


# ------------------------------------------------------------------------------ array modules
class _Tensor(np.ndarray):
    """A numpy array that answers the few torch tensor methods the engine uses."""

    def clone(self):
        return self.copy()

    def cpu(self):
        return self

    def contiguous(self):
        return self if self.flags["C_CONTIGUOUS"] else np.ascontiguousarray(self).view(_Tensor)

    def numpy(self):
        return np.asarray(self).view(np.ndarray)


_fake_torch = types.SimpleNamespace(
    __name__="torch", float64=np.float64, cuda=types.SimpleNamespace(is_available=lambda: False),
    as_tensor=lambda a, dtype=None, device=None: np.array(a, dtype=dtype).view(_Tensor),
    zeros=lambda shape, dtype=None, device=None: np.zeros(shape, dtype=dtype).view(_Tensor),
    round=lambda a: np.rint(a).view(_Tensor), nonzero=lambda v: np.argwhere(np.asarray(v)))
_fake_cupy = types.SimpleNamespace(__name__="cupy", asarray=lambda a: np.array(a), asnumpy=np.asarray, zeros=np.zeros,
                                   array=np.array,
                                   rint=np.rint, nonzero=np.nonzero)


@pytest.mark.parametrize("xp", [np, _fake_cupy, _fake_torch], ids=["numpy", "cupy-like", "torch-like"])
def test_array_module_paths_agree(xp):
    for A in CASES[4:9] + [CASES[-1]]:
        for p in (101, 1048583, 67108859):
            assert E.rank_mod_p(A, p, xp=xp) == E.rank_mod_p(A, p)
    A = CASES[8]
    assert E.det_mod_p(A[:90, :90], 1048583, xp=xp) == _flint_det(A[:90, :90], 1048583)
    r, rows, cols, free, N = E.nullspace_mod_p(A, 65537, xp=xp)
    assert np.array_equal(N, E.nullspace_mod_p(A, 65537)[4])


# ----------------------------------------------------------------------------- certificates
def _kernel_accepts(A, obligations):
    for ob in obligations:
        if ob["rule"] == "rank_ge":
            K.check_rank_ge(A, ob["r"], ob["rows"], ob["cols"], ob["prime"])
        elif ob["side"] == "trivial":
            assert ob["r"] >= min(A.shape)
        else:
            basis = decode_matrix(ob["basis"])
            rows = [list(r) for r in basis.rows]
            if ob["side"] == "right":
                K.check_rank_le_right(A, ob["r"], K.integer_columns(rows), ob["basis_rows"],
                                      ob["basis_cols"], ob["prime"])
            else:
                Nt = [list(c) for c in zip(*rows)]
                K.check_rank_le_right(A.T, ob["r"], K.integer_columns(Nt), ob["basis_cols"],
                                      ob["basis_rows"], ob["prime"])


def _deficient(rng, m, n, drop):
    """m x n random matrix whose last `drop` columns are small combinations of the others."""
    A = rng.integers(-9, 10, (m, n))
    for j in range(n - drop, n):
        c = rng.integers(-2, 3, n - drop)
        A[:, j] = A[:, :n - drop] @ c
    return A


@pytest.mark.parametrize("shape", [(60, 60, 3), (45, 70, 0), (70, 45, 2), (30, 50, 35)])
def test_rank_certificate_checked_by_kernel(shape):
    rng = np.random.default_rng(sum(shape))
    m, n, drop = shape
    A = _deficient(rng, m, n, drop) if drop < n - 1 else _random_rank(rng, m, n, 12)
    r, obs = E.rank_certificate_np(A, "M", b"seed")
    assert r == flint.fmpz_mat(A.tolist()).rank()
    _kernel_accepts(A, obs)


def test_rational_kernel_needs_several_primes():
    rng = np.random.default_rng(11)
    A = _random_rank(rng, 14, 12, 9, -20, 20)
    r, rows, cols, p, free, N = E.exact_kernel_np(A, b"s", max_primes=20)
    assert r == 9 and len(free) == 3
    assert any(x.denominator > 1 for row in N for x in row)
    for j in range(3):
        assert all(sum(int(a) * row[j] for a, row in zip(Arow, N)) == 0 for Arow in A)
    assert flint.fmpz_mat(A.tolist()).rank() == 9


def _det_matrix(n, q):
    """A unimodular-times-diag(1,...,1,q) integer matrix: det = +-q, so singular exactly mod q."""
    rng = np.random.default_rng(n)
    L = np.tril(rng.integers(-3, 4, (n, n)), -1) + np.eye(n, dtype=np.int64)
    U = np.triu(rng.integers(-3, 4, (n, n)), 1) + np.eye(n, dtype=np.int64)
    D = np.eye(n, dtype=np.int64)
    D[-1, -1] = q
    return L @ D @ U


def test_kernel_rank_ge_accepts_and_rejects():
    q = 1048583
    A = _det_matrix(40, q)
    full = list(range(40))
    K.check_rank_ge(A, 40, full, full, 1048589)                  # another prime: det != 0 mod it
    with pytest.raises(CertificateError, match="RANK_GE: .*singular mod 1048583"):
        K.check_rank_ge(A, 40, full, full, q)                     # wrong prime: divides det
    for bad in (1048589 * 3, 1 << 20, 1, 0, -7, True, 7.0):
        with pytest.raises(CertificateError, match="RANK_GE"):
            K.check_rank_ge(A, 40, full, full, bad)
    with pytest.raises(CertificateError, match="distinct"):
        K.check_rank_ge(A, 40, full[:-1] + [0], full, 1048589)
    with pytest.raises(CertificateError, match="range"):
        K.check_rank_ge(A, 40, full[:-1] + [40], full, 1048589)
    with pytest.raises(CertificateError, match="needs 40"):
        K.check_rank_ge(A, 40, full[:-1], full[:-1], 1048589)


def test_kernel_rejects_altered_certificates():
    rng = np.random.default_rng(3)
    A = rng.integers(-9, 10, (50, 50))
    A[:, 48] = A[:, 0] - 2 * A[:, 1]
    A[:, 49] = A[:, 2] + A[:, 3]
    r, obs = E.rank_certificate_np(A, "M", b"seed")
    ge, le = obs
    assert r == 48 and ge["r"] == 48 and ge["cols"] == list(range(48))
    # changed rows: a row outside the pivots that makes the minor singular (a zero row)
    Z = A.copy()
    Z[ge["rows"][5]] = 0
    with pytest.raises(CertificateError, match="singular"):
        K.check_rank_ge(Z, 48, ge["rows"], ge["cols"], ge["prime"])          # swapped matrix
    with pytest.raises(CertificateError, match="singular"):                  # a dependent column
        K.check_rank_ge(A, 48, ge["rows"], ge["cols"][:-1] + [48], ge["prime"])   # 48 = c0 - 2 c1
    with pytest.raises(CertificateError, match="RANK_GE"):
        K.check_rank_ge(A, 49, ge["rows"] + [ge["rows"][0]], ge["cols"] + [49], ge["prime"])
    # rank_le: an altered basis entry, a too small basis, a swapped matrix
    N = K.integer_columns([list(row) for row in decode_matrix(le["basis"]).rows])
    K.check_rank_le_right(A, 48, N, le["basis_rows"], le["basis_cols"], le["prime"])
    N2 = N.copy()
    N2[0, 0] += 1
    with pytest.raises(CertificateError, match="RANK_LE: M\\*N != 0"):
        K.check_rank_le_right(A, 48, N2, le["basis_rows"], le["basis_cols"], le["prime"])
    with pytest.raises(CertificateError, match="needs 3"):
        K.check_rank_le_right(A, 47, N, le["basis_rows"], le["basis_cols"], le["prime"])
    B = A.copy()
    B[:, -1] += 1
    with pytest.raises(CertificateError, match="RANK_LE"):
        K.check_rank_le_right(B, 48, N, le["basis_rows"], le["basis_cols"], le["prime"])
    # a basis whose columns are equal has rank 1, so its 2-minor is singular
    N3 = N.copy()
    N3[:, 1] = N3[:, 0]
    with pytest.raises(CertificateError):
        K.check_rank_le_right(A, 48, N3, le["basis_rows"], le["basis_cols"], le["prime"])


def test_product_check_guards_int64_overflow():
    A = np.array([[1 << 32, 0]], dtype=np.int64)
    N = np.array([[1 << 32], [0]], dtype=np.int64)
    assert not np.any(A @ N)                                    # int64 wraps 2^64 to 0 ...
    with pytest.raises(CertificateError, match="row 0"):
        K.check_product_zero(A, N)                              # ... the guard does not
    big = np.array([[1 << 70], [-(1 << 70)]], dtype=object)
    K.check_product_zero(np.array([[3, 3], [1, 1]]), big)
    with pytest.raises(CertificateError):
        K.check_product_zero(np.array([[3, 2]]), big)
    assert K.integer_columns([[Fraction(1, 2), 1], [Fraction(-1, 3), 2]]).tolist() == [[3, 1], [-2, 2]]


def test_kernel_minor_with_large_prime_and_object_entries():
    q = 1000003
    A = _det_matrix(12, q).astype(object) * (1 << 70) + _det_matrix(12, q).astype(object)
    A = A - _det_matrix(12, q).astype(object) * (1 << 70)                     # same values, object
    full = list(range(12))
    p_big = (1 << 61) - 1
    K.check_minor_nonzero(A, full, full, p_big)
    with pytest.raises(CertificateError, match="singular mod 1000003"):
        K.check_minor_nonzero(A, full, full, q)
    assert K.is_prime(p_big) and not K.is_prime(p_big - 2) and not K.is_prime(3215031751)
    q25 = next(x for x in range((1 << 25) + 1, 1 << 26, 2) if flint.fmpz(x).is_prime())   # slow path
    S = _det_matrix(20, q25)
    full = list(range(20))
    K.check_minor_nonzero(S, full, full, 1048583)
    with pytest.raises(CertificateError, match="singular"):
        K.check_minor_nonzero(S, full, full, q25)


def test_kernel_does_not_import_engines():
    import ast
    import inspect
    tree = ast.parse(inspect.getsource(K))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not any("engines" in x or "flint" in x or "sympy" in x for x in names)


def test_obligations_pass_the_kernel_rules_on_int_array_matrices():
    """The engine's obligations, as dicts, through `verify.kernel.rules` on an IntArrayMatrix."""
    from verify.kernel.arrays import IntArrayMatrix
    from verify.kernel.rules import check_rank_ge, check_rank_le
    rng = np.random.default_rng(21)
    for m, n, drop in [(60, 60, 3), (40, 70, 0), (70, 40, 5)]:
        A = _deficient(rng, m, n, drop) if drop else _random_rank(rng, m, n, 31)
        r, obs = E.rank_certificate_np(A, "M", b"rules")
        objects = {"M": IntArrayMatrix(np.ascontiguousarray(A, dtype=np.int64))}
        assert check_rank_ge(obs[0], objects) == ("rank_ge", "M", r)
        assert check_rank_le(obs[1], objects)[2] == r == flint.fmpz_mat(A.tolist()).rank()
        bad = dict(obs[0], prime=obs[0]["prime"] + 2)                           # not a prime
        with pytest.raises(CertificateError):
            check_rank_ge(bad, objects)
