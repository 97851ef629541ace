"""Giannou et al. (paper 004) claims through `verify.pipeline.prove_claim` (build, prove, kernel).

Every claim id has an instance whose truth is established here independently of the claim package
(sympy, brute force over permutations / subsets, or a hand computation), compared with the
certified verdict and values; the quantified claims have forgery tests (a witness of the wrong form
is rejected, a witness on an instance statement is rejected, a witness that does not establish the
statement leaves it UNKNOWN)."""

import math
import random
from fractions import Fraction
from itertools import permutations, product

import pytest
import sympy

from verify.errors import CertificateError, Unknown
from verify.kernel.poly import Poly
from verify.pipeline import case_of, prove_claim


# ----------------------------------------------------------------------------------- helpers
def sym(x):
    """A kernel entry (int, Fraction, Poly) as a sympy expression."""
    if isinstance(x, Poly):
        out = sympy.Integer(0)
        for mono, c in x.terms.items():
            t = sympy.Rational(c.numerator, c.denominator)
            for v, e in mono:
                t *= sympy.Symbol(v) ** e
            out += t
        return out
    x = Fraction(x)
    return sympy.Rational(x.numerator, x.denominator)


def smat(M):
    return sympy.Matrix(M.nrows, M.ncols, [sym(x) for x in M.entries()])


def objects_of(r):
    return r["problem"]["objects"]


def claim_build(cid, params, witness):
    """The checker's build path for a case of claim `cid` with a certificate's witness."""
    from verify.checks import claim as claim_check

    case = case_of({"id": "t", "check": "claim", "claim": cid, "params": params, "expect": {"verdict": "confirmed"}})
    return claim_check.build(case, None, witness)


def judged(cid, params, witness):
    """Verdict of the statement at a given witness (the checker's derivation, no proof search)."""
    from verify.kernel.check import derive
    from verify.problem import build_problem

    case = case_of({"id": "t", "check": "claim", "claim": cid, "params": params, "expect": {"verdict": "confirmed"}})
    return derive(build_problem(case, None, witness), [])


def has_matching(B):
    n = len(B)
    return any(all(B[i][s[i]] for i in range(n)) for s in permutations(range(n)))


# ----------------------------------------------------------------------------------- Khatri-Rao
def test_def_kr_equals_sympy_columnwise_kronecker():
    r = prove_claim("gia.def.kr", {"n": 2, "m": 3})
    assert r["verdict"] == "CONFIRMED" and r["value"]["shape"] == [6, 6]
    o = objects_of(r)
    A, B = smat(o["A"]), smat(o["B"])
    ref = sympy.Matrix.hstack(*[sympy.kronecker_product(A[:, j], B[:, j]) for j in range(6)])
    assert (smat(o["KR"]) - ref).expand() == sympy.zeros(6, 6)


def test_lemma1_identity_by_sympy():
    n, m = 2, 3
    r = prove_claim("gia.lemma1", {"n": n, "m": m})
    assert r["verdict"] == "CONFIRMED"
    C = sympy.Matrix(n, n * m, lambda i, j: sympy.Symbol(f"c{i}{j}"))
    B = sympy.Matrix(n * m, m, lambda i, j: sympy.Symbol(f"b{i}{j}"))
    x = sympy.Matrix(n * m, 1, lambda i, j: sympy.Symbol(f"x{i}"))
    lhs = C * sympy.diag(*x) * B
    vec = sympy.Matrix([lhs[i, j] for i in range(n) for j in range(m)])  # row-major
    KR = sympy.Matrix.hstack(*[sympy.kronecker_product(C[:, j], B.T[:, j]) for j in range(n * m)])
    assert (vec - KR * x).expand() == sympy.zeros(n * m, 1)
    # the object the statement compares is that vector (sympy names differ: compare at a point)
    o = objects_of(r)
    pt = {v: random.Random(1).randint(-5, 5) for v in o["vec_CXB"].variables()}
    Cn = sympy.Matrix(n, n * m, lambda i, j: pt[f"c_{i}_{j}"])
    Bn = sympy.Matrix(n * m, m, lambda i, j: pt[f"b_{i}_{j}"])
    xn = [pt[f"x_{i}_0"] for i in range(n * m)]
    Ln = Cn * sympy.diag(*xn) * Bn
    assert smat(o["vec_CXB"].evaluate(pt)) == sympy.Matrix([Ln[i, j] for i in range(n) for j in range(m)])


@pytest.mark.parametrize("n,m", [(2, 2), (3, 2)])
def test_lemma2_generic_rank_by_sympy_det_at_a_point(n, m):
    r = prove_claim("gia.lemma2", {"n": n, "m": m})
    assert r["verdict"] == "CONFIRMED" and r["value"]["generic_rank"] == n * m
    rng = random.Random(n * 10 + m)
    A = sympy.Matrix(n, n * m, lambda i, j: rng.randint(-9, 9))
    B = sympy.Matrix(m, n * m, lambda i, j: rng.randint(-9, 9))
    KR = sympy.Matrix.hstack(*[sympy.kronecker_product(A[:, j], B[:, j]) for j in range(n * m)])
    assert KR.det() != 0  # a nonzero value: det is not the zero polynomial


def test_lemma2_paper_assignment_is_identity_by_hand():
    r = prove_claim("gia.lemma2", {"n": 2, "m": 3})
    A0 = sympy.Matrix([[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]])
    B0 = sympy.Matrix.hstack(sympy.eye(3), sympy.eye(3))
    KR0 = sympy.Matrix.hstack(*[sympy.kronecker_product(A0[:, j], B0[:, j]) for j in range(6)])
    assert KR0 == sympy.eye(6) and smat(objects_of(r)["KR_witness"]) == KR0


@pytest.mark.parametrize("form", ["four", "three"])
def test_remark5_generic_rank_by_sympy(form):
    n, m = 2, 2
    r = prove_claim("gia.remark5", {"n": n, "m": m, "form": form})
    assert r["verdict"] == "CONFIRMED" and r["value"]["generic_rank"] == 4
    rng = random.Random(5)
    rnd = lambda a, b: sympy.Matrix(a, b, lambda i, j: rng.randint(-5, 5))  # noqa: E731
    A, Bm, C, D = rnd(n, 4), rnd(4, 4), rnd(m, 4), rnd(4, 4)
    L = A * Bm if form == "four" else A
    R2 = C * D
    KR = sympy.Matrix.hstack(*[sympy.kronecker_product(L[:, j], R2[:, j]) for j in range(4)])
    assert KR.rank() == 4


def test_thm5_ranks_by_sympy():
    r = prove_claim("gia.thm5", {"a_shape": [4, 3], "rank_a": 2, "b_shape": [3, 2], "rank_b": 1, "seed": 5})
    o = objects_of(r)
    A, B = smat(o["A"]), smat(o["B"])
    assert r["verdict"] == "CONFIRMED"
    assert (r["value"]["rank_A"], r["value"]["rank_B"]) == (A.rank(), B.rank()) == (2, 1)
    assert r["value"]["rank_AkB"] == sympy.kronecker_product(A, B).rank() == 2


def test_thm6_identities_hold_on_random_numbers_by_sympy():
    r = prove_claim("gia.thm6", {})
    assert r["verdict"] == "CONFIRMED"
    rng = random.Random(6)
    rnd = lambda a, b: sympy.Matrix(a, b, lambda i, j: rng.randint(-4, 4))  # noqa: E731
    kr = lambda X, Y: sympy.Matrix.hstack(*[sympy.kronecker_product(X[:, j], Y[:, j]) for j in range(X.shape[1])])  # noqa: E731
    A, C, B, D = rnd(2, 2), rnd(2, 3), rnd(2, 2), rnd(2, 3)
    assert kr(A * C, B * D) == sympy.kronecker_product(A, B) * kr(C, D)
    E, F, G, H = rnd(2, 3), rnd(2, 3), rnd(2, 3), rnd(2, 3)
    assert kr(E, F).multiply_elementwise(kr(G, H)) == kr(E.multiply_elementwise(G), F.multiply_elementwise(H))


def _meet_dim(A, B):
    N = A.nullspace()
    if not N:
        return 0
    NB = sympy.Matrix.hstack(*N, B)
    return len(N) + B.rank() - NB.rank()


def test_fact1_hypotheses_and_conclusion_by_sympy():
    r = prove_claim("gia.fact1", {"part": "fact", "n": 2, "m": 4, "l": 2, "seed": 11})
    o = objects_of(r)
    A, B = smat(o["A"]), smat(o["B"])
    assert r["verdict"] == "CONFIRMED" and r["value"]["hypotheses_hold"] is True
    assert A.rank() == 2 and B.rank() == 2 and _meet_dim(A, B) == 0 and (A * B).rank() == 2
    assert r["value"]["rank_AB"] == (A * B).rank()


def test_remark4_counterexample_by_hand():
    r = prove_claim("gia.fact1", {"part": "remark4"}, "confirmed")
    assert r["verdict"] == "REFUTED"
    A = sympy.Matrix([[1, 0, 0]])
    B = sympy.Matrix([[1, 0], [0, 1], [0, 0]])
    v = B * sympy.Matrix([0, 1])
    assert A * v == sympy.zeros(1, 1) and v != sympy.zeros(3, 1)   # 0 != v in null(A) n col(B)
    assert (A * B).rank() == 1 == min(1, 2)                        # yet AB has full rank
    assert r["value"]["null_A_meets_col_B_only_in_0"] is False


def test_remark4_holds_when_l_le_n_by_sympy():
    A, B = [[1, 0, 0], [0, 1, 0]], [[1, 0], [0, 1], [1, 1]]
    r = prove_claim("gia.fact1", {"part": "remark4", "A": A, "B": B})
    assert r["verdict"] == "CONFIRMED"
    assert (sympy.Matrix(A) * sympy.Matrix(B)).rank() == 2 and _meet_dim(sympy.Matrix(A), sympy.Matrix(B)) == 0


@pytest.mark.parametrize("case", ["none", "unique", "infinite"])
def test_thm7_rouche_capelli_by_sympy(case):
    r = prove_claim("gia.thm7", {"case": case})
    o = objects_of(r)
    A, b = smat(o["A"]), smat(o["b"])
    sols = sympy.linsolve((A, b))
    assert r["verdict"] == "CONFIRMED"
    assert r["value"]["rank_A"] == A.rank() and r["value"]["rank_Ab"] == A.row_join(b).rank()
    assert r["value"]["solvable"] == (sols != sympy.EmptySet)
    expect = {"none": lambda: sols == sympy.EmptySet,
              "unique": lambda: len(sols) == 1 and not next(iter(sols)).free_symbols,
              "infinite": lambda: len(sols) == 1 and bool(next(iter(sols)).free_symbols)}
    assert expect[case]()


@pytest.mark.parametrize("params", [{"n": 2, "m": 2, "seed": 3, "w": [1, 0, 0, 0]},
                                    {"n": 2, "m": 3, "seed": 4, "variant": "lemma8", "w": [1, 0, 2, 0, 0, -1]}])
def test_lemma3_inverse_times_w_has_no_zero_at_a_random_point_by_sympy(params):
    r = prove_claim("gia.lemma3", params)
    assert r["verdict"] == "CONFIRMED"
    o = objects_of(r)
    n, m = params["n"], params["m"]
    D = smat(o["D"])
    rng = random.Random(7)
    A = sympy.Matrix(n, n * m, lambda i, j: rng.randint(-9, 9))
    C = sympy.Matrix(m, n * m, lambda i, j: rng.randint(-9, 9))
    L, Rt = (A, C * D) if params.get("variant", "lemma3") == "lemma3" else (A * D, C)
    B = sympy.Matrix.hstack(*[sympy.kronecker_product(L[:, j], Rt[:, j]) for j in range(n * m)])
    x = B.LUsolve(sympy.Matrix(params["w"]))
    assert all(v != 0 for v in x)
    # Cramer, the statement's reading: x_i = det(B with column i replaced by w) / det B
    Bi = sympy.Matrix(B)
    Bi[:, 0] = sympy.Matrix(params["w"])
    assert Bi.det() / B.det() == x[0]


# ----------------------------------------------------------------------------------- networks
def test_prop1_identity_by_sympy():
    r = prove_claim("gia.prop1", {"d": 2})
    assert r["verdict"] == "CONFIRMED"
    d = 2
    g = sympy.Matrix(sympy.symbols("g0:2"))
    W = sympy.Matrix(2, 2, sympy.symbols("w0:4"))
    mu, b, x = sympy.Matrix(sympy.symbols("m0:2")), sympy.Matrix(sympy.symbols("b0:2")), sympy.Matrix(sympy.symbols("x0:2"))
    s = sympy.Symbol("s")
    lhs = sympy.diag(*g) * (W * x - mu) / s + b
    Gp = sympy.diag(*g) / s
    assert (lhs - (Gp * W * x + (b - Gp * mu))).expand() == sympy.zeros(d, 1)


def relu(v):
    return [max(Fraction(0), x) for x in v]


def matvec(M, v):
    return [sum(Fraction(a) * b for a, b in zip(row, v)) for row in M.rows]


def ball_points(d, count, seed):
    """Exact rational points with ||x||_2 <= 1: 0, +-e_i, and random ones scaled into the ball."""
    rng = random.Random(seed)
    pts = [[Fraction(0)] * d] + [[Fraction(s if j == i else 0) for j in range(d)] for i in range(d) for s in (1, -1)]
    while len(pts) < count:
        v = [Fraction(rng.randint(-50, 50), 50) for _ in range(d)]
        if sum(x * x for x in v) <= 1:
            pts.append(v)
    return pts


def wide_forward(o, t_count, x):
    """f(x) of Lemma 7 / Theorem 1 / Corollary 1 from the objects (frozen W, mu, s; the witness's
    gamma, beta): BN layer diag(gamma)(W z - mu)/s + beta, ReLU after every layer but the last."""
    z, layers = list(x), []
    for t in range(1, t_count + 1):
        j = 1
        while f"W{t}_{j}" in o:
            layers.append((t, j))
            j += 1
    for idx, (t, j) in enumerate(layers):
        W, g, b = o[f"W{t}_{j}"], o[f"gamma{t}_{j}"], o[f"beta{t}_{j}"]
        mu = [r[0] for r in o[f"mu{t}_{j}"].rows] if f"mu{t}_{j}" in o else [0] * W.nrows
        s = Fraction(o[f"s{t}_{j}"].rows[0][0]) if f"s{t}_{j}" in o else Fraction(1)
        Wz = matvec(W, z)
        z = [Fraction(g.rows[i][0]) * (Wz[i] - mu[i]) / s + b.rows[i][0] for i in range(W.nrows)]
        if idx < len(layers) - 1:
            z = relu(z)
    return z


def target_forward(o, t_count, x):
    z = list(x)
    for t in range(1, t_count + 1):
        z = [a + o[f"g{t}"].rows[i][0] for i, a in enumerate(matvec(o[f"G{t}"], z))]
        if t < t_count:
            z = relu(z)
    return z


@pytest.mark.parametrize("cid,params", [
    ("gia.lemma7", {"d": 2, "l": 1, "bn": True, "seed": 1}), ("gia.lemma7", {"d": 3, "l": 1, "bn": True, "seed": 2}),
    ("gia.thm1", {"d": 2, "l": 2, "seed": 4}), ("gia.thm1", {"d": 3, "l": 2, "seed": 5, "bn": True}),
    ("gia.thm1", {"d": 2, "l": 1, "seed": 3, "targets": [{"W": [[0, 0], [0, 0]], "gamma": [1, 1], "beta": ["1/2", -1]}]}),
    ("gia.cor1", {"d": 3, "rank": 1, "seed": 8}), ("gia.cor1", {"d": 4, "rank": 2, "seed": 9, "bn": True}),
])
def test_wide_networks_equal_target_by_forward_pass(cid, params):
    r = prove_claim(cid, params)
    assert r["verdict"] == "CONFIRMED"
    o = objects_of(r)
    l, d = params.get("l", 1), params["d"]
    for x in ball_points(d, 12, 1):
        assert wide_forward(o, l, x) == target_forward(o, l, x)


def test_wide_bad_witness_is_unknown_and_really_wrong():
    params = {"d": 2, "l": 1, "bn": True, "seed": 1}
    w = prove_claim("gia.lemma7", params)["proof"].witness
    bad = {"gamma": dict(w["gamma"]), "beta": dict(w["beta"])}
    bad["gamma"]["1_1"] = ["2"] + w["gamma"]["1_1"][1:]
    out = judged("gia.lemma7", params, bad)
    assert out["verdict"] == "UNKNOWN"
    o = claim_build("gia.lemma7", params, bad)
    assert any(wide_forward(o, 1, x) != target_forward(o, 1, x) for x in ball_points(2, 12, 2))


def test_wide_inactive_relu_is_caught():
    """Shift a hidden beta down by 1000 and compensate in the last beta: with the ReLUs taken as the
    identity F, f still equal G, g, but some ReLU is off on the ball: the statement must not hold."""
    params = {"d": 2, "l": 1, "seed": 3}
    w = prove_claim("gia.thm1", params)["proof"].witness
    o = claim_build("gia.thm1", params, w)
    V = o["W1_2"]
    shift = [Fraction(1000)] * V.ncols
    g2 = [Fraction(x) for x in w["gamma"]["1_2"]]
    comp = [g2[i] * sum(V.rows[i][j] * shift[j] for j in range(V.ncols)) for i in range(V.nrows)]
    bad = {"gamma": w["gamma"], "beta": {
        "1_1": [str(Fraction(b) - 1000) for b in w["beta"]["1_1"]],
        "1_2": [str(Fraction(b) + c) for b, c in zip(w["beta"]["1_2"], comp)]}}
    ob = claim_build("gia.thm1", params, bad)
    assert ob["F1"] == ob["G1"] and ob["f1"] == ob["g1"]       # the linearised map is still right
    assert judged("gia.thm1", params, bad)["verdict"] == "UNKNOWN"
    assert any(wide_forward(ob, 1, x) != target_forward(ob, 1, x) for x in ball_points(2, 12, 3))


@pytest.mark.parametrize("cid,params,bad", [
    ("gia.lemma7", {"d": 2}, {"gamma": {"1_1": ["1"] * 3, "1_2": ["1"] * 2}, "beta": {"1_1": ["0"] * 4, "1_2": ["0"] * 2}}),
    ("gia.lemma7", {"d": 2}, {"gamma": {"1_1": ["1"] * 4}, "beta": {"1_1": ["0"] * 4}}),
    ("gia.thm1", {"d": 2, "l": 1}, {"gamma": {"1_1": ["1"] * 4, "1_2": ["1"] * 2, "9_9": ["1"]},
                                    "beta": {"1_1": ["0"] * 4, "1_2": ["0"] * 2}}),
    ("gia.cor1", {"d": 2, "rank": 1}, {"gamma": {k: [{"poly": [[1, {"x": 1}]]}] * w for k, w in
                                                 (("1_1", 2), ("1_2", 1), ("1_3", 2), ("1_4", 2))},
                                       "beta": {k: ["0"] * w for k, w in (("1_1", 2), ("1_2", 1), ("1_3", 2), ("1_4", 2))}}),
    ("gia.thm2", {"d": 2, "k": 1}, {"gamma": {"1": ["1"] * 2}, "beta": {"1": ["0"] * 2}, "extra": 1}),
    ("gia.thm2", {"d": 2, "k": 1, "targets": [{"W": [[1, 0], [0, 0]]}]},
     {"gamma": {"1": ["1"] * 2, "2": ["1"] * 2}, "beta": {"1": ["0"] * 2, "2": ["0"] * 2}}),
])
def test_malformed_witnesses_are_rejected(cid, params, bad):
    with pytest.raises(CertificateError):
        claim_build(cid, params, bad)


@pytest.mark.parametrize("cid,params", [("gia.lemma2", {"n": 2, "m": 2}), ("gia.fact1", {"part": "remark4"}),
                                        ("gia.lemma10", {"d": 2}), ("gia.thm3", {}), ("gia.counts", {})])
def test_a_witness_on_an_instance_statement_is_rejected(cid, params):
    with pytest.raises(CertificateError):
        claim_build(cid, params, {"gamma": {}, "beta": {}})


def skip_forward(o, m, x):
    """Theorem 2's f: L_1 = G_1 W_1 A_1 x_1 + b_1, L_i = G_i W_i (relu(L_{i-1}) + A_i x_i) + b_i,
    f = W_last L_m (no final ReLU), x_i = S_i x."""
    L = None
    for i in range(1, m + 1):
        xi = matvec(o[f"S_{i}"], x)
        skip = matvec(o[f"A_{i}"], xi)
        inner = skip if L is None else [a + b for a, b in zip(relu(L), skip)]
        WL = matvec(o[f"W_{i}"], inner)
        L = [Fraction(o[f"gamma_{i}"].rows[r][0]) * WL[r] + o[f"beta_{i}"].rows[r][0] for r in range(len(WL))]
    return matvec(o["Wlast"], L)


@pytest.mark.parametrize("params", [{"d": 2, "k": 1}, {"d": 3, "k": 1}, {"d": 4, "k": 2}, {"d": 3, "k": 2},
                                    {"d": 2, "k": 1, "targets": [{"W": [[0, 1], [0, "1/2"]]}]}])
def test_skip_network_equals_target_by_forward_pass(params):
    r = prove_claim("gia.thm2", params)
    assert r["verdict"] == "CONFIRMED"
    o = objects_of(r)
    d, k = params["d"], params["k"]
    for x in ball_points(d, 12, 4):
        assert skip_forward(o, -(-d // k), x) == target_forward(o, 1, x)


@pytest.mark.parametrize("params", [{"d": 2, "k": 1, "targets": [{"W": [[1, 0], [0, 0]]}]},
                                    {"d": 4, "k": 2, "targets": [{"W": [["1/4", 0, 0, 0], [0, "1/4", 0, 0],
                                                                        ["1/4", "1/4", 0, 0], [0, 0, 0, 0]]}]}])
def test_thm2_zero_last_block_is_refuted_by_full_rank_k_last(params):
    r = prove_claim("gia.thm2", params)
    assert r["verdict"] == "REFUTED"
    o = objects_of(r)
    d, k = params["d"], params["k"]
    m = -(-d // k)
    # independent K_m (Lemma 4: W_last Gamma (W_m A_m) = T  <=>  [W_last (.) (W_m A_m)^T] gamma = vec T)
    Wl, WA = smat(o["Wlast"]), smat(o[f"W_{m}"]) * smat(o[f"A_{m}"])
    K = sympy.Matrix.hstack(*[sympy.kronecker_product(Wl[:, j], WA[j, :].T) for j in range(d * k)])
    assert K.rank() == d * k == r["value"]["rank_K_last"]
    # f's coefficient of x_m is W_last Gamma_m W_m A_m; = 0 forces gamma = 0 (K injective), f constant
    gam = sympy.Matrix(sympy.symbols(f"y0:{d * k}"))
    eqs = list(Wl * sympy.diag(*gam) * WA)
    assert sympy.solve(eqs, list(gam), dict=True) == [{y: 0 for y in gam}]
    # while g is not constant
    assert any(x != 0 for x in o["G1"].entries())


def test_thm2_obstructed_takes_no_witness():
    with pytest.raises(CertificateError):
        claim_build("gia.thm2", {"d": 2, "k": 1, "targets": [{"W": [[1, 0], [0, 0]]}]},
                    {"gamma": {"1": ["1", "1"], "2": ["1", "1"]}, "beta": {"1": ["0", "0"], "2": ["0", "0"]}})


# ----------------------------------------------------------------------------------- sparse
@pytest.mark.parametrize("n", [2, 3])
def test_def4_count_by_permutations(n):
    r = prove_claim("gia.def4", {"n": n})
    count = sum(has_matching([list(bits[i * n:(i + 1) * n]) for i in range(n)])
                for bits in product((0, 1), repeat=n * n))
    assert r["verdict"] == "CONFIRMED" and r["value"]["count_detbool_1"] == count
    assert count == {2: 7, 3: 247}[n]


def test_lemma9_random_patterns_by_sympy_det():
    """Lemma 9 at d = 2 on random 2 x 4 masks: det((P o A) (.) (Q o B)) as a sympy polynomial is
    nonzero iff A (.) B has a perfect matching (permutations)."""
    r = prove_claim("gia.lemma9", {})
    assert r["verdict"] == "CONFIRMED" and r["value"]["configurations"] == 715
    rng = random.Random(9)
    P = sympy.Matrix(2, 4, lambda i, j: sympy.Symbol(f"P{i}{j}"))
    Q = sympy.Matrix(2, 4, lambda i, j: sympy.Symbol(f"Q{i}{j}"))
    seen = set()
    for _ in range(24):
        A = sympy.Matrix(2, 4, lambda i, j: rng.randint(0, 1))
        B = sympy.Matrix(2, 4, lambda i, j: rng.randint(0, 1))
        U, V = P.multiply_elementwise(A), Q.multiply_elementwise(B)
        K = sympy.Matrix.hstack(*[sympy.kronecker_product(U[:, j], V[:, j]) for j in range(4)])
        S = sympy.Matrix.hstack(*[sympy.kronecker_product(A[:, j], B[:, j]) for j in range(4)])
        nonzero = sympy.expand(K.det()) != 0
        seen.add(nonzero)
        assert nonzero == has_matching(S.tolist())
    assert seen == {True, False}


def test_detbool_misc_by_sympy_and_permutations():
    r = prove_claim("gia.detbool.misc", {"n": 4, "count": 12, "seed": 17})
    assert r["verdict"] == "CONFIRMED"
    o = objects_of(r)
    for k in range(12):
        E, F, EF = (o[f"{x}{k}"].rows for x in ("E", "F", "EF"))
        if smat(o[f"E{k}"]).det() != 0:
            assert has_matching(E)
        if has_matching(E) or has_matching(F):
            assert has_matching(EF)


def _prob_zero_bruteforce(S, d):
    p = sympy.Symbol("p")
    tot = sympy.Integer(0)
    for u in product((0, 1), repeat=d):
        for v in product((0, 1), repeat=d):
            if all(not (u[i // d] and v[i % d]) for i in S):
                k = sum(u) + sum(v)
                tot += p ** k * (1 - p) ** (2 * d - k)
    return sympy.expand(tot)


def _nonneg_on_unit(expr):
    """expr >= 0 on [0, 1] (sympy real roots and sign at midpoints)."""
    p = sympy.Symbol("p")
    P = sympy.Poly(expr, p)
    if P.is_zero:
        return True
    pts = sorted({sympy.Rational(0), sympy.Rational(1)} | {x for x in P.real_roots() if 0 < x < 1})
    mids = [(a + b) / 2 for a, b in zip(pts, pts[1:])]
    return all(sympy.N(P.as_expr().subs(p, m), 50) > 0 for m in mids)


def test_lemma10_d2_every_subset_by_enumeration():
    r = prove_claim("gia.lemma10", {"d": 2, "part": "statement"})
    assert r["verdict"] == "CONFIRMED"
    p, d = sympy.Symbol("p"), 2
    for bits in product((0, 1), repeat=d * d):
        S = [i for i in range(d * d) if bits[i]]
        h = sympy.expand((1 - p ** 2 / (2 * d)) ** len(S) - _prob_zero_bruteforce(S, d))
        assert _nonneg_on_unit(h)


def test_lemma10_classes_cover_every_subset_d3():
    """Every nonempty S of {0..8} has the (|S|, probability) of one of the statement's classes."""
    from verify.claims.giannou.builds_sparse import lemma10_classes

    d = 3
    classes = {(size, sym(pr)) for _, size, pr in lemma10_classes(d)}
    classes = {(size, sympy.expand(e)) for size, e in classes}
    for bits in product((0, 1), repeat=d * d):
        S = [i for i in range(d * d) if bits[i]]
        if S:
            assert (len(S), _prob_zero_bruteforce(S, d)) in classes
    assert prove_claim("gia.lemma10", {"d": 3})["value"]["classes_of_S"] == len(classes)


def test_lemma10_classes_cover_every_subset_d4():
    """d = 4, all 2^16 subsets: P(sum u v = 0) = sum_k N_k p^k (1-p)^(8-k), N_k counting the (u, v)
    with |u| + |v| = k and no edge of S between them (for each u, C(4 - |cover(u)|, j) v's with
    |v| = j); the set of (|S|, P) equals the statement's classes (the row / column reduction)."""
    from verify.claims.giannou.builds_sparse import lemma10_classes

    d = 4
    base = [[math.comb(2 * d - k, i) * (-1) ** i for i in range(2 * d - k + 1)] for k in range(2 * d + 1)]
    def poly_of(N):
        c = [0] * (2 * d + 1)
        for k, n in enumerate(N):
            for i, x in enumerate(base[k]):
                c[k + i] += n * x
        while c and c[-1] == 0:
            c.pop()
        return tuple(c)
    seen = set()
    for S in range(1, 1 << (d * d)):
        rows = [(S >> (d * l)) & 15 for l in range(d)]
        N = [0] * (2 * d + 1)
        for u in range(1 << d):
            cover = 0
            for l in range(d):
                if u >> l & 1:
                    cover |= rows[l]
            free = d - bin(cover).count("1")
            for j in range(free + 1):
                N[bin(u).count("1") + j] += math.comb(free, j)
        seen.add((bin(S).count("1"), poly_of(N)))
    from verify.claims.giannou import upoly
    got = {(size, tuple(int(x) for x in upoly.coeffs(pr))) for _, size, pr in lemma10_classes(d)}
    assert got == seen and len(got) == 119


def test_lemma10_d4_confirmed_and_sampled_classes_nonnegative_by_sympy():
    r = prove_claim("gia.lemma10", {"d": 4, "part": "statement"})
    assert r["verdict"] == "CONFIRMED" and r["value"]["classes_of_S"] == 119
    o = objects_of(r)
    for k in random.Random(12).sample(range(119), 12):
        rows = smat(o[f"S{k}"]).tolist()
        S = [l * 4 + j for l in range(4) for j in range(4) if rows[l][j]]
        h = sympy.expand((1 - sympy.Symbol("p") ** 2 / 8) ** len(S) - _prob_zero_bruteforce(S, 4))
        assert sym(o[f"h{k}"].rows[0][0]) == h and _nonneg_on_unit(h)


def test_squarefree_mod_p_against_sympy():
    from verify.claims.giannou import upoly

    p = sympy.Symbol("p")
    rng = random.Random(11)
    for _ in range(30):
        f = sympy.Integer(rng.choice([1, -2, 3]))
        for _ in range(rng.randint(1, 4)):
            f *= (rng.randint(1, 3) * p - rng.randint(-3, 3)) ** rng.choice([1, 1, 2])
        f = sympy.expand(f)
        coeffs = [Fraction(int(sympy.numer(a)), int(sympy.denom(a))) for a in reversed(sympy.Poly(f, p).all_coeffs())]
        squarefree = sympy.degree(sympy.gcd(f, sympy.diff(f, p)), p) == 0
        assert upoly.squarefree_mod_p(coeffs) == squarefree   # exact here: small coefficients, p = 2^61 - 1


def test_lemma10_step_h_gap_by_sympy():
    r = prove_claim("gia.lemma10", {"d": 2, "part": "step_h"})
    p = sympy.Symbol("p")
    lhs, rhs = _prob_zero_bruteforce([0, 2], 2), _prob_zero_bruteforce([0, 1, 2, 3], 2)
    assert sympy.factor(rhs - lhs) == sympy.factor(-p ** 2 * (1 - p) * (2 - p))
    assert not _nonneg_on_unit(rhs - lhs) and r["verdict"] == "REFUTED"
    assert sym(objects_of(r)["gap"].rows[0][0]) == sympy.expand(rhs - lhs)


def test_lemma10_final_by_sympy():
    r = prove_claim("gia.lemma10", {"d": 3, "part": "final"})
    assert r["verdict"] == "CONFIRMED"
    p, d = sympy.Symbol("p"), 3
    for h in range(1, d + 1):
        f = (1 - p ** 2 / (2 * d)) ** (2 * d * h) - (1 - p) ** h * (2 - (1 - p) ** h)
        assert _nonneg_on_unit(sympy.expand(f))


def test_odd_part_against_sympy_sqf():
    from verify.claims.giannou import upoly

    p = sympy.Symbol("p")
    rng = random.Random(10)
    for _ in range(20):
        f = sympy.Integer(rng.choice([-3, -1, 2, 5]))
        for _ in range(rng.randint(0, 4)):
            f *= (p - sympy.Rational(rng.randint(-4, 4), rng.randint(1, 3))) ** rng.randint(1, 3)
        f *= (p ** 2 + rng.randint(1, 3)) ** rng.randint(0, 2)
        f = sympy.expand(f)
        c, factors = sympy.sqf_list(f)
        ref = c * sympy.Mul(*[g ** (e % 2) for g, e in factors])
        coeffs = [Fraction(int(sympy.numer(a)), int(sympy.denom(a))) for a in reversed(sympy.Poly(f, p).all_coeffs())]
        got = upoly.odd_part(coeffs)
        got_expr = sum(sympy.Rational(a.numerator, a.denominator) * p ** k for k, a in enumerate(got))
        assert sympy.simplify(got_expr / ref).is_number          # same up to a positive constant
        assert sympy.simplify(got_expr / ref) > 0


def test_nonneg_atom_is_exact_both_ways():
    """Through the kernel: (p - 1/2)^2 >= 0 on [0, 1] (a touching root: not strictly positive),
    p - 1/2 is not, and (p - 1/2)^2 (p - 2) <= 0 is reported as not >= 0."""
    from verify.claims.giannou.builds_sparse import odd_part_object, one
    from verify.claims.giannou.statements_sparse import nonneg_on_unit
    from verify.kernel.statement import Facts, evaluate

    P = Poly.var("p")
    for f, want in (((P - Fraction(1, 2)) ** 2, True), (P - Fraction(1, 2), False),
                    ((P - Fraction(1, 2)) ** 2 * (P - 2), False), (P * P * (1 - P), True)):
        objs = {"f": one(f), "g": odd_part_object(f)}
        assert evaluate(nonneg_on_unit("f", "g"), Facts(objs)) is want


def test_thm4_bound_by_floats_by_hand():
    r = prove_claim("gia.thm4", {"n": 64, "k": 4, "log_upper": "104/25"})
    assert r["verdict"] == "REFUTED"
    n = 64
    assert math.log(n) <= 104 / 25
    a = (1 - math.log(n) / n) ** n
    plow = n * a - math.comb(n, 2) * a * a
    assert plow > n ** -0.25
    v = r["value"]["P_zero_row_lower"].split("/")
    assert abs(int(v[0]) / int(v[1]) - plow) < 0.02


@pytest.mark.parametrize("params", [{"n": 64, "k": 4, "log_upper": "4"}, {"n": 2, "k": 4, "log_upper": "7/10"}])
def test_thm4_non_counterexample_is_unknown(params):
    assert prove_claim("gia.thm4", params)["verdict"] == "UNKNOWN"


def test_thm4_takes_no_witness():
    with pytest.raises(CertificateError):
        claim_build("gia.thm4", {"n": 64, "k": 4}, {"n": 3})


def test_thm3_d2_polynomial_matches_bruteforce():
    """P(DetBool(M1 (.) M2) = 0) for 2 x 4 Bernoulli(p) M1, M2 by enumerating all 2^16 pairs with a
    permutation test (independent of the claim's column-multiset sum and of matchings)."""
    r = prove_claim("gia.thm3", {"p_below": "1/2", "p_above": "3/4"})
    assert r["verdict"] == "CONFIRMED"
    perms = list(permutations(range(4)))
    counts = {}
    for bits in product((0, 1), repeat=16):
        A, B = bits[:8], bits[8:]
        K = [[A[(i // 2) * 4 + j] * B[(i % 2) * 4 + j] for j in range(4)] for i in range(4)]
        if not any(K[0][s[0]] and K[1][s[1]] and K[2][s[2]] and K[3][s[3]] for s in perms):
            counts[sum(bits)] = counts.get(sum(bits), 0) + 1
    p = sympy.Symbol("p")
    ref = sympy.expand(sum(c * p ** k * (1 - p) ** (16 - k) for k, c in counts.items()))
    assert sym(objects_of(r)["Psing"].rows[0][0]) == ref
    assert all(ref.subs(p, sympy.Rational(t, 8)) > sympy.Rational(1, 2) for t in range(0, 5))
    assert all(ref.subs(p, sympy.Rational(t, 8)) < sympy.Rational(1, 2) for t in range(6, 9))


def test_remark3_is_unknown_and_samples_are_counted_exactly():
    with pytest.raises(Unknown):
        prove_claim("gia.remark3", {}, None)
    from verify.claims.giannou.builds_sparse import build_remark3
    from verify.checks.base import make_statement
    from verify.kernel.statement import Facts, judge
    from verify.claims.giannou.statements_sparse import remark3
    pred, rep = remark3({}, build_remark3({}))
    assert judge(make_statement(pred, report=rep), Facts(build_remark3({})))[1] == "UNKNOWN"

    params = {"d": 2, "p": "1/2", "samples": 16, "seed": 3}
    r = prove_claim("gia.remark3", params, None)
    assert r["verdict"] == "COMPUTED"
    from verify.cases.randgen import random_values_reference
    count = 0
    for s in range(16):
        M = [[int(v < 1) for v in random_values_reference(8, 0, 1, 3 + 2 * s + t)] for t in (0, 1)]
        K = [[M[0][(i // 2) * 4 + j] * M[1][(i % 2) * 4 + j] for j in range(4)] for i in range(4)]
        count += has_matching(K)
    assert r["value"]["detbool_1"] == count and r["value"]["samples"] == 16


def test_counts_by_hand():
    r = prove_claim("gia.counts", {"d": 4, "l": 3})
    d, l = 4, 3
    assert r["verdict"] == "CONFIRMED"
    # Theorem 1's f: l layers of width d^2 (gamma, beta: 2 d^2 each) and l of width d (2 d each);
    # frozen W (d^2 x d) and V (d x d^2) per target layer; the target: W* (d^2), gamma*, beta* (2d)
    assert r["value"] == {"trainable_f": l * (2 * d * d + 2 * d), "weights_f": l * 2 * d ** 3,
                          "target_params": l * (d * d + 2 * d), "holds": True}
