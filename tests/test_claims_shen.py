"""Shen's claims (papers 000/001): pinned witnesses, verdicts through the kernel, and the MLP builder
against an independent sympy differentiation."""

from fractions import Fraction

import pytest
import sympy as sp

from verify.builders.mlp import MLP
from verify.builders.products import tracy_singh
from verify.claims.shen import CLAIMS
from verify.claims.shen_common import check_locally
from verify.kernel.exact import Matrix

XOR = lambda n1, E1, W2: {"widths": [2, n1, 1], "activations": ["logistic", "identity"],  # noqa: E731
                          "dummy": [True, True], "weights": [E1, W2]}


def run(cid, params):
    verdict, value, proof, objects = check_locally(CLAIMS[cid], params)
    return verdict, value, proof


# ------------------------------------------------------------------ builders against independent references
def test_tracy_singh_entrywise_definition():
    A = Matrix.from_rows([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    B = Matrix.from_rows([[1, -1], [2, 3]])
    ra, ca, rb, cb = [1, 2], [2, 1], [1, 1], [1, 1]
    TS = tracy_singh(A, B, ra, ca, rb, cb)
    # ((A_ij (x) B_kl)_kl)_ij, assembled independently from the definition
    out = []
    for i, (r0, rs) in enumerate(zip([0, 1], ra)):
        for k, (s0, ss) in enumerate(zip([0, 1], rb)):
            for a in range(rs):
                for b in range(ss):
                    row = []
                    for j, (c0, cs) in enumerate(zip([0, 2], ca)):
                        for l, (d0, ds) in enumerate(zip([0, 1], cb)):
                            for c in range(cs):
                                for d in range(ds):
                                    row.append(A.rows[r0 + a][c0 + c] * B.rows[s0 + b][d0 + d])
                    out.append(row)
    # row order of (1): block row i, then within it block row k of B, then a, b
    assert TS == Matrix.from_rows(out)


def test_P_and_hessian_against_sympy():
    E1 = [[2, Fraction(1, 3)], [3, Fraction(1, 2)], [Fraction(1, 2), 5]]
    W2 = [[1], [-2], [Fraction(1, 3)]]
    net = MLP([2, 2, 1], ["logistic", "identity"], [Matrix.from_rows(E1), Matrix.from_rows(W2)], [True, True])
    X = Matrix.from_rows([[0, 0, 1, 1], [0, 1, 0, 1]])
    Y = Matrix.from_rows([[0, 1, 1, 0]])
    # sympy: real weights w = log E, symbols in the paper's order [vec W_2; vec W_1]
    v = sp.symbols("v0:3")
    w = sp.symbols("w0:6")  # vec W_1 column-major: (j, k) -> k*3 + j
    outs = []
    for i in range(4):
        x = [X.rows[0][i], X.rows[1][i], 1]
        h = [1 / (1 + sp.exp(-sum(w[k * 3 + j] * x[j] for j in range(3)))) for k in range(2)]
        outs.append(v[0] * h[0] + v[1] * h[1] + v[2])
    syms = list(v) + list(w)
    at = {v[j]: sp.Rational(str(Fraction(W2[j][0]))) for j in range(3)}
    at.update({w[k * 3 + j]: sp.log(sp.Rational(str(Fraction(E1[j][k])))) for j in range(3) for k in range(2)})
    P = net.P(X)
    for c, o in enumerate(outs):
        for r, s in enumerate(syms):
            assert sp.simplify(sp.diff(o, s).subs(at) - sp.Rational(str(P.rows[r][c]))) == 0
    loss = sum((o - y) ** 2 for o, y in zip(outs, [0, 1, 1, 0])) / 4
    H = net.hessian(X, Y)
    for r, s in [(0, 3), (3, 4), (1, 8), (5, 5)]:
        ref = sp.nsimplify(sp.simplify(sp.diff(loss, syms[r], syms[s]).subs(at)))
        assert ref == sp.Rational(str(H.rows[r][s]))


# ------------------------------------------------------------------ products and Proposition 2
@pytest.mark.parametrize("cid,params", [
    ("shen.def.ts_kr", {"shape_a": [3, 4], "shape_b": [2, 4], "rows_a": [1, 2], "cols_a": [2, 2], "rows_b": [1, 1],
                        "cols_b": [1, 3], "seed": 1}),
    ("shen.ts.rank", {"shape_a": [2, 3], "shape_b": [2, 2], "rows_a": [1, 1], "cols_a": [1, 2], "rows_b": [2],
                      "cols_b": [1, 1], "symbolic": True}),
    ("shen.kr.select", {"shape_a": [3, 3], "shape_b": [2, 3], "rows_a": [1, 2], "cols_a": [2, 1], "rows_b": [1, 1],
                        "cols_b": [1, 2], "symbolic": True}),
    ("shen.cor1", {"seed": 2}), ("shen.frob", {"seed": 1}), ("shen.sylv", {"seed": 1}), ("shen.comb", {"seed": 2}),
    ("shen.kr.lower", {"shape_a": [3, 4], "shape_b": [2, 4], "cols_a": [2, 2], "cols_b": [1, 3], "seed": 1}),
    ("shen.prop2", {"form": "fixed", "seed": 3}),
    ("shen.prop2.factor", {"factor": True, "symbolic": True, "n_l": 2, "n_L": 2, "n_prev": 2, "T": 2}),
    ("shen.prop2.c1", {"n_l": 2, "n_L": 3, "n_prev": 2, "T": 3, "seed": 4}),
    ("shen.prop2.c2", {"n_l": 3, "n_L": 1, "n_prev": 3, "T": 2, "seed": 4}),
    ("shen.prop2.c3", {"n_l": 3, "n_L": 1, "n_prev": 1, "T": 3, "seed": 5}),
])
def test_true_bounds_confirmed(cid, params):
    assert run(cid, params)[0] == "CONFIRMED"


def test_tightness_witnesses():
    for cid in ("shen.sylv", "shen.frob", "shen.comb", "shen.kr.lower"):
        verdict, value, proof = run(cid, {"search_tight": True})
        assert verdict == "CONFIRMED" and value["tight"] is True and proof.witness is not None


def test_prop2_printed_smallest_counterexample():
    verdict, value, proof = run("shen.prop2", {"search": True, "search_seconds": 5})
    assert verdict == "REFUTED"
    assert proof.witness == {"Psi": [[1], [1]], "Phi": [[1]]}
    assert value["rank_KR"] == 1 and value["bound"] == 2


def test_prop2_fixed_search_finds_nothing():
    verdict, value, proof = run("shen.prop2", {"search": True, "form": "fixed", "search_seconds": 1})
    assert verdict == "CONFIRMED" and proof.witness is None


def test_prop2_cases_hypotheses_hold_on_instances():
    for cid, p in [("shen.prop2.c1", {"n_l": 2, "n_L": 3, "n_prev": 2, "T": 3, "seed": 4}),
                   ("shen.prop2.c3", {"search_tight": True})]:
        verdict, value, _ = run(cid, p)
        assert verdict == "CONFIRMED" and value["hypothesis"] is True


# ------------------------------------------------------------------ networks
F121 = {"net": {"widths": [1, 2, 1], "activations": ["logistic", "identity"], "dummy": [False, False],
                "weights": [[[2, 3]], [[1], [1]]]}, "X": [[1]], "Y": [[0]]}
SYM = {"net": {"widths": [2, 2, 1], "activations": ["poly", "identity"], "dummy": [True, True],
               "coeffs": {"1": [0, 1, "1/2"]}, "symbolic": True}}


@pytest.mark.parametrize("cid,params", [
    ("shen.grad", {}), ("shen.grad", SYM), ("shen.P.jac", {}), ("shen.P.jac", SYM), ("shen.prop3", F121),
    ("shen.prop3.max", {}), ("shen.xor.setup", {}), ("shen.alg1", {}), ("shen.alg2", {}),
    ("shen.princ4", {}), ("shen.remark2", {}), ("shen.ggn.psd", {}),
])
def test_network_claims_confirmed(cid, params):
    assert run(cid, params)[0] == "CONFIRMED"


def test_prop3_main_is_tight_where_supplement_fails():
    assert run("shen.prop3", F121)[1]["tight"] is True
    verdict, value, _ = run("shen.supp.prop3", F121)
    assert verdict == "REFUTED" and value["rank_P"] == 1 and value["bound"] == 2


def test_prop6_counterexample():
    p = {"prop6": True, "net": {"widths": [1, 3, 1], "activations": ["logistic", "identity"], "dummy": [True, True],
                                "weights": [[[1, 1, 2], [2, 3, 1]], [[0], [0], [0], [1]]]}, "X": [[0, 1, 2]],
         "Y": [[0, 1, 0]]}
    verdict, value, _ = run("shen.prop6", p)
    assert verdict == "REFUTED" and value["hypotheses_hold"] is True and value["rank_P"] == 2


def test_xor221_minimum_rank_two_and_blocks():
    verdict, value, proof = run("shen.xor221.lb", {"search": True})
    assert verdict == "CONFIRMED" and value["rank_P"] == 2 and value["principle3"] is True
    verdict, value, _ = run("shen.xor221.blocks", {"net": XOR(2, [[1, 2], [1, 1], [2, 1]], [[0], [0], [1]])})
    assert verdict == "REFUTED" and value["rank_bottom"] == 0


def test_xor231_block_collapse():
    verdict, value, _ = run("shen.xor231.block1", {"search": True, "net": XOR(3, [[1] * 3] * 3, [[0]] * 3 + [[1]])})
    assert verdict == "CONFIRMED" and value["rank_top"] == 3


@pytest.mark.parametrize("E1,inertia", [
    ([[1, 2], [1, 1], [2, 1]], [2, 1, 6]),        # rank P = 2: saddle
    ([[2, 1], [1, 2], [1, 1]], [3, 2, 4]),        # saddle
    ([[1, "1/4"], [1, 1], [2, 2]], [2, 0, 7]),    # PSD, degenerate: undecided by second order
])
def test_xor_critical_points_classified(E1, inertia):
    verdict, value, _ = run("shen.thm1", {"net": XOR(2, E1, [[0], [0], ["1/2"]])})
    assert verdict == "CONFIRMED" and value["critical"] is True and value["exact_learning"] is False
    assert value["eps_in_rowspan_P"] is False and value["hessian_inertia"] == inertia


def test_hessian_claims():
    lin = {"net": {"widths": [1, 1, 1], "activations": ["identity", "identity"], "dummy": [False, False],
                   "weights": [[[1]], [[1]]]}, "X": [[1]], "Y": [[0]]}
    assert run("shen.hess26", lin)[0] == "REFUTED"
    v, val, proof = run("shen.hess28", {"exact_min": True})
    assert v == "CONFIRMED" and val["exact_learning"] is True
    assert run("shen.hess28", {"exact_min": True, "form": "printed"})[0] == "REFUTED"
    v, val, _ = run("shen.prop4", {"exact_min": True})
    assert v == "CONFIRMED" and val["rank_H"] == 4 and val["degenerate"] is True


def test_remarks_and_vacuous_hypotheses():
    r4 = {"net": {"widths": [1, 1, 2, 1], "activations": ["softsign", "softsign", "identity"],
                  "dummy": [False] * 3, "weights": [[[1]], [[1, 0]], [[0], [1]]]}, "X": [[1]], "Y": [[0]]}
    v, val, _ = run("shen.remark4", r4)
    assert v == "REFUTED" and val["ranks_Psi"][0] == 0
    assert run("shen.prop1", {"net": XOR(2, [[1, 1]] * 3, [[0]] * 3)})[0] == "REFUTED"
    assert run("shen.princ1", {"loss": "cauchy", "r": [1, 0]})[0] == "REFUTED"
    assert run("shen.princ1", {"loss": "squared"})[0] == "CONFIRMED"
