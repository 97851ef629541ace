"""Trusted statements of the sparse-network claims of Giannou et al. (paper 004)."""

from fractions import Fraction
from math import comb, factorial

from ...checks.base import AND, NOT, OR, R, add, eq, ge, gt, lit, mul, sub
from .builds_sparse import lemma10_part, multisets, remark3_samples, thm4_params


def entry(name, i=0, j=0):
    return {"entry": [name, i, j]}


def sign_on(kind, name, lo, hi, lo_closed, hi_closed):
    return {f"{kind}_on": [name, "p", lit(lo), lit(hi), lo_closed, hi_closed]}


def nonneg_on_unit(f, f_odd):
    """f >= 0 on [0, 1]: f is 0, or f > 0 on (0, 1] (continuity gives f(0) >= 0), or the odd part
    of f is > 0 on (0, 1) (`upoly`: exact both ways; needed only where f touches 0 inside)."""
    return OR({"is_zero": f}, sign_on("positive", f, 0, 1, False, True), sign_on("positive", f_odd, 0, 1, False, False))


def def4(params, objects):
    names = sorted((n for n in objects if n.startswith("M")), key=lambda s: int(s[1:]))
    pred = AND(*[eq({"detbool": nm}, entry("R", k)) for k, nm in enumerate(names)])
    return pred, {"matrices": len(names), "count_detbool_1": add(*[{"detbool": nm} for nm in names])}


def lemma9(params, objects):
    """d = 2: for every support pattern (up to column order) of A (.) B, (P o A) (.) (Q o B) is
    invertible for almost every P, Q (its determinant, a polynomial in P, Q, is not zero: full rank
    over Q(P, Q)) iff DetBool(A (.) B) = 1."""
    names = sorted(objects, key=lambda s: int(s[1:]))
    pred = AND(*[eq(eq({"detbool": nm}, 1), eq(R(nm), 4)) for nm in names])
    return pred, {"configurations": len(names)}


def misc(params, objects):
    count = sum(1 for n in objects if n.startswith("E") and not n.startswith("EF"))
    preds = []
    for k in range(count):
        E = f"E{k}"
        preds.append({"implies": [{"ne": [{"det": E}, 0]}, eq({"detbool": E}, 1)]})
        preds.append({"implies": [OR(eq({"detbool": E}, 1), eq({"detbool": f"F{k}"}, 1)), eq({"detbool": f"EF{k}"}, 1)]})
    return AND(*preds), {}


def lemma10(params, objects):
    """statement: for every S, P(sum_{i in S} u_{i//d} v_{i%d} = 0) <= P(sum_{i in S} x_i = 0) =
    (1-q)^|S| whenever p >= sqrt(2 q d), p, q in [0, 1].  For fixed p the right side is smallest at
    the largest allowed q = p^2/(2d), so the lemma is: h_S >= 0 on [0, 1] for every class of S
    (`builds_sparse.lemma10_classes`; S = {} is 1 <= 1).
    step_h: the proof's step P(sum_l u_l sum_{j<a_l} v_j = 0) <= P(sum_{l<h} u_l sum_{j<h} v_j = 0)
    at a = (1, 1), h = 2, for every p in [0, 1].
    final: (1-p)^h (2-(1-p)^h) <= (1 - p^2/(2d))^(2dh) on [0, 1] for h = 1..d (the inequality the
    proof needs with q = p^2/(2d))."""
    d, part = lemma10_part(params)
    if part == "statement":
        k = sum(1 for n in objects if n.startswith("h"))
        return AND(*[nonneg_on_unit(f"h{i}", f"g{i}") for i in range(k)]), {"d": d, "classes_of_S": k}
    if part == "step_h":
        return nonneg_on_unit("gap", "gap_odd"), {"gap": {"text": entry("gap")}}
    return AND(*[nonneg_on_unit(f"f{h}", f"f{h}_odd") for h in range(1, d + 1)]), {"d": d}


def thm4(params, objects):
    """The bound used in Section 4.3 Step 4: an n x n Bern(rho) matrix, rho = log(n)/n, is singular
    with probability at most n^(-c), c = 1/k.  A universal statement (every n): this instance is a
    candidate counterexample, refuted when
      (a) r >= ln n, certified by sum_{j<40} r^j / j! >= n (the partial sum is below e^r), r <= n;
      (b) P(singular) >= P(some row is zero) >= n a' - C(n,2) a'^2 with a' = (1 - rho)^n (Bonferroni,
          rows independent); a = (1 - r/n)^n <= a' and x -> n x - C(n,2) x^2 increases on
          [0, 1/(n-1)], which holds a' <= e^(-rho n) = 1/n; so plow = n a - C(n,2) a^2 <= P(singular);
      (c) plow > 0 and plow^k n > 1, i.e. plow > n^(-1/k)."""
    n, k, r = thm4_params(params)
    log_ok = ge(add(1, *[mul(*([lit(r)] * j), lit(Fraction(1, factorial(j)))) for j in range(1, 40)]), n)
    a = mul(*([lit(1 - r / n)] * n))
    plow = sub(mul(n, a), mul(comb(n, 2), a, a))
    violated = AND(log_ok, ge(n, lit(r)), gt(plow, 0), gt(mul(*([plow] * k), n), 1))
    return NOT(violated), {"P_zero_row_lower": plow}


def thm4_quantifier(params):
    return "forall"


def thm3(params, objects):
    """d = 2: P(M1 (.) M2 singular for generic weights) = P(DetBool(M1 (.) M2) = 0) (Lemma 9), the
    sum over column multisets of (orders) x (1 - DetBool) x prod of type probabilities, equals the
    polynomial Psing; it exceeds 1/d = 1/2 on [0, p_below] and is below 1/2 on [p_above, 1]."""
    lo, hi = Fraction(params.get("p_below", "1/2")), Fraction(params.get("p_above", "3/4"))
    terms = [mul(weight, sub(1, {"detbool": f"Q{k}"}), *[entry(f"pi{t}") for t in combo])
             for k, (combo, weight, _) in enumerate(multisets(2))]
    pred = AND(eq(add(*terms), entry("Psing")),
               sign_on("positive", "Psing_minus_half", 0, lo, True, True),
               sign_on("negative", "Psing_minus_half", hi, 1, True, True))
    return pred, {"P_singular": {"text": entry("Psing")}}


def remark3(params, objects):
    """Remark 3 conjectures p = Theta(log d / d) suffices: an asymptotic statement no finite exact
    computation decides (its report stays UNKNOWN by construction).  Sample mode: exactly how many
    of the seeded Khatri-Rao products of Bernoulli(p) masks have DetBool 1 (a count, not a
    probability estimate)."""
    spec = remark3_samples(params)
    if spec is None:
        return None, {"conjecture": {"undecided": "Remark 3 conjectures an asymptotic rate, p = Theta(log d / d): "
                                                  "no finite exact computation decides it"}}
    d, p, n, seed = spec
    return None, {"d": d, "p": lit(p), "samples": n, "detbool_1": add(*[{"detbool": f"K{s}"} for s in range(n)])}


def counts(params, objects):
    """Remark 1 and the informal theorem: f of Theorem 1 has 2l(d^2 + d) trainable parameters (gamma,
    beta of l layers of width d^2 and l of width d) and 2 d^3 l frozen weights; the target has
    l(d^2 + 2d) parameters."""
    d, l = entry("d"), entry("l")
    dd = mul(d, d)
    trainable_f = mul(2, l, add(dd, d))
    weights_f = mul(2, l, d, dd)
    target = mul(l, add(dd, mul(2, d)))
    pred = AND({"le": [trainable_f, mul(2, target)]}, ge(trainable_f, target),
               eq(mul(dd, d, l), mul(weights_f, "1/2")), ge(mul(dd, 2, l), mul(2, dd, l)))
    return pred, {"trainable_f": trainable_f, "weights_f": weights_f, "target_params": target}


__all__ = ["def4", "lemma9", "misc", "lemma10", "thm4", "thm4_quantifier", "thm3", "remark3", "counts"]
