"""Notes 003 claims: pinned facts with independent checks."""

from fractions import Fraction
from itertools import product

import pytest

from claim_helpers import run

from verify.builders import deep_linear as dl
from verify.claims.linear_notes import factorise
from verify.kernel.exact import Matrix


@pytest.mark.parametrize("cid,params", [
    ("hw.linear.a1", {"part": "statement"}), ("hw.linear.a2", {}), ("hw.linear.a2", {"dims": [3, 2, 2, 1, 3], "rank": 1}),
    ("hw.linear.b", {}), ("hw.linear.c", {}), ("hw.linear.d", {}), ("hw.linear.e", {}),
    ("hw.parity.c1", {"d": 4}), ("hw.parity.c2", {"d": 4}), ("hw.parity.c1", {"d": 5, "model": "quadratic"}),
])
def test_holds(cid, params):
    assert run(cid, params)[0] is True


def test_a1_step_smallest_witness():
    holds, objs, facts, pr = run("hw.linear.a1", {"part": "step"})
    assert holds is False
    # hand check: a 1x2 times 2x1 product of 0/1 matrices is the smallest shape (4 entries) where
    # rank(W2 W1) = 0 < 1 = min ranks, e.g. [1 0] [0 1]^T
    W1, W2 = pr.witness["W"]
    assert len(W1) * len(W1[0]) + len(W2) * len(W2[0]) == 4
    assert sum(a * b for a, b in zip(W2[0], [r[0] for r in W1])) == 0


def test_factorise_products():
    W0 = Matrix.from_rows([[1, 2, 3], [2, 4, 6]])
    for dims in ([3, 1, 2], [3, 2, 1, 2], [3, 4, 5, 2]):
        assert dl.product(factorise(W0, dims)) == W0


def test_f_refuted_with_saddle():
    holds, objs, facts, _ = run("hw.linear.f", {})
    assert holds is False
    assert facts.inertia["hess"][1] > 0
    assert objs["loss"].rows[0][0] > objs["loss_other"].rows[0][0]


def test_parity_direct_by_brute_force():
    # independent recomputation of grad R_v for d = 3 with the plain definition
    d = 3
    p = [Fraction(1, j + 3) for j in range(d)]
    _, objs, _, _ = run("hw.parity.c1", {"d": d})
    xs = list(product((0, 1), repeat=d))
    for vi, v in enumerate(xs):
        g = [Fraction(0)] * d
        for x in xs:
            z = [1 - 2 * b for b in x]
            f = sum(a * b for a, b in zip(p, z))
            y = (-1) ** sum(a * b for a, b in zip(v, x))
            if 1 - y * f > 0:
                for j in range(d):
                    g[j] += Fraction(-y * z[j], 2 ** d)
        assert list(objs["grad_direct"].rows[vi]) == g
    holds, objs, _, _ = run("hw.parity.c2", {"d": d})
    b = objs["bounds"].rows[0]
    assert holds and b[0] == b[1] and b[1] <= b[2]
