"""The kernel's numpy elimination mod p is exact for every integer input (issue: entries in
[2^52, 2^53) were sent to float64 unreduced).  Expected answers come from plain Python-integer
elimination mod p (`modp.square_nonsingular_mod_p` is not used: an independent Bareiss here)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from verify.kernel.errors import CertificateError
from verify.kernel.modular import check_minor_nonzero

PRIMES = [3, 5, 7, 2**13 - 1, 65521, 1048573, 16777213, 33554393, 2**31 - 1, 2**61 - 1]
EDGES = [2**52 - 1, 2**52, 2**52 + 1, 2**53 - 1, 2**53, 2**53 + 1, 2**62, 2**63 - 1, -2**63, -2**53 - 1]


def det_mod(rows, p):
    """Determinant mod p by Gaussian elimination on Python ints (independent of the kernel)."""
    a = [[x % p for x in r] for r in rows]
    n, d = len(a), 1
    for c in range(n):
        piv = next((r for r in range(c, n) if a[r][c]), None)
        if piv is None:
            return 0
        if piv != c:
            a[c], a[piv] = a[piv], a[c]
            d = -d
        d = d * a[c][c] % p
        inv = pow(a[c][c], p - 2, p)
        for r in range(c + 1, n):
            f = a[r][c] * inv % p
            a[r] = [(x - f * y) % p for x, y in zip(a[r], a[c])]
    return d % p


def kernel_says_nonsingular(A, p):
    n = A.shape[0]
    try:
        check_minor_nonzero(A, list(range(n)), list(range(n)), p)
        return True
    except CertificateError:
        return False


@pytest.mark.parametrize("big", EDGES)
@pytest.mark.parametrize("p", PRIMES)
def test_singular_matrix_with_edge_entry_is_singular_under_every_prime(big, p):
    rng = np.random.default_rng(abs(big) % 1000 + p % 1000)
    n = 40
    A = rng.integers(-5, 6, size=(n, n)).astype(np.int64)
    A[0, 0] = big
    A[:, 1] = 2 * A[:, 0] if abs(big) < 2**62 else A[:, 0]   # column 1 depends on column 0
    assert det_mod(A.tolist(), p) == 0
    assert not kernel_says_nonsingular(A, p)


def test_issue_reproduction_rank_255_with_entry_2_53_minus_1():
    """256 x 256 of rank 255 with one entry 2^53 - 1: singular under every prime tried."""
    rng = np.random.default_rng(7)
    A = rng.integers(-3, 4, size=(256, 256)).astype(np.int64)
    A[5, 0] = 2**53 - 1
    A[:, 1] = 2 * A[:, 0]
    for p in [65521, 1048573, 16777213, 33554393, 12289, 40961]:
        assert not kernel_says_nonsingular(A, p)


def test_object_array_and_unsigned_inputs():
    A = np.array([[2**70 + 1, 1], [1, 1]], dtype=object)
    for p in [3, 65521, 2**61 - 1]:
        assert kernel_says_nonsingular(A, p) == (det_mod([[2**70 + 1, 1], [1, 1]], p) != 0)
    U = np.array([[2**64 - 1, 2**64 - 1], [1, 1]], dtype=np.uint64)
    for p in [3, 65521, 2**61 - 1]:
        assert not kernel_says_nonsingular(U, p)


edge = st.sampled_from(EDGES) | st.integers(-2**63, 2**63 - 1) | st.integers(-9, 9)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 12), p=st.sampled_from(PRIMES), data=st.data())
def test_numpy_path_agrees_with_python_elimination(n, p, data):
    rows = [[data.draw(edge) for _ in range(n)] for _ in range(n)]
    if data.draw(st.booleans()) and n > 1:          # make it singular half the time
        i, j = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
        for r in range(n):
            rows[r][j] = rows[r][i] if i != j else 0
    A = np.array(rows, dtype=np.int64)
    assert kernel_says_nonsingular(A, p) == (det_mod(rows, p) != 0)
