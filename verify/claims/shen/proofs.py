"""Untrusted proofs of Shen's product and rank-bound claims: which ranks to certify, and the searches
for tight instances (search_tight, a witness of an existential statement) and for counterexamples
(search, a candidate that refutes a universal statement).  Searches rank with flint (`fast_rank`),
never part of a verdict: the kernel re-checks every rank of the witness's objects."""

import itertools
import random
import time
from fractions import Fraction

from ...cases.numbers import parse_number
from ...kernel.exact import Matrix
from ..base import Proof
from . import builds as B
from . import notes


def fast_rank(M):
    """Untrusted rank over Q for searches (flint)."""
    import flint

    if M.nrows == 0 or M.ncols == 0:
        return 0
    vals = []
    for r in M.rows:
        for x in r:
            x = Fraction(x)
            vals.append(flint.fmpq(x.numerator, x.denominator))
    return flint.fmpq_mat(M.nrows, M.ncols, vals).rank()


def ranks(ctx, objects, names):
    return ctx.rank(objects, names)[1]


def budget(params, default=5):
    try:
        return float(parse_number(params.get("search_seconds", default)))
    except ValueError:
        return float(default)


def rows(M):
    return [[_enc(x) for x in r] for r in M.rows]


# ====================================================================== definitions, sizes, selections
def ts_kr(objects, params, ctx):
    return Proof([], notes=notes.TS_KR + (notes.KR_COL if "KR_col" in objects else []))


def ts_rank(objects, params, ctx):
    names = ["A", "B", "TS"] + (["P1", "P2"] if "P1" in objects else [])
    rk, obs = ctx.rank(objects, names)
    return Proof(obs, notes=notes.ts_rank(rk, "P1" in objects))


def kr_select(objects, params, ctx):
    rk, obs = ctx.rank(objects, ["Z1", "Z2"])
    return Proof(obs, notes=notes.kr_select(rk, objects["A"].is_polynomial()))


def cor1(objects, params, ctx):
    rk, obs = ctx.rank(objects, ["KR", "TS"])
    return Proof(obs, notes=notes.cor1(rk))


# ====================================================================== eq. (12)
def search_kr_tight():
    """Smallest column-partitioned 0/1 instance where eq. (12) is attained with a positive bound."""
    from ...builders.products import khatri_rao_columns
    from ...builders.matrices import kron

    for m, p, n in itertools.product((1, 2), (1, 2), (2, 3)):
        for a in itertools.product((0, 1), repeat=m * n):
            A = Matrix(m, n, [a[i * n:(i + 1) * n] for i in range(m)])
            for b in itertools.product((0, 1), repeat=p * n):
                Bm = Matrix(p, n, [b[i * n:(i + 1) * n] for i in range(p)])
                bound = fast_rank(kron(A, Bm)) + n - n * n
                if bound > 0 and fast_rank(khatri_rao_columns(A, Bm)) == bound:
                    return {"A": rows(A), "B": rows(Bm)}
    return None


def kr_lower(objects, params, ctx):
    witness, extra = None, []
    if params.get("search_tight") is True:
        witness = search_kr_tight()
        if witness is not None:
            objects = B.build_kr_pair(params, witness)
            extra = notes.KR_TIGHT
        else:
            extra = ["no tight 0/1 instance found by the search"]
    rk, obs = ctx.rank(objects, ["KR", "TS"])
    return Proof(obs, witness=witness, notes=notes.kr_lower(rk) + extra)


# ====================================================================== Frobenius, Sylvester, combined
def search_tight(kind):
    """Smallest instance with 0/1 entries, non-zero factors, equality and a rank loss (Sylvester:
    rank AC < min(rank A, rank C); otherwise rank B < n_1): exhaustive for Sylvester, 400 random
    draws per shape otherwise, shapes by entry count."""
    shapes = sorted(((m, n, p) for m in (1, 2, 3) for n in (1, 2, 3) for p in (1, 2, 3)),
                    key=lambda s: (s[0] * s[1] + s[1] * s[2], s))
    for m, n, p in shapes:
        if kind == "sylv":
            for a in itertools.product((0, 1), repeat=m * n):
                for c in itertools.product((0, 1), repeat=n * p):
                    w = {"A": [list(a[i * n:(i + 1) * n]) for i in range(m)],
                         "C": [list(c[i * p:(i + 1) * p]) for i in range(n)]}
                    o = B.build_ac({"search_tight": True}, w)
                    rA, rC, rAC = fast_rank(o["A"]), fast_rank(o["C"]), fast_rank(o["AC"])
                    if rA and rC and rAC == rA + rC - n and rAC < min(rA, rC):
                        return w
            continue
        rng = random.Random(f"{kind}:{m}{n}{p}")
        for _ in range(400):
            w = {"A": [[rng.randint(0, 1) for _ in range(n)] for _ in range(m)],
                 "B": [[rng.randint(0, 1) for _ in range(n)] for _ in range(n)],
                 "C": [[rng.randint(0, 1) for _ in range(p)] for _ in range(n)]}
            o = B.build_abc({"search_tight": True}, w)
            r = {k: fast_rank(v) for k, v in o.items()}
            if not all(r[k] for k in ("A", "B", "C")) or r["B"] >= n:
                continue
            if kind == "frob" and r["ABC"] + r["B"] == r["AB"] + r["BC"]:
                return w
            if kind == "comb" and r["ABC"] == r["A"] + r["B"] + r["C"] - 2 * n:
                return w
    return None


def inequality(kind):
    builder = B.build_ac if kind == "sylv" else B.build_abc
    names = {"sylv": ["A", "C", "AC"], "frob": ["A", "B", "C", "AB", "BC", "ABC"], "comb": ["A", "B", "C", "ABC"]}[kind]

    def prove(objects, params, ctx):
        witness, extra = None, []
        if params.get("search_tight") is True:
            witness = search_tight(kind)
            if witness is not None:
                objects = builder(params, witness)
                extra = notes.TIGHT
            else:
                extra = ["no tight 0/1 instance found by the search"]
        rk, obs = ctx.rank(objects, names)
        return Proof(obs, witness=witness, notes=notes.inequality(kind, rk) + extra)
    return prove


# ====================================================================== Proposition 2 and its cases
def _eval(o, r, variant):
    """(hypothesis, conclusion, bound) of a variant from untrusted ranks r (the search's filter)."""
    nl, nL, npv, T = B.prop2_shape(o)
    if variant in ("printed", "fixed"):
        inner = T * nL if variant == "printed" else T * nl
        b = nl * r["Phi"] + sum(r[f"Psi_{i + 1}"] for i in range(T)) - inner
        return True, r["KR"] >= b, b
    full = r["Phi"] == min(npv, T) and all(r[f"Psi_{i + 1}"] == min(nl, nL) for i in range(T))
    if variant == "c1":
        hyp, b = full and nl <= nL, nl * r["Phi"]
    elif variant == "c2":
        hyp, b = full and nl > nL and npv >= T, T * nL
    else:
        hyp, b = full and nl > nL and npv < T, nL
    return hyp, r["KR"] >= b, b


def search_prop2(variant, params, tight):
    """Smallest (by entry count) violation of the variant, or with `tight` an instance with a true
    hypothesis where the bound is attained and positive; entries in params.values, shapes within
    builds.PROP2_SPACE, each shape exhaustively (shapes with more than 200000 instances skipped)."""
    values = B.prop2_values(params)
    deadline = time.time() + budget(params)
    sp = B.PROP2_SPACE
    shapes = sorted(((nl, nL, npv, T) for nl in range(1, sp["n_l"] + 1) for nL in range(1, sp["n_L"] + 1)
                     for npv in range(1, sp["n_prev"] + 1) for T in range(1, sp["T"] + 1)),
                    key=lambda s: (s[0] * s[1] * s[3] + s[2] * s[3], s))
    for nl, nL, npv, T in shapes:
        size = nl * nL * T + npv * T
        if len(values) ** size > 200000:
            continue
        for ent in itertools.product(values, repeat=size):
            if time.time() > deadline:
                return None, False
            k = nl * nL * T
            w = {"Psi": [[_enc(x) for x in ent[i * nL * T:(i + 1) * nL * T]] for i in range(nl)],
                 "Phi": [[_enc(x) for x in ent[k + i * T:k + (i + 1) * T]] for i in range(npv)]}
            o = B.build_prop2(params, w)
            r = {n: fast_rank(M) for n, M in o.items()}
            hyp, concl, b = _eval(o, r, variant)
            if (tight and hyp and r["KR"] == b and b > 0) or (not tight and hyp and not concl):
                return w, True
    return None, True


def _enc(x):
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def prop2(variant):
    def prove(objects, params, ctx):
        from .statements import prop2_variant

        v = prop2_variant(params, variant)
        witness, extra = None, []
        tight = params.get("search_tight") is True
        if tight or params.get("search") is True:
            witness, finished = search_prop2(v, params, tight)
            if witness is not None:
                objects = B.build_prop2(params, witness)
                extra = notes.prop2_found(tight, params)
            else:
                extra = notes.prop2_none(tight, params, finished)
        T = objects["Phi"].ncols
        rk, obs = ctx.rank(objects, ["KR", "Phi"] + [f"Psi_{i + 1}" for i in range(T)])
        return Proof(obs, witness=witness, notes=notes.prop2(v, objects, rk) + extra)
    return prove


def prop2_factor(objects, params, ctx):
    rk, obs = ctx.rank(objects, ["I_ts_Phi", "Phi"])
    return Proof(obs, notes=notes.prop2_factor(rk, objects["Psi"].nrows, objects["Psi"].is_polynomial()))
