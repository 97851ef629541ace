"""Inertia: the congruence certificate (engine `verify.engines.congruence`, kernel
`verify.kernel.congruence`) and the exact LDLᵀ, against an independent method (Descartes' rule of
signs on the characteristic polynomial, exact for a symmetric matrix), and the kernel's rejections."""

import copy
import random
from fractions import Fraction as F

import pytest
from flint import fmpq, fmpq_mat

from verify.engines import inertia_certificate
from verify.engines.congruence import float_ldl
from verify.engines.inertia import CONGRUENCE_MIN_DIM, congruence_obligation
from verify.errors import CertificateError
from verify.kernel.congruence import congruent_form
from verify.kernel.exact import Matrix, decode_matrix, encode_matrix, matmul
from verify.builders.matrices import block_diag, zeros
from verify.kernel.rules import check_obligation


def M(rows):
    return Matrix.from_rows(rows)


def descartes(A):
    """(n+, n-, n0) from the characteristic polynomial: all its roots are real (A symmetric), so
    Descartes' rule of signs counts the positive roots exactly; p(-x) gives the negative ones."""
    cp = fmpq_mat([[fmpq(F(x).numerator, F(x).denominator) for x in r] for r in A.rows]).charpoly() if A.nrows else None
    coeffs = [F(int(c.p), int(c.q)) for c in cp.coeffs()] if cp is not None else [F(1)]   # low -> high
    zero = next(k for k, c in enumerate(coeffs) if c != 0)

    def changes(cs):
        s = [c for c in cs if c != 0]
        return sum(1 for a, b in zip(s, s[1:]) if (a > 0) != (b > 0))
    return changes(coeffs), changes([c * (-1) ** k for k, c in enumerate(coeffs)]), zero


def sym(seed, n, lo=-3, hi=3, zero_diag=False, den=1):
    rng = random.Random(seed)
    rows = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            v = 0 if zero_diag and i == j else F(rng.randint(lo, hi), rng.randint(1, den))
            rows[i][j] = rows[j][i] = v
    return M(rows)


def low_rank(seed, n, r):
    rng = random.Random(seed)
    B = M([[rng.randint(-2, 2) for _ in range(r)] for _ in range(n)])
    S = M([[rng.choice([-2, -1, 1, 3]) if i == j else 0 for j in range(r)] for i in range(r)])
    return matmul(matmul(B, S), B.T)


def hilbert(n):
    return M([[F(1, i + j + 1) for j in range(n)] for i in range(n)])


N = CONGRUENCE_MIN_DIM
CASES = {
    "random-int": sym(1, N + 4),
    "random-wide": sym(2, 40, -1000, 1000),
    "rational": sym(3, N + 2, den=7),
    "zero-diagonal": sym(4, N + 1, zero_diag=True),
    "hyperbolic-pairs": block_diag([M([[0, k], [k, 0]]) for k in range(1, N // 2 + 2)]),
    "low-rank": low_rank(5, N + 6, 7),
    "rank-one": low_rank(6, N, 1),
    "zero": zeros(N, N),
    "zero-rows": block_diag([sym(7, N), zeros(3, 3), sym(8, 4)]),
    "hilbert": hilbert(N),
    "psd-gram": matmul(M([[random.Random(9).randint(-3, 3) for _ in range(N + 3)] for _ in range(N)]).T,
                       M([[random.Random(9).randint(-3, 3) for _ in range(N + 3)] for _ in range(N)])),
    "small-1x1": M([[F(-1, 3)]]),
    "small-zero-diag": M([[0, 1, 2], [1, 0, 3], [2, 3, 0]]),
    "small-singular": M([[1, 2, 3], [2, 4, 6], [3, 6, 10]]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_inertia_matches_descartes_and_kernel(case):
    A = CASES[case]
    value, obs = inertia_certificate(A, "M")
    assert value == descartes(A)
    assert check_obligation(obs[0], {"M": A}) == ("inertia", "M", value)
    assert ("U" in obs[0]) == (A.nrows >= N)                 # the congruence is found for all of them


def test_congruence_on_small_matrices_too():
    for seed in range(12):
        n = 1 + seed % 6
        A = sym(100 + seed, n) if seed % 3 else low_rank(100 + seed, n, max(1, n // 2))
        value, obs = congruence_obligation(A, "M")
        assert value == descartes(A)
        assert check_obligation(obs[0], {"M": A}) == ("inertia", "M", value)


def test_float_hint_uses_2x2_blocks_where_needed():
    import numpy as np
    _, _, blocks = float_ldl(np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert blocks == [2]


def test_congruent_form_is_the_product():
    rng = random.Random(11)
    for n, bits in ((1, 3), (5, 70), (9, 200)):
        A = [[0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i, n):
                A[i][j] = A[j][i] = rng.randint(-2 ** bits, 2 ** bits)
        U = [[rng.randint(-2 ** bits, 2 ** bits) for _ in range(n)] for _ in range(n)]
        G = congruent_form(U, A)
        Um, Am = M(U), M(A)
        assert G == [list(r) for r in matmul(matmul(Um.T, Am), Um).rows]


# ----------------------------------------------------------------------------- rejections
def _cert(A):
    value, obs = inertia_certificate(A, "M")
    assert "U" in obs[0]
    return obs[0]


def _rejects(ob, A, match=None):
    with pytest.raises(CertificateError, match=match):
        check_obligation(ob, {"M": A})


def _with_U(ob, f):
    bad = copy.deepcopy(ob)
    rows = bad["U"]["rows"]
    f(rows)
    return bad


def test_kernel_rejects_altered_congruences():
    A = sym(21, N + 2)
    ob = _cert(A)
    n = A.nrows
    bad = copy.deepcopy(ob)
    bad["value"] = [ob["value"][0] - 1, ob["value"][1] + 1, ob["value"][2]]
    _rejects(bad, A, "claimed inertia")
    for perm in (list(range(n - 1)) + [0], list(range(n - 1)), [True] + list(range(1, n)), list(range(n))[::-1] + [n]):
        bad = copy.deepcopy(ob)
        bad["perm"] = perm
        _rejects(bad, A, "permutation")
    # U singular: a diagonal block made zero (its column otherwise kept)
    j = sum(ob["blocks"][:-1])
    _rejects(_with_U(ob, lambda r: [row.__setitem__(c, 0) for row in r[j:] for c in range(j, n)]), A)
    # U not block triangular
    _rejects(_with_U(ob, lambda r: r[n - 1].__setitem__(0, 1)), A, "below its diagonal block")
    # U with a non-integer entry, wrong shape
    _rejects(_with_U(ob, lambda r: r[0].__setitem__(0, "1/2")), A, "integer")
    bad = copy.deepcopy(ob)
    bad["U"] = encode_matrix(Matrix(n - 1, n - 1, [r[:-1] for r in decode_matrix(ob["U"]).rows[:-1]]))
    _rejects(bad, A, "n x n")
    # blocks that do not sum to n, or a bad size
    for blocks in (ob["blocks"][:-1], [3] + [1] * (n - 3), [1.0] * n):
        bad = copy.deepcopy(ob)
        bad["blocks"] = blocks
        _rejects(bad, A)
    # U = identity: M itself is not diagonally dominant
    bad = copy.deepcopy(ob)
    bad["perm"], bad["blocks"] = list(range(n)), [1] * n
    bad["U"] = encode_matrix(Matrix(n, n, [[int(i == j) for j in range(n)] for i in range(n)]))
    _rejects(bad, A, "diagonally dominant")
    # a large change of one entry breaks dominance (a small one may still be a valid certificate)
    _rejects(_with_U(ob, lambda r: r[0].__setitem__(n - 1, r[0][n - 1] + 2 ** 60)), A)
    # the certificate belongs to another matrix
    _rejects(ob, sym(22, N + 2))


def test_kernel_rejects_zero_diagonal_with_nonzero_row():
    A = M([[0, 1], [1, 0]])
    ob = {"rule": "inertia", "matrix": "M", "perm": [0, 1], "blocks": [1, 1],
          "U": encode_matrix(M([[1, 0], [0, 1]])), "value": [0, 0, 2]}
    _rejects(ob, A, "zero diagonal")
    ob["U"], ob["blocks"], ob["value"] = encode_matrix(M([[1, 1], [1, -1]])), [2], [1, 1, 0]
    assert check_obligation(ob, {"M": A}) == ("inertia", "M", (1, 1, 0))


def test_kernel_rejects_altered_ldlt():
    A = sym(31, 5)
    value, obs = inertia_certificate(A, "M")
    ob = obs[0]
    assert "L" in ob
    bad = copy.deepcopy(ob)
    bad["D"]["rows"][0][0] = F(decode_matrix(ob["D"]).rows[0][0] + 1).__str__()
    _rejects(bad, A, "L D L")
    bad = copy.deepcopy(ob)
    bad["value"] = [value[0] + 1, value[1] - 1, value[2]] if value[1] else [value[0] - 1, 1, value[2]]
    _rejects(bad, A, "claimed inertia")
    bad = copy.deepcopy(ob)
    bad["perm"] = [0] * 5
    _rejects(bad, A, "permutation")


def test_fallback_to_exact_ldlt(monkeypatch):
    import verify.engines.inertia as inertia
    monkeypatch.setattr(inertia, "congruence_certificate", lambda A: None)
    A = sym(41, N + 1)
    value, obs = inertia_certificate(A, "M")
    assert "L" in obs[0] and value == descartes(A)
    assert check_obligation(obs[0], {"M": A}) == ("inertia", "M", value)


def test_deep_linear_hessians():
    from verify.builders import deep_linear as dl
    rng = random.Random(5)
    dims = [3, 4, 3, 4, 3]
    Ws = [M([[rng.randint(-2, 2) for _ in range(dims[k])] for _ in range(dims[k + 1])]) for k in range(4)]
    X = M([[rng.randint(-2, 2) for _ in range(4)] for _ in range(3)])
    Y = M([[rng.randint(-2, 2) for _ in range(4)] for _ in range(3)])
    data = dl.make_data(3, 3, seed=2)
    for H in (dl.hessian(Ws, X, Y), dl.hessian(dl.index_set_point(data, [3] * 5, [0, 1]), data.X, data.Y),
              dl.hessian(dl.zero_layers_point([3] * 5, {1, 2}), data.X, data.Y)):
        value, obs = inertia_certificate(H, "H")
        assert "U" in obs[0] and value == descartes(H)
        assert check_obligation(obs[0], {"H": H}) == ("inertia", "H", value)
