"""shen.xor221.critical: v = 0 critical points of the F(2,2,1) XOR net are saddles.

The descent curve's loss change is recomputed independently with sympy from the logistic formula;
the family enumeration is compared with a brute-force search by the back-propagation gradient; the
PSD / indefinite split is compared with the hand derivation (PSD iff every hidden unit is constant
on the data or depends on one input with odds o and 1/o)."""

import itertools
from fractions import Fraction

import pytest
import sympy as sp

from verify.claims.shen_common import check_locally, mat
from verify.claims.shen_nets import XOR_X, XOR_Y, _xor_net, net_from
from verify.claims.shen_xor_descent import CLAIMS, family_points
from verify.errors import CertificateError, Unknown
from verify.kernel.sturm import check_sturm

CLAIM = CLAIMS["shen.xor221.critical"]
PSD = [[1, "1/4"], [1, 1], [2, 2]]
HINT_CURVE = {"E": [[1, "1/4"], [1, "1 + t"], [2, 2]], "W2": [[0], ["-1/3*t^2"], ["1/2 + 1/6*t^2"]], "t1": "1/2"}
t = sp.Symbol("t")


def point(E1, **extra):
    return dict({"net": _xor_net(2, E1, [[0], [0], ["1/2"]])}, **extra)


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


def as_sympy_poly(entry):
    """A kernel Poly in t (or a scalar) as a sympy expression, term by term."""
    if not hasattr(entry, "terms"):
        return sp.Rational(Fraction(entry).numerator, Fraction(entry).denominator)
    return sum(sp.Rational(c.numerator, c.denominator) * sp.prod([t ** e for _, e in m])
               for m, c in entry.terms.items())


# ------------------------------------------------------------------ the PSD point of the question
def test_psd_point_is_a_saddle_by_a_descent_curve():
    verdict, value, proof, objects = check_locally(CLAIM, point(PSD))
    assert verdict == "CONFIRMED" and value["saddle"] is True
    assert value["inertia"] == [2, 0, 7] and value["negative_curvature"] is False and value["descent_curve"] is True
    assert proof.witness == {"curve": HINT_CURVE}          # unit 2's x2-odds 1 + t, then v_2 ~ t^2
    # independent: sympy loss along the curve, as a rational function of t
    E, W2 = to_sympy(HINT_CURVE["E"]), [r[0] for r in to_sympy(HINT_CURVE["W2"])]
    dJ = sp.cancel(sympy_loss(E, W2) - sympy_loss([[e.subs(t, 0) for e in r] for r in E], [w.subs(t, 0) for w in W2]))
    NUM, DEN = (as_sympy_poly(objects[k].rows[0][0]) for k in ("NUM", "DEN"))
    assert sp.cancel(dJ - NUM / DEN) == 0
    assert sp.series(dJ, t, 0, 5).removeO() == -t ** 4 / 324   # order 4: the Hessian cannot see it
    num = sp.Poly(sp.numer(sp.together(dJ)), t)
    assert num.count_roots(sp.Rational(1, 1000), sp.Rational(1, 2)) == 0   # no sign change on (0, 1/2]
    assert dJ.subs(t, sp.Rational(1, 2)) == sp.Rational(-139, 4064256)
    assert Fraction(value["loss_change_at_t1"]) == Fraction(-139, 4064256)
    # the second-order test alone is inconclusive: the Hessian is PSD (independent sympy eigen-check)
    H = sp.Matrix([[sp.Rational(Fraction(x).numerator, Fraction(x).denominator) for x in r] for r in objects["H"].rows])
    assert all(ev >= 0 for ev in H.eigenvals()) and H.rank() == 2


def test_sturm_obligations_are_load_bearing():
    _, _, proof, objects = check_locally(CLAIM, point(PSD))
    ob = next(o for o in proof.obligations if o.get("label") == "num_negative")
    check_sturm(ob, objects)
    with pytest.raises(CertificateError):          # NUM changes sign near t = 0.636
        check_sturm(dict(ob, hi=1), objects)
    with pytest.raises(CertificateError):
        check_sturm(dict(ob, sign="positive"), objects)


def test_given_curves_checked_and_bad_ones_unknown():
    verdict, value, _, _ = check_locally(CLAIM, point(PSD, curve=HINT_CURVE))
    assert verdict == "CONFIRMED" and value["t1"] == "1/2"
    bad = [dict(HINT_CURVE, W2=[[0], ["1/3*t^2"], ["1/2 - 1/6*t^2"]]),     # wrong sign of v_2: ascent
           dict(HINT_CURVE, t1=1),                                         # past the root 0.636 of NUM
           dict(HINT_CURVE, W2=[[0], ["-1/3*t^2"], ["1/3 + 1/6*t^2"]]),    # does not start at the point
           dict(HINT_CURVE, E=[[1, "1/4"], [1, "1 - 3*t"], [2, 2]])]       # odds not positive on [0, t1]
    for curve in bad:
        with pytest.raises(Unknown):
            check_locally(CLAIM, point(PSD, curve=curve))


def test_saddles_by_negative_curvature_and_order_one_curves():
    verdict, value, _, _ = check_locally(CLAIM, point([[1, 2], [1, 1], [2, 1]]))
    assert verdict == "CONFIRMED" and value["inertia"] == [2, 1, 6] and value["negative_curvature"] is True
    assert "descent_curve" not in value
    verdict, value, proof, objects = check_locally(CLAIM, point([[2, 1], [1, 2], [1, 1]], descent="always"))
    assert verdict == "CONFIRMED" and value["inertia"] == [3, 2, 4] and value["descent_curve"] is True
    assert max(e.degree("t") for r in objects["W2_t"].rows for e in r if hasattr(e, "degree")) == 1
    E = to_sympy(proof.witness["curve"]["E"])
    W2 = [r[0] for r in to_sympy(proof.witness["curve"]["W2"])]
    dJ = sympy_loss(E, W2) - sympy_loss([[e.subs(t, 0) for e in r] for r in E], [w.subs(t, 0) for w in W2])
    lead = sp.series(dJ, t, 0, 3).removeO()
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
    X, Y = mat(XOR_X), mat(XOR_Y)
    brute = set()
    for ent in itertools.product(grid, repeat=6):
        E1 = [list(ent[0:2]), list(ent[2:4]), list(ent[4:6])]
        net, _, _ = net_from({"net": _xor_net(2, E1, [[0], [0], ["1/2"]])})
        if all(r[0] == 0 for r in net.grad_recursion(X, Y).rows):   # back-propagation gradient
            brute.add(_canon(E1))
    found = {_canon(E1) for E1, _ in family_points(grid, rank_drop_only=False)}
    assert found == brute and len(found) == len(family_points(grid, rank_drop_only=False))


def _degenerate(col):
    """Hand derivation: grad I_k = 0 iff the unit is constant or single-input with odds o -> 1/o."""
    p, q, a = (Fraction(x) for x in col)
    return (p == 1 and q == 1) or (q == 1 and a * a * p == 1) or (p == 1 and a * a * q == 1)


def test_family_classification_matches_the_derivation():
    params = {"family": {"grid": ["1/4", 1, 2], "rank_drop_only": False}}
    verdict, value, proof, objects = check_locally(CLAIM, params)
    pts = family_points(["1/4", 1, 2], rank_drop_only=False)
    assert verdict == "CONFIRMED" and value["points"] == len(pts) and value["all_saddles"] is True
    psd = {str(i) for i, (E1, _) in enumerate(pts) if all(_degenerate([E1[j][k] for j in range(3)]) for k in range(2))}
    assert set(proof.witness["curves"]) == psd and value["by_descent_curve"] == len(psd) > 0
    assert any(Fraction(E1[0][k]) == Fraction(1, 4) for i in map(int, psd) for E1 in [pts[i][0]] for k in range(2))
    for i, (E1, _) in enumerate(pts):                    # every curve lowers the loss at its t1 (sympy)
        c = proof.witness["curves"].get(str(i))
        if c is None:
            continue
        E, W2 = to_sympy(c["E"]), [r[0] for r in to_sympy(c["W2"])]
        t1 = sp.Rational(str(c["t1"]))
        assert sympy_loss([[e.subs(t, t1) for e in r] for r in E], [w.subs(t, t1) for w in W2]) < sp.Rational(1, 4)
