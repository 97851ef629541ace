"""Trusted builds of the sparse-network claims of Giannou et al. (paper 004, Section 4.3 and
Appendix D): Boolean determinants (Def 4/8), Lemma 9, the Step 4 facts, Lemma 10 and its proof's
steps, the use of Basak-Rudelson (Thm 4/10), Theorem 3/11 at d = 2, Remark 3, parameter counts.

Probabilities are exact polynomials in p (1 x 1 objects); the kernel decides their signs on
intervals by Sturm's theorem (statement atoms positive_on / negative_on).  A non-strict inequality
f >= 0 on [0, 1] is decided through the odd part of f (`upoly`)."""

from fractions import Fraction
from functools import lru_cache
from itertools import combinations_with_replacement, product
from math import comb, factorial

from ...builders.normalization import bernoulli_matrix, random_int_matrix
from ...builders.products import khatri_rao_columns
from ...cases.numbers import exact_number
from ...kernel.exact import Matrix
from ...kernel.poly import Poly
from . import upoly
from .builds import pint

P = Poly.var("p")


def one(x):
    return Matrix.from_rows([[x]])


def odd_part_object(x):
    """The 1 x 1 object of the odd part of the polynomial x in p (so x >= 0 on [0, 1] iff it is
    positive on (0, 1), or x == 0)."""
    return one(upoly.to_poly(upoly.odd_part(upoly.coeffs(x))))


def detbool_recursive(B):
    """Definition 4 read literally: expansion along column 0, max over rows (B a list of lists)."""
    return _detbool(tuple(tuple(1 if x else 0 for x in r) for r in B))


@lru_cache(maxsize=None)
def _detbool(B):
    if len(B) == 1:
        return 1 if B[0][0] else 0
    return max((1 if B[i][0] and _detbool(tuple(r[1:] for k, r in enumerate(B) if k != i)) else 0)
               for i in range(len(B)))


# ----------------------------------------------------------------------------------- gia.def4
def build_def4(params, witness=None):
    n = pint(params, "n", 2, 1, 4)
    o, vals = {}, []
    for k, bits in enumerate(product((0, 1), repeat=n * n)):
        M = [list(bits[i * n:(i + 1) * n]) for i in range(n)]
        o[f"M{k}"] = Matrix(n, n, M)
        vals.append([detbool_recursive(M)])
    o["R"] = Matrix(len(vals), 1, vals)
    return o


# ----------------------------------------------------------------------------------- column types (d = 2)
def column_types(d=2):
    """Column patterns of M1 (.) M2 for d x d^2 Bernoulli(p) masks: (pattern, probability in p).
    Column j is a (x) b with a, b the j-th columns of M1, M2; it is zero when a or b is."""
    zero = 1 - (1 - (1 - P) ** d) ** 2
    out = [((0,) * (d * d), zero)]
    for a in product((0, 1), repeat=d):
        for b in product((0, 1), repeat=d):
            if any(a) and any(b):
                pr = P ** (sum(a) + sum(b)) * (1 - P) ** (2 * d - sum(a) - sum(b))
                out.append((tuple(x * y for x in a for y in b), pr))
    return out


def multisets(d=2):
    """Every multiset of d^2 column types: (types, number of column orders, the 0/1 matrix)."""
    types = column_types(d)
    for combo in combinations_with_replacement(range(len(types)), d * d):
        weight = factorial(d * d)
        for t in set(combo):
            weight //= factorial(combo.count(t))
        cols = [types[t][0] for t in combo]
        yield combo, weight, Matrix(d * d, d * d, [[cols[j][i] for j in range(d * d)] for i in range(d * d)])


# ----------------------------------------------------------------------------------- gia.lemma9
def build_lemma9(params, witness=None):
    """(P o A) (.) (Q o B) for every support pattern of A (.) B at d = 2 up to column order: entry
    (i, j) is p_{i//2, j} q_{i%2, j} where the pattern has a 1 (formal P, Q)."""
    o = {}
    for k, (_, _, M) in enumerate(multisets(2)):
        o[f"K{k}"] = Matrix(4, 4, [[Poly.var(f"p_{i // 2}_{j}") * Poly.var(f"q_{i % 2}_{j}") if M.rows[i][j] else 0
                                    for j in range(4)] for i in range(4)])
    return o


# ----------------------------------------------------------------------------------- gia.detbool.misc
def build_misc(params, witness=None):
    n, count, seed = pint(params, "n", 4, 1, 8), pint(params, "count", 12, 1, 200), pint(params, "seed", 17, 0)
    o = {}
    for k in range(count):
        E, F = random_int_matrix(n, n, seed + 3 * k, 0, 1), random_int_matrix(n, n, seed + 3 * k + 1, 0, 1)
        o[f"E{k}"], o[f"F{k}"] = E, F
        o[f"EF{k}"] = Matrix(n, n, [[max(a, b) for a, b in zip(r, s)] for r, s in zip(E.rows, F.rows)])
    return o


# ----------------------------------------------------------------------------------- gia.lemma10
def prob_zero(rows, d):
    """P(sum_{i in S} u_{i // d} v_{i % d} = 0) for iid Bernoulli(p) u, v, S given by its rows
    (rows[l] = bit mask of {j : l d + j in S}): sum over the support U of u of
    p^|U| (1-p)^(d-|U|) (1-p)^|N(U)|, N(U) = the union of the rows in U (every v_j there must be 0)."""
    total = Poly.const(0)
    for U in range(1 << d):
        nu = bin(U).count("1")
        cover = 0
        for l in range(d):
            if U >> l & 1:
                cover |= rows[l]
        total = total + P ** nu * (1 - P) ** (d - nu + bin(cover).count("1"))
    return total


def lemma10_classes(d):
    """Representatives of every nonempty S in {0..d^2-1} for Lemma 10, and their sizes.

    P(sum_{i in S} u_{i//d} v_{i%d} = 0) and |S| do not change when the rows l = i // d of S are
    permuted (u is iid) or its columns j = i % d are (v is iid).  Every S has a column permutation
    that makes its column sums non-increasing, and then a row permutation that sorts its rows; so
    the sorted tuples of row masks with non-increasing column sums meet every S's class.  Two
    tuples with the same size and the same counts of (|U|, |N(U)|) over the supports U of u have
    the same probability (`prob_zero`).  Returns [(rows, |S|, probability)], one per distinct
    (|S|, probability), in a deterministic order."""
    pc = [bin(i).count("1") for i in range(1 << d)]
    steps = [(U, U ^ (U & -U), (U & -U).bit_length() - 1, pc[U] * (d + 1)) for U in range(1, 1 << d)]
    seen = {}
    for rows in combinations_with_replacement(range(1 << d), d):
        sums = [sum(r >> j & 1 for r in rows) for j in range(d)]
        if any(sums[j] < sums[j + 1] for j in range(d - 1)) or not sums[0]:
            continue
        cover, counts = [0] * (1 << d), [0] * ((d + 1) * (d + 1))
        for U, prev, low, base in steps:
            c = cover[prev] | rows[low]
            cover[U] = c
            counts[base + pc[c]] += 1
        key = (sum(sums), tuple(counts))
        if key not in seen:
            seen[key] = rows
    vec = {}  # (|U|, |N(U)|) -> integer coefficients of p^|U| (1-p)^(d - |U| + |N(U)|)
    for a in range(d + 1):
        for b in range(d + 1):
            e = d - a + b
            v = [0] * (2 * d + 1)
            for k in range(e + 1):
                v[a + k] += comb(e, k) * (-1) ** k
            vec[(a, b)] = v
    polys, out = set(), []
    for (size, counts), rows in seen.items():
        coef = list(vec[(0, 0)])  # U = {} (u = 0): every v allowed
        for idx, c in enumerate(counts):
            if c:
                for k, x in enumerate(vec[divmod(idx, d + 1)]):
                    coef[k] += c * x
        key = (size, tuple(coef))
        if key not in polys:
            polys.add(key)
            out.append((rows, size, upoly.to_poly(upoly.trim([Fraction(x) for x in coef]))))
    return out


def lemma10_part(params):
    d = pint(params, "d", 2, 1, 5)
    part = params.get("part", "statement")
    if part not in ("statement", "step_h", "final"):
        raise ValueError(f"part must be statement, step_h or final, got {part!r}")
    return d, part


def build_lemma10(params, witness=None):
    """statement: for every class of S, h = (1 - q)^|S| - P(sum u v = 0) with q = p^2 / (2d) (the
    largest q that p >= sqrt(2 q d) allows; (1 - q)^|S| decreases in q) and its odd part g; S as a
    d x d 0/1 matrix.  step_h: the step after (62) at a = (1, 1), h = 2: gap = RHS - LHS.  final: for
    h = 1..d, f_h = (1 - p^2/(2d))^(2dh) - (1-p)^h (2 - (1-p)^h)."""
    d, part = lemma10_part(params)
    o = {}
    q = P * P * Fraction(1, 2 * d)
    if part == "statement":
        powers = [Poly.const(1)]
        for k, (rows, size, pr) in enumerate(lemma10_classes(d)):
            while len(powers) <= size:
                powers.append(powers[-1] * (1 - q))
            h = powers[size] - pr
            o[f"S{k}"] = Matrix(d, d, [[rows[l] >> j & 1 for j in range(d)] for l in range(d)])
            o[f"h{k}"], o[f"g{k}"] = one(h), odd_part_object(h)
    elif part == "step_h":
        if d < 2:
            raise ValueError("step_h needs d >= 2")
        lhs = prob_zero([1, 1] + [0] * (d - 2), d)     # a = (1, 1): A_0 = A_1 = {0}
        rhs = prob_zero([3, 3] + [0] * (d - 2), d)     # h = 2: the 2 x 2 block
        o["gap"], o["gap_odd"] = one(rhs - lhs), odd_part_object(rhs - lhs)
    else:
        for h in range(1, d + 1):
            f = (1 - q) ** (2 * d * h) - (1 - P) ** h * (2 - (1 - P) ** h)
            o[f"f{h}"], o[f"f{h}_odd"] = one(f), odd_part_object(f)
    return o


# ----------------------------------------------------------------------------------- gia.thm4
def thm4_params(params):
    n, k = pint(params, "n", 64, 2, 10 ** 6), pint(params, "k", 4, 1, 100)
    r = Fraction(exact_number(params.get("log_upper", "104/25"), "log_upper"))
    if r <= 0:
        raise ValueError("log_upper must be positive")
    return n, k, r


def build_thm4(params, witness=None):
    if witness is not None:
        raise ValueError("this statement is about the n, k the params define; it takes no witness")
    n, k, r = thm4_params(params)
    return {"n": one(n), "rho_upper": one(r / n)}


# ----------------------------------------------------------------------------------- gia.thm3
def build_thm3(params, witness=None):
    """d = 2: the probabilities pi_t of the column types and P(M1 (.) M2 has DetBool 0), summed over
    the 715 column multisets with Definition 4's recursion (the statement re-sums it over the
    kernel-checked DetBools)."""
    lo, hi = (Fraction(exact_number(params.get(k, v), k)) for k, v in (("p_below", "1/2"), ("p_above", "3/4")))
    if not 0 < lo <= hi < 1:
        raise ValueError("need 0 < p_below <= p_above < 1")
    types = column_types(2)
    o = {f"pi{t}": one(pr) for t, (_, pr) in enumerate(types)}
    total = Poly.const(0)
    for k, (combo, weight, M) in enumerate(multisets(2)):
        o[f"Q{k}"] = M
        if not detbool_recursive([list(r) for r in M.rows]):
            term = Poly.const(weight)
            for t in combo:
                term = term * types[t][1]
            total = total + term
    o["Psing"] = one(total)
    o["Psing_minus_half"] = one(total - Fraction(1, 2))
    return o


# ----------------------------------------------------------------------------------- gia.remark3
def remark3_samples(params):
    """(d, p, n, seed) of the seeded sample mode, or None for the conjecture itself."""
    if "samples" not in params:
        return None
    d, n, seed = pint(params, "d", 3, 1, 6), pint(params, "samples", 20, 1, 2000), pint(params, "seed", 1, 0)
    p = Fraction(exact_number(params.get("p", "1/2"), "p"))
    if not 0 <= p <= 1:
        raise ValueError("p must be a probability")
    return d, p, n, seed


def build_remark3(params, witness=None):
    """Sample mode: n pairs of d x d^2 Bernoulli(p) masks drawn by `verify-random/1` (seeds
    seed + 2s, seed + 2s + 1) and their Khatri-Rao products K_s.  Conjecture mode: no object (the
    statement is undecided by construction)."""
    spec = remark3_samples(params)
    if spec is None:
        return {}
    d, p, n, seed = spec
    o = {}
    for s in range(n):
        M1, M2 = bernoulli_matrix(d, d * d, p, seed + 2 * s), bernoulli_matrix(d, d * d, p, seed + 2 * s + 1)
        o[f"K{s}"] = khatri_rao_columns(M1, M2)
    return o


# ----------------------------------------------------------------------------------- gia.counts
def build_counts(params, witness=None):
    return {"d": one(pint(params, "d", 4, 1, 10 ** 6)), "l": one(pint(params, "l", 3, 1, 10 ** 6))}
