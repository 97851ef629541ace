"""`verify.builders.normalization` (the trusted constructions of the Giannou et al. network claims)
against independent computations: a plain-Fraction forward pass written here, box vertices
enumerated here, sympy for the linear algebra."""

import random
from fractions import Fraction
from itertools import product

import pytest
import sympy

from verify.builders import normalization as nz
from verify.cases.randgen import random_values_reference
from verify.kernel.exact import Matrix


def rnd_matrix(rng, m, n, lo=-5, hi=5, den=1):
    return Matrix(m, n, [[Fraction(rng.randint(lo, hi), den) for _ in range(n)] for _ in range(m)])


def col(vals):
    return Matrix(len(vals), 1, [[v] for v in vals])


def matvec(M, v):
    return [sum(Fraction(a) * b for a, b in zip(row, v)) for row in M.rows]


def bn_layer(gamma, W, beta, mu, s, z):
    """diag(gamma) (W z - mu) / s + beta, entry by entry."""
    Wz = matvec(W, z)
    return [Fraction(gamma[i]) * (Wz[i] - mu[i]) / s + beta[i] for i in range(W.nrows)]


def affine(Mc, z):
    M, c = Mc
    return [a + c.rows[i][0] for i, a in enumerate(matvec(M, z))]


def vertices(lo, hi):
    return [list(v) for v in product(*[(lo[j], hi[j]) for j in range(len(lo))])]


@pytest.mark.parametrize("seed", range(5))
def test_bn_preactivation_is_the_bn_layer(seed):
    rng = random.Random(seed)
    m, n = rng.randint(1, 4), rng.randint(1, 4)
    W = rnd_matrix(rng, m, n)
    gamma, beta, mu = ([Fraction(rng.randint(-4, 4), 3) for _ in range(m)] for _ in range(3))
    s = Fraction(rng.randint(1, 7), 2)
    pre = nz.bn_preactivation(col(gamma), W, col(beta), col(mu), s)
    for _ in range(5):
        z = [Fraction(rng.randint(-9, 9), 4) for _ in range(n)]
        assert affine(pre, z) == bn_layer(gamma, W, beta, mu, s, z)


@pytest.mark.parametrize("seed", range(5))
def test_chain_equals_forward_pass_where_every_relu_is_active(seed):
    """A random three-layer BN network whose hidden betas are large: at points where every hidden
    pre-activation is >= 0 (checked here) the real ReLU network equals the composed affine map."""
    rng = random.Random(10 + seed)
    widths = [rng.randint(1, 3) for _ in range(4)]
    layers = []
    for k in range(3):
        W = rnd_matrix(rng, widths[k + 1], widths[k])
        gamma = [Fraction(rng.randint(1, 4)) for _ in range(widths[k + 1])]
        beta = [Fraction(rng.randint(40, 60) * 10 ** (3 * k) if k < 2 else rng.randint(-3, 3)) for _ in range(widths[k + 1])]
        mu = [Fraction(rng.randint(-2, 2)) for _ in range(widths[k + 1])]
        s = Fraction(rng.randint(1, 3))
        layers.append((gamma, W, beta, mu, s))
    composed = nz.chain([nz.bn_preactivation(col(g), W, col(b), col(m), s) for g, W, b, m, s in layers])
    checked = 0
    for _ in range(10):
        x = [Fraction(rng.randint(-4, 4), 4) for _ in range(widths[0])]
        z, pres = x, []
        for k, (g, W, b, m, s) in enumerate(layers):
            y = bn_layer(g, W, b, m, s, z)
            pres.append(y)
            z = [max(Fraction(0), v) for v in y] if k < 2 else y
        if all(v >= 0 for y in pres[:2] for v in y):
            checked += 1
            for k in range(3):
                assert affine(composed[k], x) == pres[k]
    assert checked > 0


@pytest.mark.parametrize("seed", range(6))
def test_interval_bounds_are_the_vertex_extremes(seed):
    rng = random.Random(20 + seed)
    m, n = rng.randint(1, 4), rng.randint(1, 3)
    P, c = rnd_matrix(rng, m, n, den=3), rnd_matrix(rng, m, 1)
    lo = [Fraction(rng.randint(-5, 0), 2) for _ in range(n)]
    hi = [a + Fraction(rng.randint(0, 6), 3) for a in lo]
    vals = [affine((P, c), v) for v in vertices(lo, hi)]
    assert nz.lower_bounds(P, c, col(lo), col(hi)) == [min(v[r] for v in vals) for r in range(m)]
    assert nz.upper_bounds(P, c, col(lo), col(hi)) == [max(v[r] for v in vals) for r in range(m)]
    t = nz.activating_bias(P, col(lo), col(hi), margin=2)
    assert [min(v[r] for v in [affine((P, t), u) for u in vertices(lo, hi)]) for r in range(m)] == [2] * m
    blo, bhi = nz.relu_box(P, c, col(lo), col(hi))
    rng2 = random.Random(seed)
    for _ in range(20):  # random points of the box: relu(P z + c) inside the box
        z = [a + (b - a) * Fraction(rng2.randint(0, 8), 8) for a, b in zip(lo, hi)]
        y = [max(Fraction(0), v) for v in affine((P, c), z)]
        assert all(blo.rows[r][0] <= y[r] <= bhi.rows[r][0] for r in range(m))


def test_skip_chain_is_theorem2_recursion():
    rng = random.Random(3)
    d, k, m = 3, 2, 2
    Ws = [rnd_matrix(rng, d * k, d * k) for _ in range(m)]
    As = [rnd_matrix(rng, d * k, k) for _ in range(m)]
    Ss = [nz.selection(i, k, d) for i in range(1, m + 1)]
    gs = [[Fraction(rng.randint(-3, 3), 2) for _ in range(d * k)] for _ in range(m)]
    bs = [[Fraction(rng.randint(-3, 3)) for _ in range(d * k)] for _ in range(m)]
    maps = nz.skip_chain(Ws, As, Ss, [col(g) for g in gs], [col(b) for b in bs])
    for _ in range(5):
        x = [Fraction(rng.randint(-4, 4), 4) for _ in range(d)]
        blocks = [x[0:2], [x[2], Fraction(0)]]  # x_1, x_2 (zero-padded: k does not divide d)
        L = None
        for i in range(m):
            skip = matvec(As[i], blocks[i])
            inner = skip if L is None else [a + b for a, b in zip(L, skip)]  # ReLU taken as identity
            WL = matvec(Ws[i], inner)
            L = [gs[i][r] * WL[r] + bs[i][r] for r in range(d * k)]
            assert affine(maps[i], x) == L


def test_selection_blocks():
    x = [Fraction(v) for v in (5, 6, 7, 8, 9)]
    assert matvec(nz.selection(1, 2, 5), x) == [5, 6]
    assert matvec(nz.selection(3, 2, 5), x) == [9, 0]


@pytest.mark.parametrize("seed", range(4))
def test_kr_system_is_lemma4(seed):
    rng = random.Random(30 + seed)
    n, m = rng.randint(1, 3), rng.randint(1, 3)
    C, B = rnd_matrix(rng, n, n * m), rnd_matrix(rng, n * m, m)
    x = [Fraction(rng.randint(-4, 4)) for _ in range(n * m)]
    lhs = sympy.Matrix(C.rows) * sympy.diag(*x) * sympy.Matrix(B.rows)
    K = nz.kr_system(C, B)
    assert matvec(K, x) == [lhs[i, j] for i in range(n) for j in range(m)]


@pytest.mark.parametrize("seed", range(4))
def test_nullspace_and_solve_by_sympy(seed):
    rng = random.Random(40 + seed)
    m, n = rng.randint(1, 4), rng.randint(1, 5)
    A = rnd_matrix(rng, m, n, -2, 2)
    N = nz.nullspace_basis(A)
    SA = sympy.Matrix(A.rows)
    assert N.ncols == len(SA.nullspace())
    if N.ncols:
        SN = sympy.Matrix(N.rows)
        assert SA * SN == sympy.zeros(m, N.ncols) and SN.rank() == N.ncols
    B = rnd_matrix(rng, 3, 3)
    w = rnd_matrix(rng, 3, 1)
    x = nz.solve_square(B, w)
    SB = sympy.Matrix(B.rows)
    if SB.det() == 0:
        assert x is None
    else:
        assert sympy.Matrix(x.rows) == SB.LUsolve(sympy.Matrix(w.rows))


def test_bernoulli_matrix_is_the_documented_draw():
    M = nz.bernoulli_matrix(3, 4, Fraction(2, 5), 77)
    draws = random_values_reference(12, 0, 4, 77)
    assert [x for r in M.rows for x in r] == [1 if v < 2 else 0 for v in draws]
    assert set(nz.bernoulli_matrix(2, 2, 0, 1).entries()) == {0}
    assert set(nz.bernoulli_matrix(2, 2, 1, 1).entries()) == {1}
    with pytest.raises(ValueError):
        nz.bernoulli_matrix(1, 1, Fraction(3, 2), 1)


def test_random_int_matrix_nonzero_is_the_documented_draw():
    M = nz.random_int_matrix(2, 3, 5, -2, 2, nonzero=True)
    draws = random_values_reference(6, -2, 1, 5)
    assert [x for r in M.rows for x in r] == [v + 1 if v >= 0 else v for v in draws]
    assert 0 not in list(M.entries())
