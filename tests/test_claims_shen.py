"""Shen's claims (papers 000/001) through `verify.pipeline.prove_claim`: every claim id on a small
instance whose truth the test establishes itself (sympy ranks, Jacobians, Hessians, eigenvalue
signs, entrywise definitions, brute force or a hand computation), forgery tests for the quantified
claims, and the import discipline of the trusted modules."""

import ast
import itertools
import pathlib
from fractions import Fraction

import pytest
import sympy as sp
from shen_reference import Q, inertia, jacobian_T, loss_derivatives, smat

from verify.checks import claim as claim_check
from verify.checks.base import Context
from verify.claims.shen import builds_nets as BN
from verify.claims.shen.proofs_nets import log_rank_obligations
from verify.errors import CaseError, CertificateError, Unknown
from verify.kernel.check import derive
from verify.kernel.exact import Matrix
from verify.pipeline import case_of, prove_claim
from verify.problem import build_problem

XOR = lambda n1, E1, W2: {"widths": [2, n1, 1], "activations": ["logistic", "identity"],  # noqa: E731
                          "dummy": [True, True], "weights": [E1, W2]}
XX, XY = Matrix.from_rows(BN.XOR_X), Matrix.from_rows(BN.XOR_Y)


def run(cid, params, expect="confirmed"):
    r = prove_claim(cid, params, expect)
    return r["verdict"], r["value"], r


def objs(r):
    return r["problem"]["objects"]


def rank(M):
    return smat(M).rank()


def case(cid, params, expect="confirmed"):
    return case_of({"id": "t", "check": "claim", "claim": cid, "params": params, "expect": {"verdict": expect}})


def verdict_at(cid, params, witness, expect="confirmed"):
    """The verdict the kernel gives at a chosen witness (every rank and log-rank certified)."""
    problem = build_problem(case(cid, params, expect), None, witness)
    o = problem["objects"]
    ctx = Context(seed=b"t")
    obs = ctx.rank(o, sorted(k for k, M in o.items() if not k.startswith("E_")))[1] + log_rank_obligations(o)[0]
    return derive(problem, obs)["verdict"]


def log_det(E, rows, cols):
    """det(log E[rows, cols]) by sympy (exact symbolic, then 50 digits)."""
    return sp.N(sp.Matrix([[sp.log(Q(E[i][j])) for j in cols] for i in rows]).det(), 50)


# ====================================================================== products: definitions and ranks
def tracy_singh_by_definition(A, B, ra, ca, rb, cb):
    """((A_ij (x) B_kl)_kl)_ij assembled from the definition (eq. 1)."""
    oa, ob = [sum(ra[:i]) for i in range(len(ra))], [sum(rb[:k]) for k in range(len(rb))]
    oca, ocb = [sum(ca[:j]) for j in range(len(ca))], [sum(cb[:l]) for l in range(len(cb))]
    out = []
    for i, rs in enumerate(ra):
        for k, ss in enumerate(rb):
            for a in range(rs):
                for b in range(ss):
                    row = []
                    for j, cs in enumerate(ca):
                        for l, ds in enumerate(cb):
                            for c in range(cs):
                                for d in range(ds):
                                    row.append(A.rows[oa[i] + a][oca[j] + c] * B.rows[ob[k] + b][ocb[l] + d])
                    out.append(row)
    return Matrix.from_rows(out)


def khatri_rao_by_definition(A, B, ra, ca, rb, cb):
    """(A_ij (x) B_ij)_ij (eq. 3) from the definition."""
    oa, ob = [sum(ra[:i]) for i in range(len(ra))], [sum(rb[:i]) for i in range(len(rb))]
    oca, ocb = [sum(ca[:j]) for j in range(len(ca))], [sum(cb[:j]) for j in range(len(cb))]
    out = []
    for i in range(len(ra)):
        for a in range(ra[i]):
            for b in range(rb[i]):
                row = []
                for j in range(len(ca)):
                    for c in range(ca[j]):
                        for d in range(cb[j]):
                            row.append(A.rows[oa[i] + a][oca[j] + c] * B.rows[ob[i] + b][ocb[j] + d])
                out.append(row)
    return Matrix.from_rows(out)


TSKR = {"shape_a": [3, 4], "shape_b": [2, 4], "rows_a": [1, 2], "cols_a": [2, 2], "rows_b": [1, 1],
        "cols_b": [1, 3], "seed": 1}


def test_ts_kr_definitions_and_sizes():
    v, val, r = run("shen.def.ts_kr", TSKR)
    o = objs(r)
    A, B = o["A"], o["B"]
    assert v == "CONFIRMED" and val["TS_shape"] == [6, 16]
    assert o["TS"] == tracy_singh_by_definition(A, B, [1, 2], [2, 2], [1, 1], [1, 3])
    assert o["KR"] == khatri_rao_by_definition(A, B, [1, 2], [2, 2], [1, 1], [1, 3])
    assert o["KR"].shape == (1 * 1 + 2 * 1, 2 * 1 + 2 * 3)
    # column-wise Khatri-Rao: column j is A_j (x) B_j
    col = [[A.rows[a][j] * B.rows[b][j] for j in range(4)] for a in range(3) for b in range(2)]
    assert o["KR_col"] == Matrix.from_rows(col)


def test_ts_rank_instance_and_symbolic():
    p = {"shape_a": [3, 3], "shape_b": [2, 2], "rows_a": [1, 2], "cols_a": [1, 2], "rows_b": [1, 1],
         "cols_b": [1, 1], "seed": 3}
    v, val, r = run("shen.ts.rank", p)
    o = objs(r)
    assert v == "CONFIRMED" and val["rank_TS"] == rank(o["TS"]) == rank(o["A"]) * rank(o["B"])
    ps = {"shape_a": [2, 3], "shape_b": [2, 2], "rows_a": [1, 1], "cols_a": [1, 2], "rows_b": [2], "cols_b": [1, 1],
          "symbolic": True}
    v, val, r = run("shen.ts.rank", ps)
    o = objs(r)
    assert v == "CONFIRMED"
    # independent: at random integer values the Tracy-Singh product by definition has rank rank A rank B
    syms = sorted(set(o["A"].variables()) | set(o["B"].variables()))
    at = {s: (hash(s) % 7) - 3 for s in syms}
    A, B = o["A"].evaluate(at), o["B"].evaluate(at)
    assert rank(tracy_singh_by_definition(A, B, [1, 1], [1, 2], [2], [1, 1])) == rank(A) * rank(B)
    assert smat(o["TS"]).subs({sp.Symbol(s): v for s, v in at.items()}) == smat(
        tracy_singh_by_definition(A, B, [1, 1], [1, 2], [2], [1, 1]))


def test_kr_select_against_definition():
    p = dict(TSKR, symbolic=True)
    p.pop("seed")
    v, val, r = run("shen.kr.select", p)
    o = objs(r)
    assert v == "CONFIRMED" and val == {"rank_Z1": 3, "rank_Z2": 8, "holds": True}
    KR = khatri_rao_by_definition(o["A"], o["B"], [1, 2], [2, 2], [1, 1], [1, 3])
    Z1, Z2 = smat(o["Z1"]), smat(o["Z2"])
    assert sp.expand(Z1.T * smat(tracy_singh_by_definition(o["A"], o["B"], [1, 2], [2, 2], [1, 1], [1, 3])) * Z2
                     - smat(KR)) == sp.zeros(*KR.shape)
    assert (Z1.rank(), Z2.rank()) == (1 * 1 + 2 * 1, 2 * 1 + 2 * 3)


def test_cor1_by_sympy():
    v, val, r = run("shen.cor1", TSKR)
    o = objs(r)
    kr = rank(khatri_rao_by_definition(o["A"], o["B"], [1, 2], [2, 2], [1, 1], [1, 3]))
    ts = rank(tracy_singh_by_definition(o["A"], o["B"], [1, 2], [2, 2], [1, 1], [1, 3]))
    assert v == "CONFIRMED" and (val["rank_KR"], val["rank_TS"]) == (kr, ts) and kr <= ts


@pytest.mark.parametrize("cid,seed", [("shen.frob", 1), ("shen.sylv", 1), ("shen.comb", 2)])
def test_rank_inequalities_by_sympy(cid, seed):
    v, val, r = run(cid, {"seed": seed})
    o = objs(r)
    rk = {k: rank(M) for k, M in o.items()}
    if cid == "shen.frob":
        lhs, rhs = rk["ABC"] + rk["B"], rk["AB"] + rk["BC"]
    elif cid == "shen.sylv":
        lhs, rhs = rk["AC"], rk["A"] + rk["C"] - o["A"].ncols
    else:
        lhs, rhs = rk["ABC"], rk["A"] + rk["B"] + rk["C"] - o["A"].ncols - o["B"].ncols
    assert v == "CONFIRMED" and (val["lhs"], val["rhs"]) == (lhs, rhs)


@pytest.mark.parametrize("cid", ["shen.frob", "shen.sylv", "shen.comb", "shen.kr.lower"])
def test_tight_witnesses_by_sympy(cid):
    v, val, r = run(cid, {"search_tight": True})
    w = r["proof"].witness
    assert v == "CONFIRMED" and val["tight"] is True and w is not None
    M = {k: sp.Matrix(x) for k, x in w.items()}
    assert all(e in (0, 1) for m in M.values() for e in m)
    if cid == "shen.sylv":
        A, C = M["A"], M["C"]
        assert (A * C).rank() == A.rank() + C.rank() - A.cols < min(A.rank(), C.rank()) and A.rank() and C.rank()
    elif cid == "shen.kr.lower":
        A, B = M["A"], M["B"]
        n = A.cols
        kr = sp.Matrix([[A[a, j] * B[b, j] for j in range(n)] for a in range(A.rows) for b in range(B.rows)])
        bound = sp.kronecker_product(A, B).rank() + n - n * n
        assert bound > 0 and kr.rank() == bound == val["bound"]
    else:
        A, B, C = M["A"], M["B"], M["C"]
        assert B.rank() < B.rows and all(x.rank() for x in (A, B, C))
        if cid == "shen.frob":
            assert (A * B * C).rank() + B.rank() == (A * B).rank() + (B * C).rank()
        else:
            assert (A * B * C).rank() == A.rank() + B.rank() + C.rank() - A.cols - B.cols


def test_kr_lower_instance_by_sympy():
    p = {"shape_a": [3, 4], "shape_b": [2, 4], "cols_a": [2, 2], "cols_b": [1, 3], "seed": 1}
    v, val, r = run("shen.kr.lower", p)
    o = objs(r)
    kr = rank(khatri_rao_by_definition(o["A"], o["B"], [3], [2, 2], [2], [1, 3]))
    ts = rank(tracy_singh_by_definition(o["A"], o["B"], [3], [2, 2], [2], [1, 3]))
    bound = 3 * 2 + ts + (2 * 1 + 2 * 3) - 3 * 2 - 4 * 4
    assert v == "CONFIRMED" and (val["rank_KR"], val["bound"]) == (kr, bound)


# ====================================================================== Proposition 2
def prop2_by_hand(Psi, Phi, printed=True):
    """(rank KR, bound of eq. (23)) by sympy from the definition of Psi (.) Phi (one column block per
    sample: column block i is Psi_i (x) phi_i)."""
    T = len(Phi[0])
    nL = len(Psi[0]) // T
    P, F = sp.Matrix(Psi), sp.Matrix(Phi)
    KR = sp.Matrix.hstack(*[sp.kronecker_product(P[:, i * nL:(i + 1) * nL], F[:, i]) for i in range(T)])
    bound = P.rows * F.rank() + sum(P[:, i * nL:(i + 1) * nL].rank() for i in range(T))
    bound -= T * (nL if printed else P.rows)
    return KR.rank(), bound


def test_prop2_printed_smallest_counterexample_by_brute_force():
    v, val, r = run("shen.prop2", {"search": True, "search_seconds": 5})
    w = r["proof"].witness
    assert v == "REFUTED" and w == {"Psi": [[1], [1]], "Phi": [[1]]}
    assert prop2_by_hand(w["Psi"], w["Phi"]) == (1, 2) == (val["rank_KR"], val["bound"])
    # brute force: no instance with fewer entries (2: Psi 1x1, Phi 1x1) violates eq. (23)
    for a, b in itertools.product((1, -1, 0), repeat=2):
        kr, bound = prop2_by_hand([[a]], [[b]])
        assert kr >= bound


def test_prop2_fixed_search_is_unknown_and_instance_confirmed():
    v, val, r = run("shen.prop2", {"search": True, "form": "fixed", "search_seconds": 1, "seed": 1})
    assert v == "UNKNOWN" and r["proof"].witness is None
    assert any("universal" in x for x in r["reasons"])
    v, val, r = run("shen.prop2", {"form": "fixed", "seed": 3})
    o = objs(r)
    kr, bound = prop2_by_hand([list(x) for x in o["Psi"].rows], [list(x) for x in o["Phi"].rows], printed=False)
    assert v == "CONFIRMED" and (val["rank_KR"], val["bound"]) == (kr, bound) and kr >= bound


def test_prop2_factorisation_by_sympy():
    p = {"factor": True, "symbolic": True, "n_l": 2, "n_L": 2, "n_prev": 2, "T": 2}
    v, val, r = run("shen.prop2.factor", p)
    o = objs(r)
    assert v == "CONFIRMED" and val["rank_I_ts_Phi"] == 2 * val["rank_Phi"]
    Psi, Phi = smat(o["Psi"]), smat(o["Phi"])
    KR = sp.Matrix.hstack(*[sp.kronecker_product(Psi[:, 2 * i:2 * i + 2], Phi[:, i]) for i in range(2)])
    IPhi = sp.Matrix.hstack(*[sp.kronecker_product(sp.eye(2), Phi[:, i]) for i in range(2)])
    D = sp.diag(Psi[:, 0:2], Psi[:, 2:4])
    assert sp.expand(IPhi * D - KR) == sp.zeros(*KR.shape)


@pytest.mark.parametrize("cid,p", [
    ("shen.prop2.c1", {"n_l": 2, "n_L": 3, "n_prev": 2, "T": 3, "seed": 4}),
    ("shen.prop2.c2", {"n_l": 3, "n_L": 1, "n_prev": 3, "T": 2, "seed": 4}),
    ("shen.prop2.c3", {"n_l": 3, "n_L": 1, "n_prev": 1, "T": 3, "seed": 5}),
])
def test_prop2_cases_by_sympy(cid, p):
    v, val, r = run(cid, p)
    o = objs(r)
    Psi, Phi = smat(o["Psi"]), smat(o["Phi"])
    T, nl, nprev = Phi.cols, Psi.rows, Phi.rows
    nL = Psi.cols // T
    KR = sp.Matrix.hstack(*[sp.kronecker_product(Psi[:, i * nL:(i + 1) * nL], Phi[:, i]) for i in range(T)])
    full = Phi.rank() == min(nprev, T) and all(Psi[:, i * nL:(i + 1) * nL].rank() == min(nl, nL) for i in range(T))
    bound = {"shen.prop2.c1": nl * Phi.rank(), "shen.prop2.c2": T * nL, "shen.prop2.c3": nL}[cid]
    assert v == "CONFIRMED" and val["hypothesis"] is full is True and val["bound"] == bound
    assert val["rank_KR"] == KR.rank() >= bound


def test_prop2_case_searches():
    v, val, r = run("shen.prop2.c1", {"search": True, "search_seconds": 1})
    assert v == "UNKNOWN"                  # no violation exists; a search cannot certify the universal
    v, val, r = run("shen.prop2.c3", {"search_tight": True})
    w = r["proof"].witness
    kr, _ = prop2_by_hand(w["Psi"], w["Phi"])
    assert v == "CONFIRMED" and val["hypothesis"] is True and kr == val["bound"] == len(w["Psi"][0]) // len(w["Phi"][0])


# ====================================================================== forgeries
def test_witness_on_a_fixed_instance_is_rejected():
    # the review's forgery: a params-fixed Proposition 2 instance, a certificate witness Phi = [[0]]
    c = case("shen.prop2", {"Psi": [[1], [1]], "Phi": [[1]]}, "confirmed")
    with pytest.raises(CertificateError):
        claim_check.build(c, None, {"Psi": [[1], [1]], "Phi": [[0]]})
    for cid, p, w in [("shen.cor1", TSKR, {"A": [[1]], "B": [[1]]}), ("shen.frob", {"seed": 1}, {"A": [[0]]}),
                      ("shen.xor221.lb", {}, {"weights": XOR(2, [[1, 1]] * 3, [[0], [0], [1]])["weights"]}),
                      ("shen.hess28", {"exact_min": True}, {"weights": []}), ("shen.thm1", {}, {"x": 1})]:
        with pytest.raises(CertificateError):
            claim_check.build(case(cid, p), None, w)


@pytest.mark.parametrize("cid,params,witness", [
    ("shen.prop2", {"search": True}, {"Psi": [[2], [1]], "Phi": [[1]]}),              # entry outside values
    ("shen.prop2", {"search": True}, {"Psi": [[1] * 7], "Phi": [[1]]}),               # n_L = 7 > 2
    ("shen.prop2", {"search": True}, {"Psi": [[1]], "Phi": [[1]], "extra": 1}),
    ("shen.prop2.c3", {"search_tight": True}, {"Psi": [[1], [1]]}),
    ("shen.sylv", {"search_tight": True}, {"A": [[2]], "C": [[1]]}),
    ("shen.frob", {"search_tight": True}, {"A": [[1, 1]], "B": [[1]], "C": [[1]]}),   # incompatible shapes
    ("shen.comb", {"search_tight": True}, {"A": [[1]], "B": [[1]], "C": [["1/2"]]}),
    ("shen.comb", {"search_tight": True}, {"A": [[1] * 4], "B": [[1]] * 4, "C": [[1]]}),  # beyond 3 x 3
    ("shen.prop2.c1", {"search": True}, {"Psi": [[1, 1, 1, 1]], "Phi": [[1]]}),          # n_L = 4 > 2
    ("shen.prop2.c2", {"search_tight": True}, {"Psi": [[1]], "Phi": [[1], [1], [1]]}),    # n_prev = 3 > 2
    ("shen.kr.lower", {"search_tight": True}, {"A": [[1, 0]], "B": [[1]]}),
    ("shen.xor221.lb", {"search_tight": True}, {"weights": [[[1, 1]], [[0]]]}),        # shapes
    ("shen.xor221.lb", {"search_tight": True}, {"weights": XOR(2, [[1, 0]] * 3, [[0], [0], [1]])["weights"]}),
    ("shen.xor231.lb", {"search": True, "net": XOR(3, [[1] * 3] * 3, [[0]] * 3 + [[1]])},
     {"weights": XOR(2, [[1, 2]] * 3, [[0], [0], [1]])["weights"]}),                   # F(2,2,1) weights
    ("shen.xor231.block1", {"net": XOR(3, [[1] * 3] * 3, [[0]] * 3 + [[1]])}, {"weights": 1}),
    ("shen.alg2", {}, {"xi": [[1], [2]]}),
])
def test_malformed_witnesses_are_rejected(cid, params, witness):
    with pytest.raises(CertificateError):
        claim_check.build(case(cid, params), None, witness)


def test_universal_statements_need_a_counterexample():
    # a witness that satisfies the statement leaves a universal statement UNKNOWN, never CONFIRMED
    assert verdict_at("shen.prop2", {"search": True, "form": "fixed"}, {"Psi": [[1], [1]], "Phi": [[1]]}) == "UNKNOWN"
    assert verdict_at("shen.prop2", {"search": True}, {"Psi": [[1], [1]], "Phi": [[1]]}) == "REFUTED"
    assert verdict_at("shen.prop2.c2", {"search": True}, {"Psi": [[1], [0]], "Phi": [[1]]}) == "UNKNOWN"
    assert verdict_at("shen.xor221.lb", {"search": True},
                      {"weights": XOR(2, [[1, 2], [1, 1], [2, 1]], [[0], [0], [1]])["weights"]}) == "UNKNOWN"
    assert verdict_at("shen.prop2.c1", {"search": True}, {"Psi": [[1, 0]], "Phi": [[1]]}) == "UNKNOWN"
    assert verdict_at("shen.prop2.c3", {"search": True}, {"Psi": [[1, 1], [1, 0]], "Phi": [[1, 1]]}) == "UNKNOWN"
    generic231 = XOR(3, [[2, 3, "1/2"], [1, "1/3", 2], [3, 1, 1]], [[1], [-1], [2], [1]])
    assert verdict_at("shen.xor231.lb", {"search": True, "net": generic231}, {"weights": generic231["weights"]}) \
        == "UNKNOWN"
    # an existential statement at a witness that does not satisfy it: UNKNOWN, not REFUTED
    assert verdict_at("shen.sylv", {"search_tight": True}, {"A": [[1]], "C": [[1]]}) == "UNKNOWN"
    assert verdict_at("shen.comb", {"search_tight": True}, {"A": [[1]], "B": [[1]], "C": [[1]]}) == "UNKNOWN"
    assert verdict_at("shen.kr.lower", {"search_tight": True}, {"A": [[1, 1]], "B": [[1, 1]]}) == "UNKNOWN"
    assert verdict_at("shen.xor231.block1", {"net": generic231}, {"weights": generic231["weights"]}) == "UNKNOWN"
    assert verdict_at("shen.xor221.lb", {"search_tight": True}, {"weights": XOR2["weights"]}) == "UNKNOWN"


# ====================================================================== networks
XOR2 = BN.XOR_221
F121 = {"net": {"widths": [1, 2, 1], "activations": ["logistic", "identity"], "dummy": [False, False],
                "weights": [[[2, 3]], [[1], [1]]]}, "X": [[1]], "Y": [[0]]}
SYM = {"net": {"widths": [2, 2, 1], "activations": ["poly", "identity"], "dummy": [True, True],
               "coeffs": {"1": [0, 1, "1/2"]}, "symbolic": True}}


def net_of(params):
    return BN.net_from(params)


def test_grad_and_jacobian_against_sympy():
    net, X, Y = net_of({})
    g, _ = loss_derivatives(net, X, Y, hessian=False)
    v, _, r = run("shen.grad", {})
    assert v == "CONFIRMED" and [x[0] for x in objs(r)["G_rec"].rows] == [4 * x for x in g]
    v, val, r = run("shen.P.jac", {})
    assert v == "CONFIRMED" and smat(objs(r)["P"]) == jacobian_T(net, X, Y) and val["shape"] == [9, 4]


def test_grad_and_jacobian_symbolic_against_sympy():
    v, _, r = run("shen.grad", SYM)
    o = objs(r)
    assert v == "CONFIRMED"
    # sympy: the summed loss of F(2,2,1) with sigma(z) = z + z^2/2 in the weight symbols
    net, X, Y = net_of(SYM)
    W1, W2 = smat(net.W[0]), smat(net.W[1])
    loss, outs = 0, []
    for i in range(4):
        x = sp.Matrix([X.rows[0][i], X.rows[1][i], 1])
        z = W1.T * x
        h = [zz + zz ** 2 / 2 for zz in z] + [1]
        f = sum(W2[j, 0] * h[j] for j in range(3))
        outs.append(f)
        loss += (f - Y.rows[0][i]) ** 2
    order = [W2[j, 0] for j in range(3)] + [W1[j, k] for k in range(2) for j in range(3)]
    assert sp.expand(smat(o["G_rec"]) - sp.Matrix([sp.diff(loss, s) for s in order])) == sp.zeros(9, 1)
    v, _, r = run("shen.P.jac", SYM)
    P = smat(objs(r)["P"])
    assert v == "CONFIRMED"
    assert sp.expand(P - sp.Matrix([[sp.diff(f, s) for f in outs] for s in order])) == sp.zeros(9, 4)


def test_prop3_and_supplement_by_hand():
    net, X, Y = net_of(F121)
    rP = jacobian_T(net, X, Y).rank()
    # n = (1, 2, 1), L = 2, T = 1: n_1 rank Phi_0 + n_2 rank Phi_1 + rank Psi_1 + rank Psi_2 = 2 + 1 + 1 + 1
    assert rP == 1
    v, val, _ = run("shen.prop3", F121)
    assert v == "CONFIRMED" and val["bound"] == 5 - 1 * 2 - 2 * 1 == rP and val["tight"] is True
    v, val, _ = run("shen.supp.prop3", F121)
    assert v == "REFUTED" and val["rank_P"] == rP and val["bound"] == 5 - 1 * 1 - 2 * 1


def test_prop3_max_by_sympy():
    net, X, Y = net_of({})
    J = jacobian_T(net, X, Y)
    v, val, _ = run("shen.prop3.max", {})
    assert v == "CONFIRMED" and val["rank_P"] == J.rank() == 4
    assert val["bound"] == max(J[0:3, :].rank(), J[3:9, :].rank())


def test_prop6_counterexample_by_sympy():
    p = {"prop6": True, "net": {"widths": [1, 3, 1], "activations": ["logistic", "identity"], "dummy": [True, True],
                                "weights": [[[1, 1, 2], [2, 3, 1]], [[0], [0], [0], [1]]]}, "X": [[0, 1, 2]],
         "Y": [[0, 1, 0]]}
    net, X, Y = net_of(p)
    rP = jacobian_T(net, X, Y).rank()
    assert rP == 2 and sp.Matrix([[0, 1], [1, 1], [2, 1]]).rank() == 2       # case (2): bound max{3, 3} = 3
    assert log_det([[1, 1, 2], [2, 3, 1]], [0, 1], [0, 2]) != 0 and sp.Matrix([0, 0, 0, 1]).rank() == 1
    v, val, _ = run("shen.prop6", p)
    assert v == "REFUTED" and val["hypotheses_hold"] is True and val["rank_P"] == rP and val["bound_case2"] == 3
    v, val, _ = run("shen.prop6", {"prop6": True})
    assert v == "CONFIRMED" and val["rank_P"] == jacobian_T(*net_of({})).rank()


def test_xor_setup_by_sympy():
    for p, rows in [({}, 9), ({"net": XOR(3, [[2, 3, "1/2"], [1, "1/3", 2], [3, 1, 1]], [[1], [-1], [2], [1]])}, 13)]:
        v, val, r = run("shen.xor.setup", p)
        assert v == "CONFIRMED" and objs(r)["P"].shape == (rows, 4)
    assert sp.Matrix(BN.XOR_X + [[1, 1, 1, 1]]).rank() == 3


def test_xor221_lower_bound_attained_and_blocks():
    v, val, r = run("shen.xor221.lb", {"search_tight": True})
    w = r["proof"].witness
    net, X, Y = net_of({"net": XOR(2, *w["weights"])})
    assert v == "CONFIRMED" and val["rank_P"] == jacobian_T(net, X, Y).rank() == 2
    assert abs(log_det(w["weights"][0], [0, 1], [0, 1])) > 0 or abs(log_det(w["weights"][0], [1, 2], [0, 1])) > 0
    v, val, r = run("shen.xor221.lb", {"search": True, "search_seconds": 1})
    assert v == "UNKNOWN"
    # the saturated instance of cases/crosscheck: exact rank of P beside the bound
    sat = {"net": XOR(2, [[2, 3], [3, 2], [10 ** 15, 10 ** 15]], [[1], [1], [1]])}
    v, val, _ = run("shen.xor221.lb", sat)
    assert v == "CONFIRMED" and val["rank_P"] == jacobian_T(*net_of(sat)).rank()
    printed = {"net": XOR(2, [[1, 2], [1, 1], [2, 1]], [[0], [0], [1]])}
    J = jacobian_T(*net_of(printed))
    v, val, _ = run("shen.xor221.blocks", printed)
    assert v == "REFUTED" and val["rank_bottom"] == J[3:9, :].rank() == 0 and val["rank_top"] == J[0:3, :].rank()


def test_xor231_block_collapse():
    p = {"net": XOR(3, [[1] * 3] * 3, [[0]] * 3 + [[1]])}
    v, val, r = run("shen.xor231.block1", p)
    w = r["proof"].witness
    J = jacobian_T(*net_of({"net": XOR(3, *w["weights"])}))
    assert v == "CONFIRMED" and val["rank_top"] == J[0:4, :].rank() == 3
    assert log_det(w["weights"][0], [0, 1, 2], [0, 1, 2]) != 0


# ====================================================================== Hessians and GGN
LIN = {"net": {"widths": [1, 1, 1], "activations": ["identity", "identity"], "dummy": [False, False],
               "weights": [[[1]], [[1]]]}, "X": [[1]], "Y": [[0]]}
LOG = {"net": {"widths": [1, 1, 1], "activations": ["logistic", "identity"], "dummy": [False, False],
               "weights": [[[1]], [[1]]]}, "X": [[1]], "Y": [[0]]}


def test_hess26_by_hand():
    # J = (w2 w1)^2: Hessian [[2 w1^2, 4 w1 w2], [4 w1 w2, 2 w2^2]] = [[2, 4], [4, 2]] at w = 1 (order [w2, w1]),
    # Gauss-Newton (1/T) P H_E P^T = 2 [w1, w2]^T [w1, w2] = [[2, 2], [2, 2]]; identity units: Sigma'' = 0
    v, val, r = run("shen.hess26", LIN)
    assert v == "REFUTED" and val == {"sigma2_all_zero": True, "H_equals_GGN": False, "holds": False}
    assert smat(objs(r)["H"]) == sp.Matrix([[2, 4], [4, 2]]) and smat(objs(r)["GGN"]) == sp.Matrix([[2, 2], [2, 2]])
    net, X, Y = net_of(LOG)                      # logistic at z = 0: sigma''(0) = 0
    _, H = loss_derivatives(net, X, Y)
    J = jacobian_T(net, X, Y)
    v, val, r = run("shen.hess26", LOG)
    assert v == "REFUTED" and smat(objs(r)["H"]) == H != 2 * J * J.T


def test_hess28_prop4_ggn_at_the_exact_minimum():
    net, X, Y = BN.hessian_net({"exact_min": True})
    assert all(r == 0 for r in smat(net.eps(X, Y)))          # exact learning (also from the MLP's own forward)
    g, H = loss_derivatives(net, X, Y)
    J = jacobian_T(net, X, Y)
    assert all(x == 0 for x in g) and H == 2 * J * J.T / 4 and H.rank() == 4
    v, val, r = run("shen.hess28", {"exact_min": True})
    assert v == "CONFIRMED" and val["exact_learning"] is True and smat(objs(r)["H"]) == H
    v, val, _ = run("shen.hess28", {"exact_min": True, "form": "printed"})
    assert v == "REFUTED" and H != 2 * J * J.T
    v, val, _ = run("shen.prop4", {"exact_min": True})
    assert v == "CONFIRMED" and val["rank_H"] == H.rank() == 4 and val["N_net"] == 9 and val["degenerate"] is True
    v, val, _ = run("shen.ggn.psd", {"exact_min": True})
    assert v == "CONFIRMED" and val["inertia_GGN"] == inertia(2 * J * J.T / 4)
    with pytest.raises(CaseError):            # hidden odds that admit no exact fit: refused, never vacuous
        run("shen.hess28", {"exact_min": True, "E1": [[2, 3], [5, 3], ["1/4", "1/81"]]})


def test_ggn_psd_generic_by_sympy():
    net, X, Y = net_of({})
    J = jacobian_T(net, X, Y)
    v, val, _ = run("shen.ggn.psd", {})
    assert v == "CONFIRMED" and val["inertia_GGN"] == inertia(J * J.T / 2) and val["inertia_GGN"][1] == 0


def test_ggn_conv_is_never_decided():
    with pytest.raises(Unknown):
        prove_claim("shen.ggn.conv", {})
    problem = build_problem(case("shen.ggn.conv", {}), None)
    assert derive(problem, [])["verdict"] == "UNKNOWN"
    with pytest.raises(CertificateError):   # log [[1]] = 0: no certificate can give it a nonzero minor
        derive(problem, [{"rule": "log_minor_nonzero", "matrix": "ONE", "rows": [0], "cols": [0]}])


# ====================================================================== algorithms
def test_alg1_and_alg2_against_sympy():
    net, X, Y = net_of({})
    g, _ = loss_derivatives(net, X, Y, hessian=False)
    v, _, r = run("shen.alg1", {})
    assert v == "CONFIRMED" and [x[0] for x in objs(r)["G_alg1"].rows] == [4 * x for x in g]
    v, val, r = run("shen.alg2", {})
    J = jacobian_T(net, X, Y)
    eps = smat(net.eps(X, Y))
    Ht = 2 * J * J.T
    xi = sp.Matrix(r["proof"].witness["xi"])
    assert v == "CONFIRMED" and Ht * J * xi == J * eps and val["xi_N_in_range_Ht"] is True
    sol = (Ht * J).gauss_jordan_solve(J * eps)[0]                  # sympy's own solution of eq. (39)
    assert sp.simplify(J * sol - J * xi) == sp.zeros(9, 1)          # the same xi_N
    assert verdict_at("shen.alg2", {}, {"xi": [[0], [0], [0], [1]]}) == "UNKNOWN"


# ====================================================================== principles, remarks, vacuous hypotheses
def test_princ4_by_sympy():
    v, _, r = run("shen.princ4", {})
    D = [x for x in objs(r)["D"].rows[0]]
    z = sp.Symbol("z", real=True)
    ref = []
    for o in ["1/3", "1", "2", "7"]:
        at = sp.log(Q(o))
        ref += [sp.diff(1 / (1 + sp.exp(-z)), z).subs(z, at), sp.diff(sp.tanh(z), z).subs(z, at / 2) * 1,
                sp.diff(sp.log(1 + sp.exp(z)), z).subs(z, at)]
    for zz in [-3, sp.Rational(-1, 2), 0, sp.Rational(5, 2)]:
        ref += [sp.diff(z / (1 + sp.Abs(z)), z).subs(z, zz) if zz != 0 else 1, 1]
    for m in (sp.Integer(1), sp.Integer(2), sp.Integer(3), sp.Rational(1, 2)):
        ref.append(sp.diff((sp.sqrt(z ** 2 + 1) - 1) / 2 + z, z).subs(z, (m ** 2 - 1) / (2 * m)))
    ref = [sp.simplify(x) for x in ref]
    assert v == "CONFIRMED" and all(x != 0 for x in ref)
    # tanh' at odds o = e^(2z) is 4o/(1+o)^2 = sech^2(z) (sympy's tanh); the rest term by term
    assert [Q(x) for x in D] == ref


def test_princ1_by_sympy():
    r1, r2 = sp.symbols("r1 r2")
    H = sp.hessian(sp.log(1 + r1 ** 2 + r2 ** 2), (r1, r2)).subs({r1: 1, r2: 0})
    v, val, r = run("shen.princ1", {"loss": "cauchy", "r": [1, 0]})
    assert v == "REFUTED" and smat(objs(r)["HE"]) == H and val["rank_HE"] == H.rank() == 1
    Hs = sp.hessian((r1) ** 2 + (r2) ** 2, (r1, r2))
    v, val, r = run("shen.princ1", {"loss": "squared"})
    assert v == "CONFIRMED" and smat(objs(r)["HE"]) == Hs and val["rank_HE"] == 2


def test_remark4_by_hand():
    # F(1,1,2,1), softsign, W_1 = [1], W_2 = [1, 0], W_3 = [0; 1]: the output is softsign(0 * phi_1) = 0 for
    # every z_1, so dF/dz_1 = Psi_1 = 0 although min{n_1, n_2, n_3} = 1
    z1 = sp.Symbol("z1")
    ss = lambda u: u / (1 + sp.Abs(u))  # noqa: E731
    h1 = ss(z1)
    out = 0 * ss(1 * h1) + 1 * ss(0 * h1)
    assert sp.diff(out, z1) == 0
    r4 = {"net": {"widths": [1, 1, 2, 1], "activations": ["softsign", "softsign", "identity"], "dummy": [False] * 3,
                  "weights": [[[1]], [[1, 0]], [[0], [1]]]}, "X": [[1]], "Y": [[0]]}
    v, val, _ = run("shen.remark4", r4)
    assert v == "REFUTED" and val["ranks_Psi"][0] == 0 and val["mins"] == [1, 1, 1] and val["principle5"] is True


def test_vacuous_hypotheses_by_sympy():
    p1 = {"net": XOR(2, [[1, 1]] * 3, [[0]] * 3)}
    J = jacobian_T(*net_of(p1))
    v, val, _ = run("shen.prop1", p1)
    assert v == "REFUTED" and val["rank_P"] == J.rank() == 1 < 4
    p5 = {"net": {"widths": [2, 4, 1], "activations": ["logistic", "identity"], "dummy": [False, False],
                  "weights": [[[1] * 4] * 2, [[0]] * 4]}}
    net, X, _ = net_of(p5)
    h = sp.Matrix([[1 / (1 + sp.exp(-(0 * X.rows[0][i] + 0 * X.rows[1][i]))) for i in range(4)] for _ in range(4)])
    v, val, _ = run("shen.prop5", p5)
    assert v == "REFUTED" and val["rank_Phi_1"] == h.rank() == 1


@pytest.mark.parametrize("E1", [[[1, 2], [1, 1], [2, 1]], [[2, 1], [1, 2], [1, 1]], [[1, "1/4"], [1, 1], [2, 2]]])
def test_thm1_at_critical_points_by_sympy(E1):
    p = {"net": XOR(2, E1, [[0], [0], ["1/2"]])}
    net, X, Y = net_of(p)
    g, H = loss_derivatives(net, X, Y)
    J = jacobian_T(net, X, Y)
    eps = smat(net.eps(X, Y))
    in_rowspan = sp.Matrix.hstack(J.T, eps).rank() == J.T.rank()
    v, val, _ = run("shen.thm1", p)
    assert all(x == 0 for x in g) and not in_rowspan and eps != sp.zeros(4, 1)
    assert v == "CONFIRMED" and val["critical"] is True and val["eps_in_rowspan_P"] is False
    assert val["hessian_inertia"] == inertia(H)


def test_remark2_by_sympy():
    v, _, _ = run("shen.remark2", {})
    E = BN.XOR_221["weights"][0]
    assert v == "CONFIRMED" and log_det(E, [0, 1], [0, 1]) != 0
    v, _, _ = run("shen.remark2", {"net": XOR(2, [[1, 1]] * 3, [[0], [0], [1]])})
    assert v == "UNKNOWN"                        # log E = 0: no nonzero minor can be certified


# ====================================================================== trusted modules import no proof code
TRUSTED = ["builds.py", "builds_nets.py", "builds_descent.py", "statements.py", "statements_nets.py",
           "statements_descent.py"]
FORBIDDEN = ("proofs", "engines", "flint", "sympy", "numpy", "mpmath", "random_search")


@pytest.mark.parametrize("name", TRUSTED)
def test_trusted_modules_import_no_untrusted_code(name):
    path = pathlib.Path(__file__).parent.parent / "verify" / "claims" / "shen" / name
    for node in ast.walk(ast.parse(path.read_text())):
        mods = []
        if isinstance(node, ast.Import):
            mods = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mods = [node.module or ""] + [a.name for a in node.names]
        for m in mods:
            assert not any(part in FORBIDDEN or part.startswith("proofs") for part in m.split(".")), (name, m)


def test_numbers_are_read_exactly():
    for bad in ("1e", "1_000", "\u0661", 0.5):  # "1e3" is exact (1000, CASES.md)
        with pytest.raises(ValueError):
            BN.net_from({"net": XOR(2, [[bad, 1], [1, 1], [1, 1]], [[0], [0], [1]])})
    assert BN.net_from({"net": XOR(2, [["0.5", 1], [1, 1], [1, 1]], [[0], [0], [1]])})[0].W[0].rows[0][0] == \
        Fraction(1, 2)


# ====================================================================== §5.1, F(2,3,1): rank P_xor >= 3 refuted
def _outputs(p, q, r):
    return [o / (1 + o) for o in (r, r * q, r * p, r * p * q)]


def test_xor231_lower_bound_refuted_by_a_rank_two_point():
    p = {"search": True, "net": XOR(3, [[1] * 3] * 3, [[0]] * 3 + [[1]])}
    v, val, r = run("shen.xor231.lb", p)
    w = r["proof"].witness
    E = [[Fraction(x) for x in row] for row in w["weights"][0]]
    assert v == "REFUTED" and val["rank_P"] == 2 and val["principle3"] is True
    assert w == {"weights": [[["1/3", "2/3", 1], ["3/5", "5/6", 1], [2, 1, 2]], [[0], [0], [0], [1]]]}
    # independent: sympy's Jacobian of the logistic network has rank 2; log E_1 is nonsingular (sympy, 50 digits)
    J = jacobian_T(*net_of({"net": XOR(3, *w["weights"])}))
    assert J.shape == (13, 4) and J.rank() == 2
    assert abs(log_det(w["weights"][0], [0, 1, 2], [0, 1, 2])) > sp.Rational(1, 1000)
    # by hand: unit 3 is constant, h_2 = 1/4 + 3/8 h_1 on the four inputs
    h1, h2, h3 = (_outputs(*[E[j][k] for j in range(3)]) for k in range(3))
    assert len(set(h3)) == 1 and all(b == Fraction(1, 4) + Fraction(3, 8) * a for a, b in zip(h1, h2))


def test_no_affinely_related_pair_of_small_height():
    """Brute force by 3 x 3 minors (not the prover's grouping): among units with odds a/b, a, b <= 3, no
    two non-constant units have rank [1; h_1; h_2] < 3 with independent weights (log p, log q)."""
    import math

    grid = sorted({Fraction(a, b) for a in range(1, 4) for b in range(1, 4)})
    units = [u for u in itertools.product(grid, repeat=3) if not (u[0] == 1 and u[1] == 1)]
    outs = {u: _outputs(*u) for u in units}
    for u1, u2 in itertools.combinations(units, 2):
        rows = [[1] * 4, outs[u1], outs[u2]]
        if any(_det3([[rows[i][c] for c in cols] for i in range(3)]) != 0
               for cols in itertools.combinations(range(4), 3)):
            continue                                            # rank 3: not affinely related
        assert abs(math.log(u1[0]) * math.log(u2[1]) - math.log(u1[1]) * math.log(u2[0])) < 1e-12, (u1, u2)


def _det3(A):
    return (A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0])
            + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]))
