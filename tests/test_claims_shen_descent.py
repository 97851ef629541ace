"""shen.xor221.critical: v = 0 critical points of the F(2,2,1) XOR net are saddles.

The curve is the only untrusted input (the witness); the build derives the loss change along it from
the network.  Here the loss change is recomputed independently with sympy from the logistic
formula, the Hessian's PSD / indefinite split is compared with sympy and with the hand derivation
(PSD iff every hidden unit is constant on the data or depends on one input with odds o and 1/o),
the family enumeration with a brute-force search by the back-propagation gradient, and forged or
bad curves never give CONFIRMED."""

import itertools
from fractions import Fraction

import pytest
import sympy as sp
from shen_reference import inertia, loss_derivatives, smat, spoly

from verify.checks import claim as claim_check
from verify.claims.shen.builds_descent import family_points
from verify.claims.shen.builds_nets import XOR_X, XOR_Y, net_from, xor_net
from verify.errors import CertificateError
from verify.kernel.check import derive
from verify.kernel.exact import Matrix
from verify.pipeline import case_of, prove_claim
from verify.problem import build_problem

CID = "shen.xor221.critical"
PSD = [[1, "1/4"], [1, 1], [2, 2]]
HINT_CURVE = {"E": [[1, "1/4"], [1, "1 + t"], [2, 2]], "W2": [[0], ["-1/3*t^2"], ["1/2 + 1/6*t^2"]], "t1": "1/2"}
t = sp.Symbol("t")


def point(E1, **extra):
    return dict({"net": xor_net(2, E1, [[0], [0], ["1/2"]])}, **extra)


def run(params):
    r = prove_claim(CID, params)
    return r["verdict"], r["value"], r


def sympy_loss(E, W2):
    """J = (1/4) sum_i (b + sum_k v_k sigma(o_ik) - y_i)^2 with o_ik = E_2k E_0k^x1 E_1k^x2 (sympy)."""
    tot = 0
    for (x1, x2), y in zip([(0, 0), (0, 1), (1, 0), (1, 1)], [0, 1, 1, 0]):
        f = W2[2]
        for k in range(2):
            o = E[2][k] * E[0][k] ** x1 * E[1][k] ** x2
            f += W2[k] * o / (1 + o)
        tot += (f - y) ** 2
    return tot / 4


def to_sympy(rows):
    return [[sp.sympify(str(x).replace("^", "**"), locals={"t": t}) for x in r] for r in rows]


def curve_change(curve):
    E, W2 = to_sympy(curve["E"]), [r[0] for r in to_sympy(curve["W2"])]
    return sp.cancel(sympy_loss(E, W2) - sympy_loss([[e.subs(t, 0) for e in r] for r in E], [w.subs(t, 0) for w in W2]))


def verdict_with(params, witness, obligations_from=None):
    """The kernel's verdict on params with a chosen witness and the prover's inertia obligations."""
    c = case_of({"id": "t", "check": "claim", "claim": CID, "params": params, "expect": {"verdict": "confirmed"}})
    problem = build_problem(c, None, witness)
    obs = prove_claim(CID, params)["proof"].obligations if obligations_from is None else obligations_from
    return derive(problem, obs)


# ------------------------------------------------------------------ the PSD point of the question
def test_psd_point_is_a_saddle_by_a_descent_curve():
    verdict, value, r = run(point(PSD))
    o = r["problem"]["objects"]
    assert verdict == "CONFIRMED" and value["saddle"] is True
    assert value["inertia"] == [2, 0, 7] and value["negative_curvature"] is False and value["descent_curve"] is True
    assert r["proof"].witness == {"curve": HINT_CURVE}     # unit 2's x2-odds 1 + t, then v_2 ~ t^2
    # independent: sympy loss along the curve, as a rational function of t
    dJ = curve_change(HINT_CURVE)
    NUM, DEN = (spoly(o[k].rows[0][0]).subs(sp.Symbol("t"), t) for k in ("DJ_NUM", "DJ_DEN"))
    assert sp.cancel(dJ - NUM / DEN) == 0
    assert sp.series(dJ, t, 0, 5).removeO() == -t ** 4 / 324   # order 4: the Hessian cannot see it
    num = sp.Poly(sp.numer(sp.together(dJ)), t)
    assert num.count_roots(sp.Rational(1, 1000), sp.Rational(1, 2)) == 0
    assert dJ.subs(t, sp.Rational(1, 2)) == sp.Rational(-139, 4064256) == sp.Rational(value["loss_change_at_t1"])
    # the second-order test alone is inconclusive: sympy's gradient is 0, its Hessian PSD of rank 2
    net, X, Y = net_from(point(PSD))
    g, H = loss_derivatives(net, X, Y)
    assert all(x == 0 for x in g) and inertia(H) == [2, 0, 7] and smat(o["H"]) == H


def test_given_curve_and_bad_curves_are_never_confirmed():
    verdict, value, _ = run(point(PSD, curve=HINT_CURVE))
    assert verdict == "CONFIRMED" and value["t1"] == "1/2"
    bad = [dict(HINT_CURVE, W2=[[0], ["1/3*t^2"], ["1/2 - 1/6*t^2"]]),     # wrong sign of v_2: ascent
           dict(HINT_CURVE, t1=1),                                         # past the root 0.636 of NUM
           dict(HINT_CURVE, W2=[[0], ["-1/3*t^2"], ["1/3 + 1/6*t^2"]]),    # does not start at the point
           dict(HINT_CURVE, E=[[1, "1/4"], [1, "1 - 3*t"], [2, 2]])]       # odds not positive on [0, t1]
    for curve in bad:
        verdict, value, r = run(point(PSD, curve=curve))
        assert verdict == "UNKNOWN" and value.get("descent_curve") is False
        # the same curve as a certificate's witness: UNKNOWN too
        assert verdict_with(point(PSD), {"curve": curve})["verdict"] == "UNKNOWN"
    # sympy agrees that the first two are no descent on (0, t1]
    assert sp.limit(curve_change(bad[0]) / t ** 4, t, 0) > 0
    assert curve_change(bad[1]).subs(t, 1) > 0


def test_curve_witness_form_is_checked():
    c = case_of({"id": "t", "check": "claim", "claim": CID, "params": point(PSD), "expect": {"verdict": "confirmed"}})
    for w in [{"curve": dict(HINT_CURVE, t1=0)}, {"curve": dict(HINT_CURVE, E=[[1, "1/4"], [1, "1 + s"], [2, 2]])},
              {"curve": {"E": HINT_CURVE["E"], "W2": [[0], [0]], "t1": 1}}, {"curve": HINT_CURVE, "net": 1},
              {"curve": dict(HINT_CURVE, E=[[1, "1/4"], [1, "t^40"], [2, 2]])}, {"curves": {}}]:
        with pytest.raises(CertificateError):
            claim_check.build(c, None, w)
    fam = case_of({"id": "t", "check": "claim", "claim": CID, "expect": {"verdict": "confirmed"},
                   "params": {"family": {"grid": ["1/4", 1, 2], "rank_drop_only": True}}})
    for w in [{"curves": {"999": HINT_CURVE}}, {"curves": {"01": HINT_CURVE}}, {"curve": HINT_CURVE}]:
        with pytest.raises(CertificateError):
            claim_check.build(fam, None, w)


def test_the_point_is_fixed_by_the_params():
    # a witness curve cannot move the point: a curve through another point fails the start condition
    other = {"E": [[1, 2], [1, "1 + t"], [2, 1]], "W2": [[0], ["-1/3*t^2"], ["1/2 + 1/6*t^2"]], "t1": "1/2"}
    out = verdict_with(point(PSD), {"curve": other})
    assert out["verdict"] == "UNKNOWN" and out["value"]["descent_curve"] is False


def test_saddles_by_negative_curvature_and_order_one_curves():
    verdict, value, _ = run(point([[1, 2], [1, 1], [2, 1]]))
    assert verdict == "CONFIRMED" and value["inertia"] == [2, 1, 6] and value["negative_curvature"] is True
    assert "descent_curve" not in value
    verdict, value, r = run(point([[2, 1], [1, 2], [1, 1]], descent="always"))
    assert verdict == "CONFIRMED" and value["inertia"] == [3, 2, 4] and value["descent_curve"] is True
    c = r["proof"].witness["curve"]
    assert max(sp.degree(e, t) for e in sum(to_sympy(c["W2"]), [])) == 1
    lead = sp.series(curve_change(c), t, 0, 3).removeO()
    assert sp.degree(lead, t) == 2 and sp.LC(sp.Poly(lead, t)) < 0   # a second-order decrease


# ------------------------------------------------------------------ the v = 0 family
def _canon(E1):
    cols = [tuple(Fraction(E1[j][k]) for j in range(3)) for k in range(2)]
    forms = []
    for a, b in (cols, cols[::-1]):
        for sw in (False, True):
            f = (lambda c: (c[1], c[0], c[2])) if sw else (lambda c: c)
            forms.append((f(a), f(b)))
    return min(forms)


def test_family_enumeration_matches_brute_force_gradient():
    grid = ["1/4", 1, 2]
    X, Y = Matrix.from_rows(XOR_X), Matrix.from_rows(XOR_Y)
    brute = set()
    for ent in itertools.product(grid, repeat=6):
        E1 = [list(ent[0:2]), list(ent[2:4]), list(ent[4:6])]
        net, _, _ = net_from({"net": xor_net(2, E1, [[0], [0], ["1/2"]])})
        if all(r[0] == 0 for r in net.grad_recursion(X, Y).rows):   # back-propagation gradient
            brute.add(_canon(E1))
    found = {_canon(E1) for E1, _ in family_points(grid, rank_drop_only=False)}
    assert found == brute and len(found) == len(family_points(grid, rank_drop_only=False))
    # rank_drop_only keeps exactly the points with rank [h1; h2; 1] < 3 (sympy rank)
    for E1, r in family_points(grid, rank_drop_only=False):
        odds = [[sp.Rational(str(E1[2][k])) * sp.Rational(str(E1[0][k])) ** x1 * sp.Rational(str(E1[1][k])) ** x2
                 for x1, x2 in ((0, 0), (0, 1), (1, 0), (1, 1))] for k in range(2)]
        h = [[o / (1 + o) for o in row] for row in odds]
        assert sp.Matrix(h + [[1] * 4]).rank() == r


def _degenerate(col):
    """Hand derivation: grad I_k = 0 iff the unit is constant or single-input with odds o -> 1/o."""
    p, q, a = (Fraction(x) for x in col)
    return (p == 1 and q == 1) or (q == 1 and a * a * p == 1) or (p == 1 and a * a * q == 1)


def test_family_classification_matches_the_derivation():
    params = {"family": {"grid": ["1/4", 1, 2], "rank_drop_only": False}}
    verdict, value, r = run(params)
    pts = family_points(["1/4", 1, 2], rank_drop_only=False)
    psd = {str(i) for i, (E1, _) in enumerate(pts) if all(_degenerate([E1[j][k] for j in range(3)]) for k in range(2))}
    assert verdict == "CONFIRMED" and value["points"] == len(pts) and value["all_saddles"] is True
    assert set(r["proof"].witness["curves"]) == psd and value["curves_in_witness"] == len(psd) > 0
    for i, c in r["proof"].witness["curves"].items():      # every curve lowers the loss at its t1 (sympy)
        assert curve_change(c).subs(t, sp.Rational(str(c["t1"]))) < 0
    # dropping a PSD point's curve from the witness leaves the family UNKNOWN, never REFUTED
    curves = dict(r["proof"].witness["curves"])
    curves.pop(sorted(curves)[0])
    out = verdict_with(params, {"curves": curves}, [ob for ob in r["proof"].obligations])
    assert out["verdict"] == "UNKNOWN"
