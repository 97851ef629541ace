"""Giannou et al. (paper 004), sparse networks: Boolean determinant (Def 4/8), Lemma 9, §4.3 Step 4
facts, Lemma 10 and the steps of its proof, the use of Basak-Rudelson (Thm 4/10), Theorem 3/11 at
d = 2 (exact probability polynomial), Remark 3, parameter counts.

Probabilities are exact polynomials in p (1 x 1 polynomial objects); their signs on intervals are
certified by the kernel's `sturm` rule.
"""

from fractions import Fraction
from itertools import combinations_with_replacement, product
from math import comb, factorial

from ..builders.normalization import random_int_matrix
from ..builders.products import khatri_rao_columns
from ..errors import Unknown
from ..kernel.exact import Matrix
from ..kernel.poly import Poly
from .base import Claim, Proof
from ._giannou_common import AND, SOURCE, entry, fact, lit

CLAIMS = {}
P = Poly.var("p")


def _claim(cid, title, where, build, prove, doc, defaults):
    CLAIMS[cid] = Claim(cid, title, f"{SOURCE}, {where}", build, prove, doc, defaults)


def detbool_recursive(B):
    """Definition 4 read literally: expansion along column 0, max over rows (B a list of lists)."""
    if len(B) == 1:
        return 1 if B[0][0] else 0
    return max((1 if B[i][0] and detbool_recursive([r[1:] for k, r in enumerate(B) if k != i]) else 0)
               for i in range(len(B)))


def _one(x):
    return Matrix.from_rows([[x]])


def _detbool_obs(ctx, objects, names):
    obs = []
    for nm in names:
        obs += ctx.engines.detbool_certificate(objects[nm], nm)[1]
    return obs


def _sturm(name, sign, lo, hi, lo_closed, hi_closed, label):
    return {"rule": "sturm", "matrix": name, "variable": "p", "lo": lit(lo), "hi": lit(hi), "lo_closed": lo_closed,
            "hi_closed": hi_closed, "sign": sign, "label": label}


# ----------------------------------------------------------------------------------- gia.def4
def _def4_build(params, witness=None):
    n = params.get("n", 2)
    if n > 4:
        raise Unknown("exhaustive DetBool certificates are limited to n <= 4 (2^16 matrices)")
    o, vals = {}, []
    for k, bits in enumerate(product((0, 1), repeat=n * n)):
        M = [list(bits[i * n:(i + 1) * n]) for i in range(n)]
        o[f"M{k}"] = Matrix(n, n, M)
        vals.append([detbool_recursive(M)])
    o["R"] = Matrix(len(vals), 1, vals)
    return o


def _def4_prove(objects, params, ctx):
    n = params.get("n", 2)
    names = [f"M{k}" for k in range(2 ** (n * n))]
    pred = AND(*[{"eq": [{"detbool": nm}, entry("R", k)]} for k, nm in enumerate(names)])
    ones = sum(r[0] for r in objects["R"].rows)
    return Proof(_detbool_obs(ctx, objects, names), pred, {"count_detbool_1": ones},
                 notes=[f"All {len(names)} 0/1 matrices of size {n}: Definition 4's recursion (object R) equals the "
                        "matching value (perfect matching / Hall violator, certified).",
                        "Typo in Definition 8: max over i in {0, ..., d} should be {0, ..., d-1}."])


_claim("gia.def4", "Definition 4/8: Boolean determinant = perfect matching of the support", "Def 4, Def 8",
       _def4_build, _def4_prove, "n <= 4 (all 2^(n^2) matrices)", {"n": 2})


# ----------------------------------------------------------------------------------- column types (d = 2)
def _column_types(d=2):
    """Column patterns of M1 (.) M2 for d x d^2 Bernoulli(p) M1, M2: (pattern, probability in p)."""
    zero = 1 - (1 - (1 - P) ** d) ** 2
    out = [((0,) * (d * d), zero)]
    for a in product((0, 1), repeat=d):
        for b in product((0, 1), repeat=d):
            if any(a) and any(b):
                pr = P ** (sum(a) + sum(b)) * (1 - P) ** (2 * d - sum(a) - sum(b))
                out.append((tuple(x * y for x in a for y in b), pr))
    return out


def _multisets(d=2):
    types = _column_types(d)
    for combo in combinations_with_replacement(range(len(types)), d * d):
        counts = {t: combo.count(t) for t in set(combo)}
        weight = factorial(d * d)
        for c in counts.values():
            weight //= factorial(c)
        cols = [types[t][0] for t in combo]
        M = Matrix(d * d, d * d, [[cols[j][i] for j in range(d * d)] for i in range(d * d)])
        yield combo, weight, M


# ----------------------------------------------------------------------------------- gia.lemma9
def _lemma9_build(params, witness=None):
    o = {}
    for k, (combo, _, M) in enumerate(_multisets(2)):
        rows = [[Poly.var(f"p_{i // 2}_{j}") * Poly.var(f"q_{i % 2}_{j}") if M.rows[i][j] else 0 for j in range(4)]
                for i in range(4)]
        o[f"K{k}"] = Matrix.from_rows(rows)
    return o


def _lemma9_prove(objects, params, ctx):
    obs, preds = [], []
    for nm in sorted(objects, key=lambda s: int(s[1:])):
        obs += ctx.engines.detbool_certificate(objects[nm], nm)[1]
        obs += ctx.engines.rank_certificate(objects[nm], nm, method=ctx.method, seed=ctx.seed)[1]
        preds.append({"eq": [{"eq": [{"detbool": nm}, 1]}, {"eq": [{"rank": nm}, 4]}]})
    return Proof(obs, AND(*preds), {"configurations": len(objects)},
                 notes=["d = 2, every support pattern of (P o A) (.) (Q o B) up to column order (715 multisets of the "
                        "10 column patterns a (x) b): generic full rank (rank over Q(P, Q), certified) iff DetBool = 1.",
                        "Typo: Lemma 9 calls A, B d^2 x d^2; they are d x d^2 like P, Q."])


_claim("gia.lemma9", "Lemma 9: (P o A) (.) (Q o B) invertible a.s. iff DetBool(A (.) B) = 1", "Lemma 9",
       _lemma9_build, _lemma9_prove, "d = 2 (exhaustive up to column order)", {})


# ----------------------------------------------------------------------------------- gia.detbool.misc
def _misc_build(params, witness=None):
    n, count, seed = params.get("n", 4), params.get("count", 12), params.get("seed", 17)
    o = {}
    for k in range(count):
        o[f"E{k}"] = random_int_matrix(n, n, seed + 3 * k, 0, 1)
        o[f"F{k}"] = random_int_matrix(n, n, seed + 3 * k + 1, 0, 1)
        o[f"EF{k}"] = Matrix(n, n, [[max(a, b) for a, b in zip(r, s)] for r, s in zip(o[f"E{k}"].rows, o[f"F{k}"].rows)])
    return o


def _misc_prove(objects, params, ctx):
    count = params.get("count", 12)
    obs, preds = [], []
    for k in range(count):
        E = f"E{k}"
        obs += ctx.engines.det_certificate(objects[E], E, method=ctx.method, seed=ctx.seed)[1]
        obs += _detbool_obs(ctx, objects, [E, f"F{k}", f"EF{k}"])
        preds.append({"implies": [{"ne": [{"det": E}, 0]}, {"eq": [{"detbool": E}, 1]}]})
        preds.append({"implies": [{"or": [{"eq": [{"detbool": E}, 1]}, {"eq": [{"detbool": f"F{k}"}, 1]}]},
                                  {"eq": [{"detbool": f"EF{k}"}, 1]}]})
    return Proof(obs, AND(*preds), {}, notes=["det != 0 => DetBool = 1 and monotonicity under entrywise OR on seeded "
                                              "0/1 instances (both hold in general: a nonzero permutation term is a "
                                              "matching; a matching of E is one of E v F)."])


_claim("gia.detbool.misc", "det != 0 => DetBool = 1; DetBool monotone under entrywise OR", "§4.3 Step 4, Thm 11",
       _misc_build, _misc_prove, "n, count, seed", {})


# ----------------------------------------------------------------------------------- gia.lemma10
def prob_uv_zero(S, d):
    """P(sum_{i in S} u_{i // d} v_{i % d} = 0) for iid Bernoulli(p) u, v, as a polynomial in p."""
    out = Poly.const(0)
    for u in product((0, 1), repeat=d):
        for v in product((0, 1), repeat=d):
            if all(not (u[i // d] and v[i % d]) for i in S):
                k = sum(u) + sum(v)
                out = out + P ** k * (1 - P) ** (2 * d - k)
    return out


def _subsets(d):
    """Subsets S of {0..d^2-1} up to row and column permutations (the probability is invariant)."""
    from itertools import permutations
    seen, reps = set(), []
    for bits in product((0, 1), repeat=d * d):
        S = [i for i in range(d * d) if bits[i]]
        if not S:
            continue
        key = min(tuple(sorted(r[i // d] * d + c[i % d] for i in S))
                  for r in permutations(range(d)) for c in permutations(range(d)))
        if key not in seen:
            seen.add(key)
            reps.append(list(key))
    return reps


def _lemma10_build(params, witness=None):
    d, part = params.get("d", 2), params.get("part", "statement")
    o = {}
    if part == "statement":
        q = P * P * Fraction(1, 2 * d)  # the largest q allowed by p >= sqrt(2 q d); the RHS decreases in q
        for k, S in enumerate(_subsets(d)):
            o[f"h{k}"] = _one((1 - q) ** len(S) - prob_uv_zero(S, d))
    elif part == "step_h":
        S = [0, d]  # a = (1, 1): A_0 = A_1 = {0}
        lhs = prob_uv_zero(S, d)
        h = 2
        rhs = prob_uv_zero([l * d + j for l in range(h) for j in range(h)], d)
        o["gap"] = _one(rhs - lhs)
    else:
        for h in range(1, d + 1):
            o[f"f{h}"] = _one((1 - P * P * Fraction(1, 2 * d)) ** (2 * d * h) - (1 - P) ** h * (2 - (1 - P) ** h))
    return o


def _lemma10_prove(objects, params, ctx):
    d, part = params.get("d", 2), params.get("part", "statement")
    if part == "statement":
        obs = [_sturm(nm, "positive", 0, 1, False, True, nm) for nm in sorted(objects)]
        return Proof(obs, AND(*[fact(nm) for nm in sorted(objects)]), {"subsets": len(objects)},
                     notes=[f"d={d}: for every nonempty S (up to row/column permutation, {len(objects)} classes), "
                            "(1 - p^2/(2d))^|S| - P(sum u v = 0) > 0 on (0, 1] (Sturm); q = p^2/(2d) is the worst "
                            "case of p >= sqrt(2qd).  S = {} gives equality."])
    if part == "step_h":
        return Proof([_sturm("gap", "negative", 0, 1, False, False, "gap_negative")], {"not": fact("gap_negative")},
                     {"gap": entry("gap")},
                     notes=[f"Step after (62): P(sum_l u_l sum_{{j<a_l}} v_j = 0) <= P(sum_{{l<h}} u_l sum_{{j<h}} v_j = 0). "
                            f"Smallest counterexample: a = (1, 1) (S = {{0, {d}}}), h = 2: LHS = 1 - 2p^2 + p^3, "
                            "RHS = 1 - (2p - p^2)^2; RHS - LHS = -p^2 (1 - p)(2 - p) < 0 on (0, 1) (Sturm).",
                            "Also (60)-(61): 'p + q^{|A0|-k} - p q^{|A0|-k}' should read "
                            "(1-p) + (1-p)^{|A0|-k} - (1-p)^{|A0|-k+1}.  The lemma's statement itself holds for "
                            "d <= 3 (part: statement)."])
    obs = [_sturm(nm, "positive", 0, 1, False, True, nm) for nm in sorted(objects)]
    return Proof(obs, AND(*[fact(nm) for nm in sorted(objects)]), {},
                 notes=[f"Final step: (1-p)^h (2-(1-p)^h) < (1 - p^2/(2d))^(2dh) on (0, 1] for h = 1..{d}."])


_claim("gia.lemma10", "Lemma 10 (and the steps of its proof)", "Lemma 10 (57)-(62)", _lemma10_build, _lemma10_prove,
       "d; part: statement | step_h | final", {"d": 2, "part": "statement"})


# ----------------------------------------------------------------------------------- gia.thm4
def _thm4_build(params, witness=None):
    return {"n": _one(params.get("n", 64))}


def _thm4_prove(objects, params, ctx):
    n, k, r = params.get("n", 64), params.get("k", 4), Fraction(params.get("log_upper", "104/25"))
    terms = [{"mul": [lit(r)] * j + [lit(Fraction(1, factorial(j)))]} for j in range(1, 40)]
    log_ok = {"ge": [{"add": [1] + terms}, n]}  # e^r >= partial sum >= n, so r >= ln n
    a = {"mul": [lit(1 - r / n)] * n}  # (1 - r/n)^n <= (1 - rho)^n = P(a given row is zero)
    plow = {"sub": [{"mul": [n, a]}, {"mul": [comb(n, 2), a, a]}]}  # Bonferroni, increasing in a below 1/(n-1)
    viol = AND(log_ok, {"lt": [{"mul": [n, a]}, 1]}, {"gt": [{"mul": [plow] * k + [n]}, 1]})
    return Proof([], {"not": viol}, {"P_zero_row_lower": plow},
                 notes=[f"rho = log(n)/n, n = {n}: P(singular) >= P(some row is zero) >= n a - C(n,2) a^2 with "
                        f"a = (1 - r/n)^n, r = {r} >= ln n (certified by the exponential series) -- about 1/2.",
                        f"So P(singular) > n^(-1/{k}): the bound n^(-c) fails for every c >= 1/{k} at this n; as n grows "
                        "P(a zero row or column) -> 1 - e^(-2), so no c > 0 works.  Theorem 1.1 of Basak-Rudelson bounds "
                        "the event intersected with the complement of Omega_0 (no zero row/column); the paper drops "
                        "Omega_0.  Remark 11 also misstates nrho >= log(1/rho) as rho >= log n/n - log log n "
                        "(should be (log n - log log n)/n) and says 'non-singular' for 'singular'."])


_claim("gia.thm4", "Use of Basak-Rudelson: Bern(log n / n) matrix singular w.p. <= n^(-c)", "Thm 4, Thm 10, Rem 11",
       _thm4_build, _thm4_prove, "n, k (c = 1/k), log_upper (rational >= ln n)", {"n": 64, "k": 4})


# ----------------------------------------------------------------------------------- gia.thm3
def _thm3_build(params, witness=None):
    types = _column_types(2)
    o = {f"pi{t}": _one(pr) for t, (_, pr) in enumerate(types)}
    total = Poly.const(0)
    for k, (combo, weight, M) in enumerate(_multisets(2)):
        o[f"Q{k}"] = M
        if not detbool_recursive([list(r) for r in M.rows]):
            term = Poly.const(weight)
            for t in combo:
                term = term * types[t][1]
            total = total + term
    o["Psing"] = _one(total)
    o["Psing_minus_half"] = _one(total - Fraction(1, 2))
    return o


def _thm3_prove(objects, params, ctx):
    lo, hi = Fraction(params.get("p_below", "1/2")), Fraction(params.get("p_above", "3/4"))
    qs = sorted((n for n in objects if n.startswith("Q")), key=lambda s: int(s[1:]))
    obs = _detbool_obs(ctx, objects, qs)
    terms = []
    for k, (combo, weight, _) in enumerate(_multisets(2)):
        terms.append({"mul": [weight, {"sub": [1, {"detbool": f"Q{k}"}]}] + [entry(f"pi{t}") for t in combo]})
    obs += [_sturm("Psing_minus_half", "positive", 0, lo, True, True, "above_half"),
            _sturm("Psing_minus_half", "negative", hi, 1, True, True, "below_half")]
    pred = AND({"eq": [{"add": terms}, entry("Psing")]}, fact("above_half"), fact("below_half"))
    return Proof(obs, pred, {"P_singular": entry("Psing")},
                 notes=["d = 2: P(M1 (.) M2 singular for generic weights) = P(DetBool = 0) as an exact polynomial in p "
                        "(sum over the 715 column multisets, each DetBool certified).",
                        f"It exceeds 1/d = 1/2 on [0, {lo}] and is below 1/2 on [{hi}, 1] (Sturm).  Theorem 3 is "
                        "asymptotic (p = Theta(sqrt(log d / d)) with unspecified constants): small d only illustrates "
                        "it; bench/giannou_sparsity.py gives Monte-Carlo frequencies for d = 3..8."])


_claim("gia.thm3", "Theorem 3/11: sparsity p keeps the Khatri-Rao product invertible (d = 2 exact)",
       "Thm 3, Thm 11", _thm3_build, _thm3_prove, "p_below, p_above (rationals bracketing P = 1/2)", {})


# ----------------------------------------------------------------------------------- gia.remark3
def _remark3_build(params, witness=None):
    return {}


def _remark3_prove(objects, params, ctx):
    raise Unknown("Remark 3 is a conjecture about an asymptotic rate (p = Theta(log d / d)); no finite exact "
                  "computation settles it. bench/giannou_sparsity.py plots Monte-Carlo singularity frequencies "
                  "against p for d = 3..8 beside p = log d / d and sqrt(log d / d).")


_claim("gia.remark3", "Remark 3: conjecture p = Theta(log d / d)", "Rem 3", _remark3_build, _remark3_prove, "", {})


# ----------------------------------------------------------------------------------- gia.counts
def _counts_build(params, witness=None):
    return {"d": _one(params.get("d", 4)), "l": _one(params.get("l", 3))}


def _counts_prove(objects, params, ctx):
    d, l = entry("d"), entry("l")
    dd = {"mul": [d, d]}
    trainable_f = {"mul": [2, l, {"add": [dd, d]}]}           # Thm 1: gamma, beta of d^2- and d-wide layers, 2l layers
    weights_f = {"mul": [2, l, d, dd]}                         # d^2 x d and d x d^2 per target layer
    target = {"mul": [l, {"add": [dd, {"mul": [2, d]}]}]}      # d x d weights + gamma*, beta*
    pred = AND({"le": [trainable_f, {"mul": [2, target]}]}, {"ge": [trainable_f, target]},
               {"eq": [{"mul": [{"mul": [dd, d]}, l]}, {"mul": [weights_f, "1/2"]}]},
               {"ge": [{"mul": [dd, {"mul": [2, l]}]}, {"mul": [2, dd, l]}]})
    return Proof([], pred, {"trainable_f": trainable_f, "weights_f": weights_f, "target_params": target},
                 notes=["Remark 1: f of Theorem 1 has 2l(d^2 + d) trainable and 2 d^3 l frozen weights; the target has "
                        "l(d^2 + 2d) parameters: trainable counts agree within a factor 2 (checked for these d, l).",
                        "Informal theorem: 'd'l' >= 2 d^2 l, d' >= d, l' >= 2l' is met with equality by Theorem 1 "
                        "(d' = d^2, l' = 2l); Theorem 2's skip-connection network (d' = dk, l' = (d/k + 1) l) has "
                        "d'l' = (d^2 + dk) l < 2 d^2 l for k < d and is not fully connected (Remark 10), so no formal "
                        "result covers a plain fully connected width-d network as the informal statement suggests."])


_claim("gia.counts", "Parameter counts (intro, Remarks 1-3)", "intro, Rem 1-3, §4.2", _counts_build, _counts_prove,
       "d, l", {"d": 4, "l": 3})
