"""Kawaguchi (002) claims through the one build-prove-check path (`verify.pipeline.prove_claim`), each
claim id pinned against an independent computation (sympy differentiation, ranks, pseudo-inverses,
eigenvalues, or a hand computation written here), plus forgery tests of the witnesses and
differential tests of `verify.builders.deep_linear` against sympy."""

import random
from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
import sympy

from verify.builders import deep_linear as dl
from verify.checks import claim as claim_check
from verify.errors import CaseError, CertificateError
from verify.kernel.check import derive
from verify.kernel.exact import Matrix, matmul, norm
from verify.pipeline import case_of, prove_claim
from verify.problem import build_problem


# ------------------------------------------------------------------------------ independent helpers (sympy)
def Q(x):
    return sympy.Rational(str(x))


def S(M):
    """A kernel Matrix as a sympy Matrix (exact)."""
    return sympy.Matrix(M.nrows, M.ncols, lambda i, j: Q(M.rows[i][j]))


def sym_layers(dims):
    return [sympy.Matrix(dims[k], dims[k - 1], lambda i, j: sympy.Symbol(f"w{k}_{i}_{j}")) for k in range(1, len(dims))]


def sym_product(Ws):
    P = Ws[-1]
    for W in reversed(Ws[:-1]):
        P = P * W
    return P


def sym_loss(Ws, X, Y):
    R = sym_product(Ws) * X - Y
    return sum(e ** 2 for e in R) / 2


def paper_order(Ws):
    """Variables in the paper's order [vec(W_(H+1)^T); ...; vec(W_1^T)] (row-major)."""
    return [s for W in reversed(Ws) for s in W]


def subs_point(Wsym, Ws):
    return {s: Q(W.rows[i][j]) for Ms, W in zip(Wsym, Ws) for (i, j), s in
            (((i, j), Ms[i, j]) for i in range(Ms.rows) for j in range(Ms.cols))}


class Net:
    """The loss of a deep linear network with symbolic weights, differentiated by sympy."""

    def __init__(self, dims, X, Y):
        self.dims, self.X, self.Y = dims, S(X) if isinstance(X, Matrix) else X, S(Y) if isinstance(Y, Matrix) else Y
        self.W = sym_layers(dims)
        self.L = sym_loss(self.W, self.X, self.Y)
        self.vars = paper_order(self.W)
        self._grad = None
        self._hess = None

    def _poly(self):
        if self._grad is None:
            P = sympy.Poly(sympy.expand(self.L), *self.vars)
            self._grad = [P.diff(v) for v in self.vars]
            self._hess = [[g.diff(v) for v in self.vars] for g in self._grad]

    def _at(self, p, Ws):
        return p.eval(tuple(Q(x) for x in self._values(Ws))) if not p.is_zero else sympy.Integer(0)

    def _values(self, Ws):
        sub = subs_point(self.W, Ws)
        return [sub[v] for v in self.vars]

    def grad(self, Ws):
        self._poly()
        return [self._at(g, Ws) for g in self._grad]

    def hess(self, Ws):
        self._poly()
        return sympy.Matrix([[self._at(h, Ws) for h in row] for row in self._hess])

    def loss(self, Ws):
        return self.L.xreplace(subs_point(self.W, Ws))

    def path_loss(self, Ws, V):
        t = sympy.Symbol("t")
        sub = {s: Q(W.rows[i][j]) + t * Q(Vk.rows[i][j]) for Ms, W, Vk in zip(self.W, Ws, V)
               for i in range(Ms.rows) for j in range(Ms.cols) for s in [Ms[i, j]]}
        return sympy.Poly(sympy.expand(self.L.xreplace(sub)), t)


def signs(H):
    ev = np.linalg.eigvalsh(np.array(H.tolist(), dtype=float))
    return int((ev > 1e-9).sum()), int((ev < -1e-9).sum())


def sympy_min_loss(X, Y, p):
    """min over products of rank <= p of 1/2||W X - Y||^2 = 1/2 (tr YY^T - sum of the top min(p, d_y)
    eigenvalues of Sigma = Y X^T (XX^T)^-1 X Y^T) (Eckart-Young, Baldi-Hornik), from sympy eigenvalues."""
    Xs, Ys = S(X), S(Y)
    Sig = Ys * Xs.T * (Xs * Xs.T).inv() * Xs * Ys.T
    eigs = sorted((e for e, mult in Sig.eigenvals().items() for _ in range(mult)), reverse=True)
    return ((Ys * Ys.T).trace() - sum(eigs[:min(p, len(eigs))])) / 2


def layers_of(objects, tag, dims):
    return [objects[f"{tag}.W{k}"] for k in range(1, len(dims))]


def decode_direction(V):
    return [Matrix.from_rows([[Fraction(x) if isinstance(x, str) else x for x in r] for r in M]) for M in V]


def goes(poly):
    """(down, up) of a sympy Poly in t near t = 0, from its lowest nonzero coefficient of order >= 1."""
    cs = list(reversed(poly.all_coeffs()))
    k = next((k for k in range(1, len(cs)) if cs[k] != 0), None)
    if k is None:
        return False, False
    return cs[k] < 0 or k % 2 == 1, cs[k] > 0 or k % 2 == 1


def case(cid, params, expect="confirmed"):
    doc = {"id": "t", "check": "claim", "claim": cid, "params": params}
    if expect:
        doc["expect"] = {"verdict": expect}
    return case_of(doc)


def verdict_with_witness(cid, params, witness, expect="confirmed"):
    """The verdict of the statement at a given witness with no obligations (what the checker derives)."""
    problem = build_problem(case(cid, params, expect), witness=witness)
    return derive(problem, [])["verdict"]


# ------------------------------------------------------------------------------ kaw.t23ii / t23iv / c24.h1
def classify_independently(dims, r, mode):
    """Each critical point of the certified set classified by sympy: gradient, Hessian signs, loss vs
    the Eckart-Young minimum; for semidefinite non-global points the witness paths re-derived by sympy."""
    objs = r["problem"]["objects"]
    net = Net(dims, objs["X"], objs["Y"])
    mn = sympy_min_loss(objs["X"], objs["Y"], min(dims[1:-1]))
    paths = (r["proof"].witness or {}).get("paths", {})
    out = {}
    tags = sorted({n.split(".")[0] for n in objs if n.startswith("P") and n.endswith(".grad")}, key=lambda t: int(t[1:]))
    for tag in tags:
        Ws = layers_of(objs, tag, dims)
        if any(g != 0 for g in net.grad(Ws)):
            out[tag] = "noncritical"
            continue
        npos, nneg = signs(net.hess(Ws))
        if net.loss(Ws) == mn:
            out[tag] = "global"
        elif mode == "ii":
            down, up = nneg > 0, npos > 0
            for V in paths.get(tag, []):
                d, u = goes(net.path_loss(Ws, decode_direction(V)))
                down, up = down or d, up or u
            out[tag] = "saddle" if down and up else "unsettled"
        else:
            out[tag] = "negative" if nneg else "no-negative"
        out[tag + ".signs"] = (npos, nneg)
    return out


@pytest.mark.parametrize("dims,seed", [([3, 2, 2, 2], 1), ([3, 1, 3], 1)])
def test_t23ii_every_critical_point_global_or_saddle_by_sympy(dims, seed):
    r = prove_claim("kaw.t23ii", {"dims": dims, "seed": seed})
    assert r["verdict"] == "CONFIRMED"
    ind = classify_independently(dims, r, "ii")
    assert "unsettled" not in ind.values()
    for tag, rec in r["value"].items():
        if not tag.startswith("P"):
            continue
        assert rec["critical"] == (ind[tag] != "noncritical")
        if rec["critical"]:
            assert rec["global_minimum"] == (ind[tag] == "global")
            p, n, _ = rec["inertia"]
            assert (p, n) == ind[tag + ".signs"]
    assert "global" in ind.values() and "saddle" in ind.values()


def test_t23ii_kyfan_bound_equals_sympy_minimum():
    r = prove_claim("kaw.t23ii", {"dims": [4, 2, 4], "seed": 2})
    assert r["verdict"] == "CONFIRMED"
    objs = r["problem"]["objects"]
    assert Q(r["value"]["KF.loss_bound"]) == sympy_min_loss(objs["X"], objs["Y"], 2)


def test_t23ii_kyfan_needs_its_psd_certificates():
    # without the inertia facts of Z and tI + Z - Sigma the top point of the p < d_y case is not a certified
    # global minimum: the case is UNKNOWN (the point is not dropped)
    params = {"dims": [3, 1, 3], "seed": 1}
    r = prove_claim("kaw.t23ii", params)
    obs = [o for o in r["proof"].obligations if not str(o.get("matrix")).startswith("KF.")]
    problem = build_problem(case("kaw.t23ii", params), witness=r["proof"].witness)
    assert derive(problem, obs)["verdict"] == "UNKNOWN"
    assert derive(problem, r["proof"].obligations)["verdict"] == "CONFIRMED"


def test_t23ii_forged_or_useless_paths():
    params = {"dims": [3, 2, 2, 2], "seed": 1}
    c = case("kaw.t23ii", params)
    good = prove_claim("kaw.t23ii", params)["proof"].witness
    tag = next(iter(good["paths"]))
    V = good["paths"][tag][0]
    bad_shape = [V[0][:-1]] + V[1:]
    for w in ({"paths": {tag: [bad_shape]}}, {"paths": {"P99": [V]}}, {"paths": {tag: [[[[0.5] * len(r) for r in M]
                                                                                       for M in V]]}},
              {"paths": {tag: []}}, {"points": []}, [V]):
        with pytest.raises(CertificateError):
            claim_check.build(c, None, w)
    # a zero direction proves nothing: the point with a semidefinite Hessian stays unsettled -> UNKNOWN
    zero = [[[0] * len(r) for r in M] for M in V]
    r = prove_claim("kaw.t23ii", params)
    obs = r["proof"].obligations
    problem = build_problem(c, witness={"paths": {tag: [zero]}})
    assert derive(problem, obs)["verdict"] == "UNKNOWN"
    problem = build_problem(c, witness=good)
    assert derive(problem, obs)["verdict"] == "CONFIRMED"


def test_t23ii_missing_inertia_is_unknown_not_dropped():
    params = {"dims": [3, 2, 2, 2], "seed": 1}
    r = prove_claim("kaw.t23ii", params)
    obs = [o for o in r["proof"].obligations if o.get("matrix") != "P1.hess"]
    problem = build_problem(case("kaw.t23ii", params), witness=r["proof"].witness)
    out = derive(problem, obs)
    assert out["verdict"] == "UNKNOWN"


def test_t23iv_by_sympy_ranks_and_eigenvalues():
    dims = [3, 2, 2, 2]
    r = prove_claim("kaw.t23iv", {"dims": dims, "seed": 1})
    assert r["verdict"] == "CONFIRMED"
    ind = classify_independently(dims, r, "iv")
    objs = r["problem"]["objects"]
    checked = 0
    for tag in (t for t in ind if "." not in t and ind[t] != "noncritical"):
        mid = S(objs[f"{tag}.mid"]).rank()
        assert r["value"][tag]["rank_mid"] == mid
        if mid == min(dims[1:-1]):
            assert ind[tag] in ("global", "negative")
            checked += 1
    assert checked >= 2
    with pytest.raises(CertificateError):
        claim_check.build(case("kaw.t23iv", {"dims": dims, "seed": 1}), None, {"paths": {}})


@pytest.mark.parametrize("dims,seed", [([3, 2, 2], 1), ([2, 1, 2], 3)])
def test_c24_h1_numpy_eigenvalues(dims, seed):
    r = prove_claim("kaw.c24.h1", {"dims": dims, "seed": seed})
    assert r["verdict"] == "CONFIRMED"
    ind = classify_independently(dims, r, "h1")
    assert all(v in ("global", "negative", "noncritical") for k, v in ind.items() if "." not in k)
    assert "negative" in ind.values()
    with pytest.raises(CertificateError):
        claim_check.build(case("kaw.c24.h1", {"dims": dims}), None, {"paths": {}})
    with pytest.raises(CaseError):
        prove_claim("kaw.c24.h1", {"dims": [3, 2, 2, 2]})  # H = 2 is not Corollary 2.4's first part


# ------------------------------------------------------------------------------ Lemmas 4.2, 4.4, 4.6, Cor 4.5
LEMMA = {"dims": [3, 2, 2, 2], "seed": 1}


def lemma_points(r, dims):
    objs = r["problem"]["objects"]
    net = Net(dims, objs["X"], objs["Y"])
    tags = sorted({n.split(".")[0] for n in objs if n.endswith(".grad")}, key=lambda t: int(t[1:]))
    for tag in tags:
        Ws = layers_of(objs, tag, dims)
        if all(g == 0 for g in net.grad(Ws)):
            yield tag, [S(W) for W in Ws], signs(net.hess(Ws)), objs


def test_l42_by_sympy_pinv():
    dims = LEMMA["dims"]
    r = prove_claim("kaw.l42", LEMMA)
    assert r["verdict"] == "CONFIRMED" and r["value"]["hypotheses"] is True
    n = 0
    for tag, Ws, _, objs in lemma_points(r, dims):
        C = sym_product(Ws[1:])
        X, Y = S(objs["X"]), S(objs["Y"])
        rhs = C * (C.T * C).pinv() * C.T * Y * X.T * (X * X.T).inv()
        assert sym_product(Ws) == rhs
        n += 1
    assert n >= 4


def test_l44_c45_by_sympy_ranks():
    dims = LEMMA["dims"]
    H = len(dims) - 2
    for cid in ("kaw.l44", "kaw.c45"):
        r = prove_claim(cid, LEMMA)
        assert r["verdict"] == "CONFIRMED"
        applied = 0
        for tag, Ws, (npos, nneg), objs in lemma_points(r, dims):
            if npos and nneg:
                continue
            applied += 1
            C = sym_product(Ws[1:])
            Xr = S(objs["X"]) * (sym_product(Ws) * S(objs["X"]) - S(objs["Y"])).T
            for k in range(2, H + 2):
                A = sym_product(Ws[k:]) if k <= H else sympy.eye(dims[-1])
                B = sym_product(Ws[1:k - 1]) if k > 2 else sympy.eye(dims[1])
                if cid == "kaw.l44":
                    cond = (C.T * C).row_join(B.T).rank() == (C.T * C).rank()
                else:
                    cond = sym_product(Ws[k - 1:]).rank() >= B.rank()
                assert cond or (Xr * A).is_zero_matrix
        assert applied >= 2


def test_l46_by_sympy_projector():
    dims = LEMMA["dims"]
    r = prove_claim("kaw.l46", LEMMA)
    assert r["verdict"] == "CONFIRMED"
    data = dl.make_data(dims[0], dims[-1], seed=1)
    U = S(data.U)
    applied = 0
    for tag, Ws, (npos, nneg), objs in lemma_points(r, dims):
        if nneg:
            continue
        applied += 1
        C = sym_product(Ws[1:])
        pb = C.rank()
        Up = U[:, :pb]
        Xr = S(objs["X"]) * (sym_product(Ws) * S(objs["X"]) - S(objs["Y"])).T
        assert C * (C.T * C).pinv() * C.T == Up * Up.T or Xr.is_zero_matrix
    assert applied >= 2


def test_lemma_with_witness_is_rejected():
    with pytest.raises(CertificateError):
        claim_check.build(case("kaw.l42", LEMMA), None, {"paths": {}})


# ------------------------------------------------------------------------------ Lemma 4.1, 4.3, block convexity
FORMAL = {"dims": [2, 2, 1, 2], "m": 2}


def formal_sympy(params):
    from verify.claims.kawaguchi.builds_formal import formal_data

    dims, X, Y = formal_data(params)
    return dims, Net(dims, S(X), S(Y))


def sym_entry(x):
    """A kernel entry (number or Poly) as a sympy expression."""
    if isinstance(x, (int, Fraction)):
        return Q(x)
    return sum((Q(c) * sympy.Mul(*[sympy.Symbol(v) ** p for v, p in mono]) for mono, c in x.terms.items()),
               sympy.Integer(0))


def poly_equal(M, Ms):
    """A kernel polynomial matrix equals a sympy matrix of expressions (compared expanded)."""
    return all(sympy.expand(sym_entry(M.rows[i][j]) - Ms[i, j]) == 0 for i in range(M.nrows) for j in range(M.ncols))


def test_l41_paper_gradient_equals_sympy_gradient():
    r = prove_claim("kaw.l41", FORMAL)
    assert r["verdict"] == "CONFIRMED"
    dims, net = formal_sympy(FORMAL)
    objs = r["problem"]["objects"]
    for k in range(1, len(dims)):
        g = sympy.Matrix([sympy.diff(net.L, s) for s in net.W[k - 1]])  # row-major vec(W_k^T)
        assert poly_equal(objs[f"grad{k}.paper"], g)


def test_l43_blocks_equal_sympy_hessian():
    params = {"dims": [1, 2, 1, 2], "m": 2}
    r = prove_claim("kaw.l43", params)
    assert r["verdict"] == "CONFIRMED"
    dims, net = formal_sympy(params)
    objs = r["problem"]["objects"]
    n = len(dims) - 1
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            blk = sympy.Matrix([[sympy.diff(net.L, a, b) for b in net.W[j - 1]] for a in net.W[i - 1]])
            assert poly_equal(objs[f"H{i}_{j}.closed"], blk)
            if i == j or i == 1:
                assert poly_equal(objs[f"H{i}_{j}.paper"], blk)


def test_blockconvex_diagonal_blocks_are_gram_matrices_by_sympy():
    r = prove_claim("kaw.blockconvex", FORMAL)
    assert r["verdict"] == "CONFIRMED"
    dims, net = formal_sympy(FORMAL)
    R = sym_product(net.W) * net.X - net.Y
    for k in range(1, len(dims)):
        J = sympy.Matrix(list(R)).jacobian(list(net.W[k - 1]))
        blk = sympy.Matrix([[sympy.diff(net.L, a, b) for b in net.W[k - 1]] for a in net.W[k - 1]])
        assert sympy.expand(J.T * J - blk) == sympy.zeros(*blk.shape)


# ------------------------------------------------------------------------------ Theorem 2.3 (i), Corollary 2.4
def test_t23i_indefinite_by_sympy():
    dims = [2, 2, 2, 2]
    r = prove_claim("kaw.t23i", {"dims": dims})
    assert r["verdict"] == "CONFIRMED"
    objs = r["problem"]["objects"]
    npos, nneg = signs(Net(dims, objs["X"], objs["Y"]).hess(layers_of(objs, "P0", dims)))
    assert npos > 0 and nneg > 0 and r["value"]["inertia"][:2] == [npos, nneg]
    with pytest.raises(CertificateError):
        claim_check.build(case("kaw.t23i", {"dims": dims}), None, {"W": []})


@pytest.mark.parametrize("params", [{"dims": [2, 2, 2, 2]}, {"dims": [2, 2, 2, 2, 2], "W_top": [[1, 2], [0, 1]]}])
def test_c24_h2_saddle_by_sympy_paths(params):
    dims = params["dims"]
    r = prove_claim("kaw.c24.h2", params)
    assert r["verdict"] == "CONFIRMED"
    objs = r["problem"]["objects"]
    net = Net(dims, objs["X"], objs["Y"])
    Ws = layers_of(objs, "P0", dims)
    assert all(g == 0 for g in net.grad(Ws)) and net.hess(Ws).is_zero_matrix  # no negative eigenvalue
    down = up = False
    for V in r["proof"].witness["paths"]["P0"]:
        d, u = goes(net.path_loss(Ws, decode_direction(V)))
        down, up = down or d, up or u
    assert down and up
    c = case("kaw.c24.h2", params)
    zero = [[[0] * dims[k - 1] for _ in range(dims[k])] for k in range(1, len(dims))]
    assert verdict_with_witness("kaw.c24.h2", params, {"paths": {"P0": [zero]}}) == "UNKNOWN"
    with pytest.raises(CertificateError):
        claim_check.build(c, None, {"paths": {"P0": [zero[:-1]]}})


def test_c24_proof_hand_and_sympy():
    # H = 2, all widths 1, X = Y = 1 (sv [1], m 1), W_3 = 1: L = 1/2 (w3 w2 w1 - 1)^2 and at w2 = w1 = 0,
    # d^2 L / dw2 dw1 = w3 (w3 w2 w1 - 1) + w3^2 w2 w1 = -1: the Hessian is not zero
    r = prove_claim("kaw.c24.proof", {"dims": [1, 1, 1, 1], "W_top": [[1]], "sv": [1], "m": 1}, "confirmed")
    assert r["verdict"] == "REFUTED"
    assert r["problem"]["objects"]["P0.hess"].rows == ((0, 0, 0), (0, 0, -1), (0, -1, 0))
    dims = [2, 2, 2, 2, 2]
    r = prove_claim("kaw.c24.proof", {"dims": dims, "W_top": [[1, 2], [0, 1]]})
    assert r["verdict"] == "CONFIRMED"
    objs = r["problem"]["objects"]
    Ws = [Matrix.from_rows([[0] * dims[k - 1] for _ in range(dims[k])]) for k in range(1, 4)]
    Ws.append(Matrix.from_rows([[1, 2], [0, 1]]))
    assert Net(dims, objs["X"], objs["Y"]).hess(Ws).is_zero_matrix
    # symbolic W_(H+1): the identity for every W_4 (H = 3), and refuted for every-W_3 reading at H = 2
    assert prove_claim("kaw.c24.proof", {"dims": dims, "W_top": "symbolic"})["verdict"] == "CONFIRMED"
    assert prove_claim("kaw.c24.proof", {"dims": [2, 2, 2, 2], "W_top": "symbolic"})["verdict"] == "REFUTED"


def test_c24_sign_display_by_sympy():
    for params in ({"dims": [1, 1, 1], "sv": [1], "m": 1}, {"dims": [2, 1, 2]}):
        r = prove_claim("kaw.c24.sign", params)
        assert r["verdict"] == "REFUTED"
        data = dl.make_data(params["dims"][0], params["dims"][-1], m=params.get("m"), sv=params.get("sv"))
        X, Y, U = S(data.X), S(data.Y), S(data.U)
        Sig = Y * X.T * (X * X.T).inv() * X * Y.T
        p = 1
        Up = U[:, :p]
        lam = sum((Up.T * Sig * Up)[i, i] for i in range(p))
        for sgn, key in ((1, "plus"), (-1, "minus")):
            W = sgn * Up * Up.T * Y * X.T * (X * X.T).inv()
            loss = sum(e ** 2 for e in (W * X - Y)) / 2
            assert Q(r["value"][f"loss_{key}"]) == loss
        trYY = (Y * Y.T).trace()
        assert Q(r["value"]["loss_plus"]) == (trYY - lam) / 2       # the '+' branch is right
        assert Q(r["value"]["loss_minus"]) == (trYY + 3 * lam) / 2  # the '-' branch: 3 sum, not 1 sum
        assert Q(r["value"]["display_minus"]) != Q(r["value"]["loss_minus"])


# ------------------------------------------------------------------------------ A.7, App. D, Lipschitz, Cor 3.2
@pytest.mark.parametrize("A,B", [([[1, 2, 3], [2, 4, 6]], [[1, 0], [1, 1], [0, 1]]), ([[0, 1], [0, 2]], [[2, -1]])])
def test_a7_against_sympy_pinv(A, B):
    r = prove_claim("kaw.a7", {"A": A, "B": B})
    assert r["verdict"] == "CONFIRMED"
    objs = r["problem"]["objects"]
    As, Bs = sympy.Matrix(A), sympy.Matrix(B)
    assert S(objs["P"]) == sympy.kronecker_product(As, Bs).pinv() == sympy.kronecker_product(As.pinv(), Bs.pinv())
    K, G = sympy.kronecker_product(As, Bs), S(objs["Kg"])
    assert K * G * K == K


def test_appD_hand():
    r = prove_claim("kaw.appD", {})
    assert r["verdict"] == "CONFIRMED"
    w = sympy.Symbol("w")
    f = sympy.Matrix([[w]]) * sympy.Matrix([[1, 1, w]]) * sympy.Matrix([[w], [w], [w]])  # W3 W2 W1, shapes fixed
    assert sympy.expand(f[0, 0] - (2 * w ** 2 + w ** 3)) == 0
    assert sympy.diff(f[0, 0], w).subs(w, 0) == 0 and sympy.diff(f[0, 0], w, 2).subs(w, 0) == 4
    assert f[0, 0].subs(w, -3) == -9 and r["value"]["f(-3)"] == -9
    assert r["value"]["printed_W2_rows"] == 3  # as printed W_2 is 3 x 1 and W_3 W_2 is undefined
    with pytest.raises(CertificateError):
        claim_check.build(case("kaw.appD", {}), None, {"w": 0})


def test_lipschitz_counterexample_and_witnesses():
    K = 10 ** 6
    r = prove_claim("kaw.lipschitz", {"K": K})
    assert r["verdict"] == "REFUTED"
    assert r["value"]["hessian_entry_change"] == 2 * K + 1  # hand: d^2L/dw2^2 = w1^2, (K+1)^2 - K^2
    # a witness that is no counterexample (u = v) leaves the universal statement UNKNOWN, never CONFIRMED
    assert verdict_with_witness("kaw.lipschitz", {"K": K}, {"u": [1, 0], "v": [1, 0]}) == "UNKNOWN"
    assert verdict_with_witness("kaw.lipschitz", {"K": 1}, {"u": [0, 0], "v": [3, 0]}) == "REFUTED"
    c = case("kaw.lipschitz", {"K": K})
    for bad in ({"u": [1.5, 0], "v": [0, 0]}, {"u": [1], "v": [0, 0]}, {"u": [0, 0]}, [[0, 0], [1, 0]]):
        with pytest.raises(CertificateError):
            claim_check.build(c, None, bad)


def test_c32_by_linearity_of_expectation():
    # independent: E[z] = rho per path, so E_Z[Yhat] = q rho Ybar; equal iff q rho = 1
    for q, expect in ((None, "CONFIRMED"), (1, "REFUTED"), ("3", "CONFIRMED")):
        params = {"dims": [2, 2, 1], "rho": "1/3", "m": 2}
        if q is not None:
            params["q"] = q
        r = prove_claim("kaw.c32", params)
        assert r["verdict"] == expect
        assert (Fraction(params.get("q", 3)) * Fraction(1, 3) == 1) == (expect == "CONFIRMED")
    assert prove_claim("kaw.c32", {"dims": [2, 2, 1], "symbolic": False})["verdict"] == "CONFIRMED"


# ------------------------------------------------------------------------------ B.1 Case III (every eps in a range)
def caseIII_sympy(dims, objs):
    """With sympy and a symbol eps: the perturbation W_k(eps) = eps [I 0] (k <= H), W_(H+1) = 0, the loss
    along it minus the loss at 0, ||grad L(W(eps))||^2, and per k the gcd of the p_hat-minors of
    W_k(eps)...W_1(eps) (rank < p_hat exactly at its real roots)."""
    eps = sympy.Symbol("eps")
    H = len(dims) - 2
    phat = min(min(dims[1:-1]), dims[-1])
    net = Net(dims, objs["X"], objs["Y"])
    Wt = [eps * sympy.eye(dims[k], dims[k - 1]) for k in range(1, H + 1)] + [sympy.zeros(dims[-1], dims[-2])]
    sub = {s: Wt[k][i, j] for k, Ms in enumerate(net.W) for i in range(Ms.rows) for j in range(Ms.cols)
           for s in [Ms[i, j]]}
    dloss = sympy.expand(net.L.xreplace(sub) - sum(e ** 2 for e in net.Y) / 2)
    g2 = sympy.expand(sum(sympy.diff(net.L, v).xreplace(sub) ** 2 for v in net.vars))
    gcds = []
    for k in range(1, H + 1):
        P = sym_product(Wt[:k])
        minors = [P.extract(list(I), list(J)).det() for I in combinations(range(P.rows), phat)
                  for J in combinations(range(P.cols), phat)]
        gcds.append(sympy.gcd_list([sympy.expand(m) for m in minors if m != 0]))
    return eps, dloss, g2, gcds


def test_caseIII_every_eps_in_range_by_sympy():
    dims = [3, 2, 2, 2]
    params = {"dims": dims, "eps_range": [0, "1/1000", False, True]}
    r = prove_claim("kaw.caseIII", params)
    assert r["verdict"] == "CONFIRMED"
    objs = r["problem"]["objects"]
    net = Net(dims, objs["X"], objs["Y"])
    zero = [Matrix.from_rows([[0] * dims[k - 1] for _ in range(dims[k])]) for k in range(1, 4)]
    assert all(g == 0 for g in net.grad(zero)) and signs(net.hess(zero))[1] == 0
    eps, dloss, g2, gcds = caseIII_sympy(dims, objs)
    assert dloss == 0                                   # the loss is kept for every eps
    assert poly_equal(objs["grad_norm2_eps"], sympy.Matrix([[g2]]))

    def roots_in(p, lo, hi, lc, hc):
        return [x for x in sympy.real_roots(sympy.Poly(p, eps)) if (x > lo or (lc and x == lo)) and (x < hi or (hc and x == hi))]

    lo, hi = 0, sympy.Rational(1, 1000)
    assert not roots_in(g2, lo, hi, False, True) and g2.subs(eps, hi) > 0
    for gk in gcds:
        assert not roots_in(gk, lo, hi, False, True)     # rank >= p_hat on (0, 1/1000]
        assert sympy.Poly(gk, eps).eval(0) == 0          # ... and not at eps = 0
    # the closed range fails exactly at eps = 0: the case is UNKNOWN (one-sided), the notes name eps = 0
    closed = prove_claim("kaw.caseIII", {"dims": dims, "eps_range": [0, "1/1000", True, True]})
    assert closed["verdict"] == "UNKNOWN"
    assert closed["value"]["loss_preserved_for_every_eps"] is True
    assert closed["value"]["gradient_nonzero_on_range"] is False
    assert any("smallest counterexample eps = 0" in n for n in closed["proof"].notes)
    assert sym_product([sympy.zeros(2, 3)]).rank() == 0
    # a range away from 0 holds; the legacy single eps means (0, eps]
    assert prove_claim("kaw.caseIII", {"dims": dims, "eps_range": ["-2", "-1/3", True, True]})["verdict"] == "CONFIRMED"
    assert prove_claim("kaw.caseIII", {"dims": dims, "eps": "1/10"})["verdict"] == "CONFIRMED"
    with pytest.raises(CertificateError):
        claim_check.build(case("kaw.caseIII", params), None, {"eps": 1})
    with pytest.raises(CaseError):
        prove_claim("kaw.caseIII", {"dims": dims, "eps_range": ["1/10", 0, False, True]})


def test_deep_linear_minors_square_sum_against_sympy():
    from verify.kernel.poly import Poly

    rng = random.Random(3)
    x = Poly.var("eps")
    for _ in range(5):
        m, n = rng.randint(1, 3), rng.randint(1, 3)
        M = Matrix(m, n, [[norm(rng.randint(-2, 2) + rng.randint(-1, 1) * x) for _ in range(n)] for _ in range(m)])
        Ms = sympy.Matrix(m, n, lambda i, j: sym_entry(M.rows[i][j]))
        for r in range(0, min(m, n) + 2):
            want = sum((Ms.extract(list(I), list(J)).det() ** 2 for I in combinations(range(m), r)
                        for J in combinations(range(n), r)), sympy.Integer(0))
            assert poly_equal(Matrix(1, 1, [[dl.minors_square_sum(M, r)]]), sympy.Matrix([[want]]))
        if m == n:
            assert poly_equal(Matrix(1, 1, [[dl.det(M)]]), sympy.Matrix([[Ms.det()]]))


# ------------------------------------------------------------------------------ deep_linear against sympy
def rand_rat(rng):
    return Fraction(rng.randint(-3, 3), rng.choice((1, 1, 2, 3)))


def rand_matrix(rng, m, n):
    return Matrix.from_rows([[rand_rat(rng) for _ in range(n)] for _ in range(m)])


@pytest.mark.parametrize("seed", range(4))
def test_deep_linear_derivatives_against_sympy(seed):
    rng = random.Random(seed)
    H = rng.choice((1, 2, 3))
    dims = [rng.randint(1, 2) for _ in range(H + 2)]
    m = rng.randint(1, 3)
    X, Y = rand_matrix(rng, dims[0], m), rand_matrix(rng, dims[-1], m)
    Ws = [rand_matrix(rng, dims[k], dims[k - 1]) for k in range(1, H + 2)]
    net = Net(dims, X, Y)
    assert Q(dl.loss(Ws, X, Y)) == net.loss(Ws)
    assert [Q(x) for x in dl.gradient(Ws, X, Y).entries()] == net.grad(Ws)
    assert S(dl.hessian(Ws, X, Y)) == net.hess(Ws)
    V = [rand_matrix(rng, dims[k], dims[k - 1]) for k in range(1, H + 2)]
    ours = dl.univariate_coeffs(dl.scaled_path_loss(Ws, V, X, Y))
    theirs = list(reversed(net.path_loss(Ws, V).all_coeffs()))
    assert [Q(c) for c in ours] == theirs + [0] * (len(ours) - len(theirs))


def test_deep_linear_inverses_and_projector_against_sympy():
    rng = random.Random(7)
    for _ in range(5):
        m, n, r = rng.randint(1, 4), rng.randint(1, 4), rng.randint(0, 2)
        M = matmul(rand_matrix(rng, m, r), rand_matrix(rng, r, n)) if r else Matrix.from_rows([[0] * n] * m)
        Ms = S(M)
        assert S(dl.pinv(M)) == Ms.pinv()
        assert Ms * S(dl.g_inverse(M)) * Ms == Ms
        assert S(dl.projector(M)) == Ms * (Ms.T * Ms).pinv() * Ms.T
        assert dl.rank(M) == Ms.rank()


@pytest.mark.parametrize("dims,seed", [([3, 2, 2, 2], 1), ([3, 1, 3], 2)])
def test_deep_linear_data_and_index_points(dims, seed):
    data = dl.make_data(dims[0], dims[-1], seed=seed)
    X, Y, U = S(data.X), S(data.Y), S(data.U)
    Sig = Y * X.T * (X * X.T).inv() * X * Y.T
    assert Sig == S(data.Sigma) and U.T * U == sympy.eye(dims[-1])
    assert U.T * Sig * U == sympy.diag(*[Q(x) for x in data.lam])
    assert (X * X.T).rank() == dims[0] and (X * Y.T).rank() == dims[-1]
    net = Net(dims, data.X, data.Y)
    for I in ([0], list(range(min(min(dims[1:-1]), dims[-1])))):
        Ws = dl.index_set_point(data, dims, I)
        assert all(g == 0 for g in net.grad(Ws))  # an index-set point is critical
        Ui = U[:, I]
        assert S(dl.product(Ws)) == Ui * Ui.T * Y * X.T * (X * X.T).inv()
