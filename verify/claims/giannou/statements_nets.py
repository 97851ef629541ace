"""Trusted statements of the network claims of Giannou et al. (paper 004).

Lemma 7 / Theorem 1 / Corollary 1 / Theorem 2 assert: for the random frozen network f there are
normalization parameters with f(x) = g(x) for every ||x|| <= 1.  The frozen network is the one the
params define; the parameters are the witness ("exists": only a witness that passes counts).  The
predicate at a witness is a certificate of f == g on the unit ball, target layer by target layer:

  (box)     the box [lo_t, hi_t] contains every input the target's layer t can receive: for t = 1,
            lo_1 <= -1 and hi_1 >= 1 coordinatewise (the unit ball lies in [-1, 1]^d); for t > 1,
            lo_t <= 0 and hi_t >= max(0, max over the previous box of row r of G_{t-1} z + g_{t-1})
            (so relu(G_{t-1} z + g_{t-1}) lies in it);
  (active)  every hidden ReLU of group t is the identity on the box: the exact minimum over the box of
            each row of its pre-activation z -> P z + c (sum_j min(P_rj lo_j, P_rj hi_j) + c_r) is >= 0;
  (equal)   with those ReLUs linear, the group's last pre-activation z -> F_t z + f_t equals the
            target's G_t z + g_t (F_t = G_t, f_t = g_t exactly).
Then f's group t and g's layer t agree on the box, hence (induction over t) f == g on the unit ball.
"""

from ...checks.base import AND, NOT, R, add, eq, equal, ge, le
from .builds_nets import skip_frozen, skip_obstructed, wide_frozen


def _e(name, i, j=0):
    return {"entry": [name, i, j]}


def box_holds_ball(lo, hi, objects):
    n = objects[lo].nrows
    return AND(*[x for j in range(n) for x in (le(_e(lo, j), -1), ge(_e(hi, j), 1))])


def box_holds_relu(G, g, lo, hi, lo2, hi2, objects):
    """relu(G z + g) for z in [lo, hi] lies in [lo2, hi2]."""
    M, out = objects[G], []
    for r in range(M.nrows):
        top = add(_e(g, r), *[{"max": [{"mul": [_e(G, r, j), _e(lo, j)]}, {"mul": [_e(G, r, j), _e(hi, j)]}]}
                              for j in range(M.ncols)])
        out += [le(_e(lo2, r), 0), ge(_e(hi2, r), 0), ge(_e(hi2, r), top)]
    return AND(*out)


def active_on_box(P, c, lo, hi, objects):
    """Every row of z -> P z + c is >= 0 on the box (so the ReLU after it is the identity there)."""
    M, out = objects[P], []
    for r in range(M.nrows):
        low = add(_e(c, r), *[{"min": [{"mul": [_e(P, r, j), _e(lo, j)]}, {"mul": [_e(P, r, j), _e(hi, j)]}]}
                              for j in range(M.ncols)])
        out.append(ge(low, 0))
    return AND(*out)


def _frob2(name, objects):
    M = objects[name]
    return add(*[{"mul": [_e(name, i, j), _e(name, i, j)]} for i in range(M.nrows) for j in range(M.ncols)])


def wide(params, objects):
    preds, report = [], {}
    for t, (_, _, _, layers, pairs) in enumerate(wide_frozen(params), 1):
        preds.append(box_holds_ball(f"lo{t}", f"hi{t}", objects) if t == 1 else
                     box_holds_relu(f"G{t - 1}", f"g{t - 1}", f"lo{t - 1}", f"hi{t - 1}", f"lo{t}", f"hi{t}", objects))
        preds += [active_on_box(f"P{t}_{j}", f"c{t}_{j}", f"lo{t}", f"hi{t}", objects) for j in range(1, len(layers))]
        preds += [equal(f"F{t}", f"G{t}"), equal(f"f{t}", f"g{t}")]
        report[f"frobenius2_Wstar{t}"] = _frob2(f"Wstar{t}", objects)
        report[f"rank_Wstar{t}"] = R(f"Wstar{t}")
        for p in range(1, len(pairs) + 1):  # the proof's route: V diag(x) W = W* has one solution
            report[f"rank_K{t}_{p}"] = R(f"K{t}_{p}")
    return AND(*preds), report


def wide_quantifier(params):
    return "exists"


def skip_quantifier(params):
    """Theorem 2 as an existential statement about the frozen network, except for a target whose last
    column block vanishes (`builds_nets.skip_obstructed`): that target is a candidate counterexample
    to 'every target is reproduced' (forall), and only a certified obstruction counts."""
    try:
        return "forall" if skip_obstructed(params) else "exists"
    except (TypeError, ValueError, KeyError, IndexError):
        return "exists"  # bad params: `build` reports them


def skip(params, objects):
    """Theorem 2 (one target layer g(x) = Gamma* W* x + beta*, no ReLU after f's last linear layer,
    Remark 9): at a witness, f == g on the unit ball (box, active for L_1..L_{m-1}, equal).

    A target with W* S_m^T = 0 and Gamma* W* != 0: whatever the parameters, L_m = Gamma_m W_m
    (relu(L_{m-1}) + A_m x_m) + beta_m with L_{m-1} independent of x_m, so f = W_last L_m is affine
    in x_m with coefficient W_last Gamma_m W_m A_m; f == g on the ball (a neighbourhood of 0) forces
    it to equal Gamma* W* S_m^T = 0, i.e. K_m vecd(Gamma_m) = 0 with K_m = W_last (.) (W_m A_m)^T
    (Lemma 4).  K_m of full rank gives Gamma_m = 0, so f = W_last beta_m is constant, while g is not
    (Gamma* W* != 0): no parameters exist.  The predicate 'parameters exist' is then false when that
    obstruction is certified."""
    d, k, m, *_ = skip_frozen(params)
    if skip_obstructed(params):
        obstruction = AND(eq(R(f"K_{m}"), d * k), {"is_zero": f"Tblock_{m}"}, NOT({"is_zero": "G1"}))
        return NOT(obstruction), {"rank_K_last": R(f"K_{m}")}
    preds = [box_holds_ball("lo1", "hi1", objects)]
    preds += [active_on_box(f"P_{i}", f"c_{i}", "lo1", "hi1", objects) for i in range(1, m)]
    preds += [equal("F1", "G1"), equal("f1", "g1")]
    return AND(*preds), {"rank_K_last": R(f"K_{m}"), "frobenius2_Wstar": _frob2("Wstar", objects)}


def prop1(params, objects):
    return equal("lhs", "rhs"), {}
