"""Untrusted proofs of the Giannou et al. claims (paper 004): which facts to certify, and the
normalization parameters of the network constructions (the witnesses of the existential
statements), computed by the proofs' recipe with the engines' exact solver."""

from fractions import Fraction
from itertools import combinations, permutations

from ...builders.normalization import (activating_bias, bn_preactivation, chain, column, diag, kr_system,
                                       skip_chain, vec_row)
from ...builders.matrices import add, scale
from ...errors import Unknown
from ...kernel.exact import encode_entry, matmul
from ..base import Proof
from . import builds_nets, notes


def ranks(ctx, objects, names):
    return ctx.rank(objects, names)[1]


def small_detbool(M, name):
    """The `detbool` obligation of a small square matrix by exhaustion: a perfect matching (a
    permutation through nonzero entries), else rows whose nonzero columns are fewer (Hall)."""
    n = M.nrows
    nz = [{j for j in range(n) if M.rows[i][j] != 0} for i in range(n)]
    for perm in permutations(range(n)):
        if all(perm[i] in nz[i] for i in range(n)):
            return {"rule": "detbool", "matrix": name, "value": 1, "matching": list(perm)}
    for size in range(1, n + 1):
        for rows in combinations(range(n), size):
            if len(set().union(*(nz[i] for i in rows))) < size:
                return {"rule": "detbool", "matrix": name, "value": 0, "hall_rows": list(rows)}
    raise AssertionError("Hall's theorem: no matching implies a violator")


def detbools(ctx, objects, names):
    obs = []
    for nm in names:
        M = objects[nm]
        if M.nrows == M.ncols <= 5:
            obs.append(small_detbool(M, nm))
        else:
            obs += ctx.engines.detbool_certificate(M, nm)[1]
    return obs


# ------------------------------------------------------------------------------ Khatri-Rao lemmas
def generic_rank(objects, params, ctx, note):
    r, obs = ctx.rank(objects, ["KR"])
    return Proof(obs, notes=note(params, r["KR"]))


def thm5(objects, params, ctx):
    return Proof(ranks(ctx, objects, ["A", "B", "AkB"]), notes=notes.THM5)


def fact1(objects, params, ctx):
    r, obs = ctx.rank(objects, ["A", "B", "AB", "N", "NB"])
    return Proof(obs, notes=notes.fact1(params, r))


def thm7(objects, params, ctx):
    obs = ranks(ctx, objects, ["A", "Ab"])
    _, sol = ctx.engines.solve_certificate(objects["A"], objects["b"], "A", "b", method=ctx.method, seed=ctx.seed)
    return Proof(obs + sol, notes=notes.thm7(params))


def lemma3(objects, params, ctx):
    names = ["B"] + sorted((n for n in objects if n.startswith("B_")), key=lambda s: int(s[2:]))
    return Proof(ranks(ctx, objects, names), notes=notes.LEMMA3)


# ------------------------------------------------------------------------------ networks
def _solve(ctx, K, rhs, what):
    x, _ = ctx.engines.solve_certificate(K, rhs, "K", "rhs", method=ctx.method, seed=ctx.seed)
    if x is None:
        raise Unknown(f"{what}: the Khatri-Rao system has no solution at this seeded instance (its matrix is "
                      "singular, a null event for continuous weights); try another seed")
    return x


def _enc(col):
    return [encode_entry(r[0]) for r in col.rows]


def wide_witness(params, objects, ctx):
    """Gamma of each Khatri-Rao layer from V diag(x) W = factor (scaled by the layer's BatchNorm s),
    identity scalings elsewhere, the target's gamma* on the group's last layer (times its s); then
    beta layer by layer: every hidden unit active with margin 1 on the box, the last bias equal to
    beta*."""
    gam, bet = {}, {}
    for t, (Ws, gs, bs, layers, pairs) in enumerate(builds_nets.wide_frozen(params), 1):
        xs = [_solve(ctx, kr_system(V, W), vec_row(factor), f"target layer {t}, pair {p}")
              for p, (V, W, factor) in enumerate(pairs, 1)]
        gammas = []
        for j, L in enumerate(layers, 1):
            if j == len(layers):
                g = gs
            elif j % 2 == 1:
                g = xs[(j - 1) // 2]
            else:
                g = column([1] * L["W"].nrows)
            gammas.append(scale(Fraction(L["s"]), g))
        lo, hi = objects[f"lo{t}"], objects[f"hi{t}"]
        betas, maps = [], []
        for j, (L, g) in enumerate(zip(layers, gammas), 1):
            zero = column([0] * L["W"].nrows)
            P, c0 = chain(maps + [bn_preactivation(g, L["W"], zero, L["mu"], L["s"])])[-1]
            beta = add(bs, scale(-1, c0)) if j == len(layers) else add(activating_bias(P, lo, hi), scale(-1, c0))
            betas.append(beta)
            maps.append(bn_preactivation(g, L["W"], beta, L["mu"], L["s"]))
        for j, (g, b) in enumerate(zip(gammas, betas), 1):
            gam[f"{t}_{j}"], bet[f"{t}_{j}"] = _enc(g), _enc(b)
    return {"gamma": gam, "beta": bet}


def wide(objects, params, ctx):
    witness = wide_witness(params, objects, ctx)
    from .builds_nets import build_wide

    full = build_wide(params, witness)
    names = sorted(n for n in full if n.startswith("K") or n.startswith("Wstar"))
    return Proof(ranks(ctx, full, names), witness=witness, notes=notes.wide(params))


def skip_witness(params, ctx):
    """Theorem 2's recipe: Gamma_m, ..., Gamma_1 from the last block down (Lemma 4: K_i vecd(Gamma_i)
    = vec(W* S_i^T), K_i = (W_last Gamma_m W_m ... Gamma_{i+1} W_{i+1}) (.) (W_i A_i)^T); beta_i
    activating every unit of L_1..L_{m-1} with margin 1; beta_m with W_last (c + beta_m) = beta*."""
    d, k, m, Wstar, gs, bs, Ws, As, Ss, Wl = builds_nets.skip_frozen(params)
    G = matmul(diag(gs), Wstar)
    gammas, C = [None] * m, Wl
    for i in range(m, 0, -1):
        x = _solve(ctx, kr_system(C, matmul(Ws[i - 1], As[i - 1])), vec_row(matmul(G, Ss[i - 1].T)), f"block {i}")
        gammas[i - 1] = x
        C = matmul(matmul(C, diag(x)), Ws[i - 1])
    lo, hi = column([-1] * d), column([1] * d)
    betas = []
    for i in range(1, m + 1):
        zero = column([0] * (d * k))
        M, c0 = skip_chain(Ws[:i], As[:i], Ss[:i], gammas[:i], betas + [zero])[-1]
        if i < m:
            betas.append(add(activating_bias(M, lo, hi), scale(-1, c0)))
        else:
            rhs = add(bs, scale(-1, matmul(Wl, c0)))
            b, _ = ctx.engines.solve_certificate(Wl, rhs, "Wlast", "rhs", method=ctx.method, seed=ctx.seed)
            if b is None:
                raise Unknown("W_last beta_m = beta* - W_last c has no solution (W_last rank deficient at this seed)")
            betas.append(b)
    return {"gamma": {str(i): _enc(g) for i, g in enumerate(gammas, 1)},
            "beta": {str(i): _enc(b) for i, b in enumerate(betas, 1)}}


def skip(objects, params, ctx):
    d, k, m, *_ = builds_nets.skip_frozen(params)
    if builds_nets.skip_obstructed(params):
        return Proof(ranks(ctx, objects, [f"K_{m}"]), notes=notes.skip_obstructed(params))
    witness = skip_witness(params, ctx)
    from .builds_nets import build_skip

    full = build_skip(params, witness)
    zeros = sum(1 for i in range(1, m + 1) for r in full[f"gamma_{i}"].rows if r[0] == 0)
    return Proof(ranks(ctx, full, [f"K_{m}"]), witness=witness, notes=notes.skip(params, zeros))


# ------------------------------------------------------------------------------ sparse networks
def def4(objects, params, ctx):
    names = [n for n in objects if n.startswith("M")]
    return Proof(detbools(ctx, objects, names), notes=notes.def4(len(names)))


def lemma9(objects, params, ctx):
    obs = []
    for nm in sorted(objects, key=lambda s: int(s[1:])):
        obs += detbools(ctx, objects, [nm]) + ranks(ctx, objects, [nm])
    return Proof(obs, notes=notes.LEMMA9)


def misc(objects, params, ctx):
    obs = []
    for nm in sorted(objects):
        if nm.startswith("E") and not nm.startswith("EF"):
            obs += ctx.engines.det_certificate(objects[nm], nm, method=ctx.method, seed=ctx.seed)[1]
    return Proof(obs + detbools(ctx, objects, sorted(objects)), notes=notes.MISC)


def thm3(objects, params, ctx):
    return Proof(detbools(ctx, objects, [n for n in objects if n.startswith("Q")]), notes=notes.thm3(params))


def remark3(objects, params, ctx):
    names = [n for n in objects if n.startswith("K")]
    if not names:
        raise Unknown(notes.REMARK3_UNKNOWN)
    return Proof(detbools(ctx, objects, names), notes=notes.REMARK3_SAMPLES)
