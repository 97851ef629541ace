"""Kawaguchi (002) claims and the deep linear builder: key facts pinned against independent
computations (sympy differentiation, hand-checked small cases, numpy eigenvalues)."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from claim_helpers import REG, run

from verify.builders import deep_linear as dl
from verify.claims.base import Context
from verify.kernel.exact import Matrix, matmul
from verify.kernel.rules import check_obligation
from verify.kernel.verdicts import Facts, evaluate


def _sympy_hessian(dims, X, Y, Ws):
    """Independent route: sympy's hessian of the symbolic loss, evaluated at Ws (paper order)."""
    syms, mats = [], []
    for k in range(1, len(dims)):
        M = sympy.Matrix(dims[k], dims[k - 1], lambda i, j: sympy.Symbol(f"w{k}_{i}_{j}"))
        mats.append(M)
    P = mats[-1]
    for M in reversed(mats[:-1]):
        P = P * M
    R = P * sympy.Matrix(X.rows) - sympy.Matrix(Y.rows)
    L = sum(e ** 2 for e in R) / 2
    for k in range(len(dims) - 1, 0, -1):
        syms += list(mats[k - 1])  # row-major
    Hs = sympy.hessian(L, syms)
    sub = {sympy.Symbol(f"w{k}_{i}_{j}"): sympy.Rational(str(W.rows[i][j]))
           for k, W in enumerate(Ws, start=1) for i in range(W.nrows) for j in range(W.ncols)}
    return Hs.subs(sub)


def test_hessian_matches_sympy_at_a_rational_point():
    dims = [2, 3, 2, 2]
    data = dl.make_data(2, 2, seed=4)
    Ws = dl.zero_layers_point(dims, set(), seed=7)
    Ws[0] = Matrix.from_rows([[Fraction(1, 2), -1], [0, 2], [1, Fraction(-1, 3)]])
    H = dl.hessian(Ws, data.X, data.Y)
    Hs = _sympy_hessian(dims, data.X, data.Y, Ws)
    assert [[sympy.Rational(str(x)) for x in r] for r in H.rows] == Hs.tolist()


def test_gradient_and_hessian_formal_against_polynomial_differentiation():
    dims = [2, 1, 2, 2]
    X = Matrix.from_rows([[1, -1, 2], [0, 3, 1]])
    Y = Matrix.from_rows([[2, 0, 1], [1, 1, -1]])
    Ws = dl.symbolic_weights(dims)
    L = dl.loss(Ws, X, Y)
    names = dl.param_names(dims)
    assert dl.gradient(Ws, X, Y) == dl.poly_gradient(L, names)
    assert dl.hessian(Ws, X, Y) == dl.poly_hessian(L, names)


def test_data_hypotheses_and_spectrum_numpy():
    data = dl.make_data(4, 3, seed=2)
    S = np.array([[float(x) for x in r] for r in data.Sigma.rows])
    assert np.allclose(sorted(np.linalg.eigvalsh(S))[::-1], [float(x) for x in data.lam])
    assert dl.rank(matmul(data.X, data.Y.T)) == 3


@pytest.mark.parametrize("cid,params", [
    ("kaw.l41", {"dims": [2, 2, 1, 2], "m": 2}),
    ("kaw.l43", {"dims": [1, 2, 1, 2, 1], "m": 2}),
    ("kaw.blockconvex", {"dims": [2, 2, 1, 2], "m": 2}),
    ("kaw.a7", {}),
    ("kaw.appD", {}),
    ("kaw.c32", {"dims": [2, 2, 1]}),
    ("kaw.l42", {"dims": [3, 2, 2, 2], "seed": 1}),
    ("kaw.l44", {"dims": [3, 2, 2, 2], "seed": 1}),
    ("kaw.c45", {"dims": [3, 2, 2, 2], "seed": 1}),
    ("kaw.l46", {"dims": [3, 2, 2, 2], "seed": 1}),
    ("kaw.t23ii", {"dims": [3, 2, 2, 2], "seed": 1}),
    ("kaw.t23iv", {"dims": [3, 2, 2, 2], "seed": 1}),
    ("kaw.caseIII", {"dims": [3, 2, 2, 2]}),
])
def test_claims_that_hold(cid, params):
    assert run(cid, params)[0] is True


def test_c24_h1_inertias_of_baldi_hornik_points():
    # H = 1, d = (3, 2, 2): independent float eigenvalues of the exact Hessians agree with the certified inertia
    holds, objs, facts, _ = run("kaw.c24.h1", {"dims": [3, 2, 2], "seed": 1})
    assert holds
    for tag in ("P0", "P1", "P2"):
        H = np.array([[float(x) for x in r] for r in objs[f"{tag}.hess"].rows])
        ev = np.linalg.eigvalsh(H)
        p, n, z = facts.inertia[f"{tag}.hess"]
        assert (p, n) == (int((ev > 1e-9).sum()), int((ev < -1e-9).sum()))
    # second eigenvector point (I = {2}) is a saddle with a negative eigenvalue; the top point is PSD
    assert facts.inertia["P1.hess"][1] > 0 and facts.inertia["P2.hess"][1] == 0


def test_c24_h2_zero_hessian_saddle():
    holds, objs, facts, _ = run("kaw.c24.h2", {"dims": [2, 2, 2, 2]})
    assert holds and facts.inertia["P0.hess"] == (0, 0, 12)
    # hand check of the path: W(t) = t W*, product t^3 P*, loss 1/2||Y||^2 - t^3 tr(P* X Y^T) + ...
    cs = objs["P0.path_up"].rows[0]
    assert cs[1] == cs[2] == 0 and cs[3] < 0


def test_c24_proof_refuted_by_scalar_witness():
    # L = 1/2 (w3 w2 w1 - 1)^2 at w2 = w1 = 0, w3 = 1: d^2 L / dw2 dw1 = w3 (w3 w2 w1 - 1) + ... = -1
    holds, objs, _, _ = run("kaw.c24.proof", {"dims": [1, 1, 1, 1], "W_top": [[1]], "sv": [1]})
    assert holds is False
    assert objs["P0.hess"].rows == ((0, 0, 0), (0, 0, -1), (0, -1, 0))
    assert run("kaw.c24.proof", {"dims": [2, 2, 2, 2, 2], "W_top": [[1, 2], [0, 1]]})[0] is True


def test_c24_sign_display():
    holds, objs, facts, _ = run("kaw.c24.sign", {"dims": [1, 1, 1], "sv": [1], "m": 1})
    # X = Y = 1 (d = 1), p = 1: product -1 gives loss 1/2 (-1 - 1)^2 = 2, the display says 1/2 (1 + 1) = 1
    assert holds is False
    assert objs["loss_minus"].rows[0][0] == 2 and objs["display_minus"].rows[0][0] == 1
    assert objs["loss_plus"].rows[0][0] == 0


def test_lipschitz_and_t23i():
    assert run("kaw.lipschitz", {"K": 10 ** 6})[0] is False
    holds, _, facts, _ = run("kaw.t23i", {"dims": [2, 2, 2, 2]})
    assert holds and facts.inertia["P0.hess"][0] > 0 and facts.inertia["P0.hess"][1] > 0


# ------------------------------------------------------------------------------ kaw.t23ii, p < d_y: Ky Fan bound
def _sympy_top_eigs(data, p):
    """Independent route: Sigma = Y X^T (XX^T)^-1 X Y^T with sympy, its eigenvalues from sympy (exact roots)."""
    X, Y = sympy.Matrix(data.X.rows).applyfunc(lambda v: sympy.Rational(str(v))), \
        sympy.Matrix(data.Y.rows).applyfunc(lambda v: sympy.Rational(str(v)))
    S = Y * X.T * (X * X.T).inv() * X * Y.T
    eigs = sorted((ev for ev, mult in S.eigenvals().items() for _ in range(mult)), reverse=True)
    return eigs, (Y * Y.T).trace(), Y, X


@pytest.mark.parametrize("dims,seed", [([3, 1, 3], 1), ([4, 2, 4], 2), ([3, 2, 2, 3], 1)])
def test_t23ii_kyfan_pins_t_trZ_bound_and_loss(dims, seed):
    params = {"dims": dims, "seed": seed}
    holds, objs, facts, pr = run("kaw.t23ii", params)
    assert holds is True
    p = min(dims[1:-1])
    data = dl.make_data(dims[0], dims[-1], seed=seed)
    eigs, trYY, Ys, Xs = _sympy_top_eigs(data, p)
    t = sympy.Rational(str(objs["KF.t"].rows[0][0]))
    trZ = sum(sympy.Rational(str(objs["KF.Z"].rows[i][i])) for i in range(dims[-1]))
    assert t == eigs[p - 1]
    assert trZ == sum(eigs[k] - eigs[p - 1] for k in range(p - 1))
    assert p * t + trZ == sum(eigs[:p])  # the certified bound is tight: Ky Fan's sum of the top p eigenvalues
    bound = (trYY - sum(eigs[:p])) / 2
    # the kernel-evaluated report and the top point's exact loss agree with the sympy bound
    rep = {k: evaluate(v, facts) for k, v in pr.report.items()}
    assert sympy.Rational(str(rep["KF.loss_bound"])) == bound
    assert sympy.Rational(str(rep["KF.t"])) == t and sympy.Rational(str(rep["KF.trZ"])) == trZ
    from verify.claims import kawaguchi_common as kc
    top = kc.default_points(data, dims).index({"kind": "index", "I": list(range(p))})
    assert sympy.Rational(str(objs[f"P{top}.loss"].rows[0][0])) == bound
    assert any(n.startswith(f"P{top} ") and "global minimum (attains the Ky Fan" in n for n in pr.notes)
    # Z has rank p - 1 (the eigenvalues are distinct), both PSD certificates hold
    zp, zn, _ = facts.inertia["KF.Z"]
    assert (zp, zn) == (p - 1, 0) and facts.inertia["KF.tIZS"][1] == 0
    # property: random rank-p products never go below the bound (floats, a sanity check of the direction)
    rng = np.random.default_rng(0)
    Xf, Yf = np.array(Xs.tolist(), dtype=float), np.array(Ys.tolist(), dtype=float)
    for _ in range(200):
        W = rng.standard_normal((dims[-1], p)) @ rng.standard_normal((p, dims[0]))
        W *= rng.uniform(0.1, 10)
        assert 0.5 * np.sum((W @ Xf - Yf) ** 2) >= float(bound) - 1e-9


def test_t23ii_no_kyfan_objects_when_p_at_least_dy():
    objs = REG["kaw.t23ii"].build({"dims": [3, 2, 2, 2], "seed": 1}, None)
    assert not any(k.startswith("KF.") for k in objs)


def _tampered(objs, Zbad):
    """The objects with KF.Z replaced by Zbad (and KF.tIZS recomputed from it, as the builder would)."""
    from verify.kernel.exact import identity
    from verify.builders.matrices import add, scale
    out = dict(objs)
    t = objs["KF.t"].rows[0][0]
    out["KF.Z"] = Zbad
    out["KF.tIZS"] = dl.sub(add(scale(t, identity(Zbad.nrows)), Zbad), objs["Sigma"])
    return out


def test_t23ii_kyfan_rejects_a_tampered_non_psd_Z():
    from verify.errors import CertificateError, Unknown

    params = {"dims": [3, 1, 3], "seed": 1}
    c = REG["kaw.t23ii"]
    objs = c.build(dict(params), None)
    # Z' = Z + diag(5, -5, 0): same trace (so the same claimed bound), but not PSD
    Zbad = dl.add(objs["KF.Z"], Matrix.from_rows([[5, 0, 0], [0, -5, 0], [0, 0, 0]]))
    bad = _tampered(objs, Zbad)
    ctx = Context(seed=b"test")
    # 1. the kernel refuses an inertia obligation that calls Z' PSD
    (pz, nz, zz), obs = ctx.engines.inertia_certificate(Zbad, "KF.Z", method=ctx.method, seed=ctx.seed)
    assert nz == 1
    forged = dict(obs[0], value=[pz, 0, zz + nz])
    with pytest.raises(CertificateError):
        check_obligation(forged, bad)
    # 2. the genuine certificate (made for the builder's Z) does not check against Z'
    good_ob = c.prove(objs, dict(params), ctx).obligations
    zob = next(o for o in good_ob if o.get("matrix") == "KF.Z")
    check_obligation(zob, objs)
    with pytest.raises(CertificateError):
        check_obligation(zob, bad)
    # 3. proving on the tampered objects cannot certify the top point: UNKNOWN, not CONFIRMED
    with pytest.raises(Unknown, match="Ky Fan"):
        c.prove(bad, dict(params), ctx)
    # 4. and the Ky Fan expression itself evaluates to false on the tampered facts
    from verify.claims.kawaguchi import kyfan_global
    xobs, expr, _ = kyfan_global(bad, ctx, [("P0", None)], params["dims"])
    f = Facts(bad)
    for ob in xobs:
        f.add(check_obligation(ob, bad), ob.get("label"))
    assert evaluate(expr("P0"), f) is False
