"""Giannou et al. (paper 004), network reconstructions: Prop 1, Lemma 7, Theorem 1/8, Corollary 1/2,
Theorem 2/9 (skip connections).

Certificate of f == g on the unit ball, per target layer t (a "group" of f-layers):
- the input box [lo_t, hi_t] contains the domain (t = 1: [-1, 1]^d contains the unit ball; later:
  it contains relu(G_{t-1} z + g_{t-1}) for z in the previous box, checked by interval arithmetic);
- every ReLU inside the group is active on the box: each pre-activation row, an affine map P z + c
  of the group input built by exact composition, has interval lower bound > 0;
- with those ReLUs the identity, the group is the affine map (F_t, f_t), and `equal` checks
  F_t = G_t = Gamma*_t W*_t and f_t = g_t = beta*_t.
Gamma of the Khatri-Rao layers comes from the engines' exact solve (the witness); the Khatri-Rao
systems' rank certificates show the solution is the unique one (Lemma 4 + Theorem 7).
"""

from fractions import Fraction

from ..builders.normalization import (activating_bias, column, diag, kr_system, random_int_matrix, relu_box,
                                      selection, symbolic, vec_row)
from ..kernel.exact import Matrix, decode_matrix, encode_matrix, identity, matmul
from ..builders.matrices import add, scale
from ..errors import Unknown
from .base import Claim, Proof
from ._giannou_common import (AND, SOURCE, box_contains_ball, box_contains_relu, equal, equal_ob,
                              positive_on_box, rank, rank_is)

CLAIMS = {}


def _claim(cid, title, where, build, prove, doc, defaults):
    CLAIMS[cid] = Claim(cid, title, f"{SOURCE}, {where}", build, prove, doc, defaults)


def _frac_matrix(M, den):
    return Matrix(M.nrows, M.ncols, [[Fraction(x, den) if den != 1 else x for x in r] for r in M.rows])


def _target(params, t, d):
    """Target layer t: W* (entries in -3..3 / 3d, so ||W*||_F <= 1), Gamma* diag, beta* (or explicit)."""
    ts = params.get("target_seed", 100) + 10 * t
    if "targets" in params:
        spec = params["targets"][t - 1]
        W = Matrix.from_rows([[Fraction(x) for x in r] for r in spec["W"]])
        g = column([Fraction(x) for x in spec.get("gamma", [1] * d)])
        b = column([Fraction(x) for x in spec.get("beta", [0] * d)])
        return W, g, b
    return (_frac_matrix(random_int_matrix(d, d, ts, -3, 3), 3 * d), column(
        [r[0] for r in random_int_matrix(d, 1, ts + 1, 1, 3).rows]),
        _frac_matrix(random_int_matrix(d, 1, ts + 2, -2, 2), 2))


def _chain(layers, lo, hi):
    """Sequential BN layers on a box.  layers: dicts with gamma, W, mu (or None), s, and either
    'activate' (beta makes every ReLU active with margin 1) or 'target' (beta gives this bias).
    Returns per layer (beta, M, c): the pre-activation z -> M z + c of the group input."""
    out, M, c = [], identity(lo.nrows), column([0] * lo.nrows)
    for L in layers:
        G, s = diag(L["gamma"]), Fraction(L.get("s", 1))
        M2 = scale(Fraction(1) / s, matmul(matmul(G, L["W"]), M))
        Wc = matmul(L["W"], c)
        if L.get("mu") is not None:
            Wc = add(Wc, scale(-1, L["mu"]))
        c0 = scale(Fraction(1) / s, matmul(G, Wc))
        beta = activating_bias(M2, lo, hi) if "target" not in L else L["target"]
        beta = add(beta, scale(-1, c0))
        M, c = M2, add(c0, beta)
        out.append((beta, M, c))
    return out


def _group_objects(o, t, layers, G, g, lo, hi):
    """Objects of one group t; the last layer targets (G, g)."""
    res = _chain(layers, lo, hi)
    for j, (beta, M, c) in enumerate(res[:-1]):
        o[f"beta{t}_{j + 1}"], o[f"P{t}_{j + 1}"], o[f"c{t}_{j + 1}"] = beta, M, c
    beta, F, f = res[-1]
    o[f"beta{t}_{len(res)}"], o[f"F{t}"], o[f"f{t}"], o[f"G{t}"], o[f"g{t}"] = beta, F, f, G, g
    return len(res)


def _group_proof(o, t, nlayers, last):
    preds = [box_contains_ball(f"lo{t}", f"hi{t}", o) if t == 1 else
             box_contains_relu(f"G{t - 1}", f"g{t - 1}", f"lo{t - 1}", f"hi{t - 1}", f"lo{t}", f"hi{t}", o)]
    preds += [positive_on_box(f"P{t}_{j}", f"c{t}_{j}", f"lo{t}", f"hi{t}", o) for j in range(1, nlayers)]
    preds += [equal(f"F{t}", f"G{t}"), equal(f"f{t}", f"g{t}")]
    return [equal_ob(f"F{t}", f"G{t}"), equal_ob(f"f{t}", f"g{t}")], preds


# ------------------------------------------------------------------------ wide (Lemma 7, Thm 1, Cor 1)
def _wide_build(params, witness=None):
    d, l, seed = params.get("d", 2), params.get("l", 1), params.get("seed", 1)
    bn, r = params.get("bn", False), params.get("rank")
    o, lo, hi = {}, column([-1] * d), column([1] * d)
    for t in range(1, l + 1):
        Ws, gs, bs = _target(params, t, d)
        G = matmul(diag(gs), Ws)
        base = seed + 100 * t
        if r is None:  # Lemma 7 / Theorem 1: W (d^2 x d), V (d x d^2); solve V diag(gamma) W = W*
            spec = [(random_int_matrix(d * d, d, base, nonzero=True), random_int_matrix(d, d * d, base + 1, nonzero=True), Ws)]
        else:          # Corollary 1/2: W* = A* B* of rank r, two pairs of width d r
            As = _frac_matrix(random_int_matrix(d, r, base + 7, -3, 3), 3 * d)
            Bs = _frac_matrix(random_int_matrix(r, d, base + 8, -3, 3), 3 * d)
            Ws = matmul(As, Bs)
            G = matmul(diag(gs), Ws)
            spec = [(random_int_matrix(d * r, d, base, nonzero=True), random_int_matrix(r, d * r, base + 1, nonzero=True), Bs),
                    (random_int_matrix(d * r, r, base + 2, nonzero=True), random_int_matrix(d, d * r, base + 3, nonzero=True), As)]
        o[f"Wstar{t}"], o[f"G{t}"], o[f"g{t}"] = Ws, G, bs
        o[f"lo{t}"], o[f"hi{t}"] = lo, hi
        for p, (W, V, target) in enumerate(spec, 1):
            o[f"W{t}_{p}"], o[f"V{t}_{p}"] = W, V
            o[f"K{t}_{p}"], o[f"vecT{t}_{p}"] = kr_system(V, W), vec_row(target)
        if witness is None:
            lo, hi = relu_box(G, bs, lo, hi)
            continue
        layers = []
        for p, (W, V, target) in enumerate(spec, 1):
            gam = decode_matrix(witness["gamma"][f"{t}_{p}"])
            o[f"gamma{t}_{p}"], o[f"Kgamma{t}_{p}"] = gam, matmul(o[f"K{t}_{p}"], gam)
            mu = s = None
            if bn:
                mu, s = random_int_matrix(W.nrows, 1, base + 20 + p), 1 + (base + p) % 5
                mu2, s2 = random_int_matrix(V.nrows, 1, base + 30 + p), 2 + (base + p) % 3
                o[f"mu{t}_{p}"], o[f"mu{t}_{p}b"] = mu, mu2
            layers.append({"gamma": gam, "W": W, "mu": mu, "s": s or 1})
            last = p == len(spec)
            outer = gs if last else column([1] * V.nrows)
            if bn:
                outer = scale(Fraction(s * s2), outer)  # Gamma' = s s' Gamma* (Lemma 7 proof)
            L2 = {"gamma": outer, "W": V, "mu": mu2 if bn else None, "s": s2 if bn else 1}
            if last:
                L2["target"] = bs
            layers.append(L2)
        n = _group_objects(o, t, layers, G, bs, lo, hi)
        o[f"nlayers{t}"] = Matrix(1, 1, [[n]])
        lo, hi = relu_box(G, bs, lo, hi)
    return o


def _wide_prove(objects, params, ctx):
    d, l, r = params.get("d", 2), params.get("l", 1), params.get("rank")
    obs, preds, gam, notes = [], [], {}, []
    npairs = 1 if r is None else 2
    for t in range(1, l + 1):
        for p in range(1, npairs + 1):
            K = objects[f"K{t}_{p}"]
            rk, ro = rank(ctx, K, f"K{t}_{p}")
            obs += ro
            preds.append(rank_is(f"K{t}_{p}", K.nrows))
            x, so = ctx.engines.solve_certificate(K, objects[f"vecT{t}_{p}"], f"K{t}_{p}", f"vecT{t}_{p}",
                                                  method=ctx.method, seed=ctx.seed)
            if x is None or rk < K.nrows:
                raise Unknown(f"layer {t}, pair {p}: the Khatri-Rao system has rank {rk} < {K.nrows} at this seeded "
                              "instance (a null event for continuous weights); try another seed")
            gam[f"{t}_{p}"] = encode_matrix(x)
    witness = {"gamma": gam}
    full = _wide_build(params, witness)
    for t in range(1, l + 1):
        for p in range(1, npairs + 1):
            obs.append(equal_ob(f"Kgamma{t}_{p}", f"vecT{t}_{p}"))
            preds.append(equal(f"Kgamma{t}_{p}", f"vecT{t}_{p}"))
        o2, p2 = _group_proof(full, t, full[f"nlayers{t}"].rows[0][0], t == l)
        obs += o2
        preds += p2
    extra = {k: v for k, v in full.items() if k not in objects}
    report = {f"gamma{t}_{p}": [{"entry": [f"gamma{t}_{p}", i, 0]} for i in range(full[f"gamma{t}_{p}"].nrows)]
              for t in range(1, l + 1) for p in range(1, npairs + 1)}
    report.update({f"beta{t}_1": [{"entry": [f"beta{t}_1", i, 0]} for i in range(full[f"beta{t}_1"].nrows)]
                   for t in range(1, l + 1)})
    notes += [f"d={d}, depth l={l}, frozen-weight seed {params.get('seed', 1)} (verify-random/1, -9..9), "
              f"target seed {params.get('target_seed', 100)}; bn={params.get('bn', False)}, rank={r}.",
              "Gamma of each Khatri-Rao layer solves (V (.) W^T) gamma = vec(W*) exactly (unique: full rank); "
              "beta activates every hidden ReLU on the box with margin 1; the last beta cancels the bias."]
    if r is not None:
        notes.append("Corollary 1's proof feeds B* x to the next pair 'as x', but a ReLU sits between layers 2 and 3: "
                     "the construction adds a shift to beta_2 so that B* x + shift > 0 on the box and removes it in "
                     "beta_4 (certified as an active ReLU); without it the reconstruction fails where B* x < 0.")
    return Proof(obs, AND(*preds), report, witness=witness, objects=extra, notes=notes)


_claim("gia.lemma7", "Lemma 7: two random BN-ReLU layers of width d^2 reproduce any width-d layer",
       "Lemma 7 (27)-(32)", _wide_build, _wide_prove, "d, seed, target_seed|targets, bn (BatchNorm statistics)",
       {"d": 2, "l": 1, "bn": True})
_claim("gia.thm1", "Theorem 1/8: depth-2l width-d^2 random net reproduces any depth-l width-d net",
       "Thm 1, Thm 8", _wide_build, _wide_prove, "d, l, seed, target_seed|targets", {"d": 2, "l": 2})
_claim("gia.cor1", "Corollary 1/2: rank-r target via four layers of width d r", "Cor 1, Cor 2 (33)-(34)",
       _wide_build, _wide_prove, "d, rank, seed, target_seed", {"d": 3, "rank": 1})


# ----------------------------------------------------------------------------------- gia.prop1
def _prop1_build(params, witness=None):
    d = params.get("d", 2)
    g, W, mu, t, b, x = (symbolic(d, 1, "g"), symbolic(d, d, "w"), symbolic(d, 1, "m"), symbolic(d, 1, "t"),
                         symbolic(d, 1, "b"), symbolic(d, 1, "x"))
    T = diag(t)  # per-neuron 1/s
    lhs = add(matmul(T, matmul(diag(g), add(matmul(W, x), scale(-1, mu)))), b)
    Gp = matmul(diag(g), T)
    bp = add(b, scale(-1, matmul(Gp, mu)))
    return {"lhs": lhs, "rhs": add(matmul(matmul(Gp, W), x), bp)}


def _prop1_prove(objects, params, ctx):
    return Proof([equal_ob("lhs", "rhs")], equal("lhs", "rhs"), {},
                 notes=["Gamma (W x - mu)/s + beta = Gamma' W x + beta' with Gamma' = Gamma/s, beta' = beta - Gamma' mu, "
                        "as a polynomial identity (t = 1/s per neuron, so also for per-neuron variances)."])


_claim("gia.prop1", "Proposition 1: a BN layer is Gamma' W x + beta'", "Prop 1 (25)-(26)",
       _prop1_build, _prop1_prove, "d", {"d": 2})


# ----------------------------------------------------------------------------------- gia.thm2
def _thm2_build(params, witness=None):
    d, k, seed = params.get("d", 2), params.get("k", 1), params.get("seed", 2)
    m = -(-d // k)
    Ws, gs, bs = _target(params, 1, d)
    G = matmul(diag(gs), Ws)
    o = {"Wstar": Ws, "G1": G, "g1": bs, "lo1": column([-1] * d), "hi1": column([1] * d)}
    W = {i: random_int_matrix(d * k, d * k, seed + 10 * i, nonzero=True) for i in range(1, m + 1)}
    A = {i: random_int_matrix(d * k, k, seed + 10 * i + 1, nonzero=True) for i in range(1, m + 1)}
    S = {i: selection(i, k, d) for i in range(1, m + 1)}
    Wl = random_int_matrix(d, d * k, seed + 7, nonzero=True)
    o["Wlast"] = Wl
    for i in range(1, m + 1):
        o[f"W_{i}"], o[f"A_{i}"] = W[i], A[i]
        o[f"Tvec_{i}"] = vec_row(matmul(G, S[i].T))
        o[f"Tblock_{i}"] = matmul(G, S[i].T)
    o[f"K_{m}"] = kr_system(Wl, matmul(W[m], A[m]))
    if witness is None:
        return o
    gam = {i: decode_matrix(witness["gamma"][str(i)]) for i in range(1, m + 1)}
    C = Wl
    for i in range(m, 0, -1):  # K_i = C_i (.) (W_i A_i)^T, C_i = W_last Gamma_m W_m ... Gamma_{i+1} W_{i+1}
        o[f"K_{i}"] = kr_system(C, matmul(W[i], A[i]))
        o[f"gamma_{i}"], o[f"Kgamma_{i}"] = gam[i], matmul(o[f"K_{i}"], gam[i])
        C = matmul(matmul(C, diag(gam[i])), W[i])
    lo, hi = o["lo1"], o["hi1"]
    M, c = Matrix(d * k, d, [[0] * d] * (d * k)), column([0] * (d * k))
    for i in range(1, m + 1):
        Gi = matmul(diag(gam[i]), W[i])
        M = matmul(Gi, add(M, matmul(A[i], S[i])))
        c0 = matmul(Gi, c)
        beta = activating_bias(M, lo, hi) if i < m else decode_matrix(witness["beta_last"])
        beta = add(beta, scale(-1, c0)) if i < m else beta
        c = add(c0, beta)
        o[f"beta_{i}"] = beta
        if i < m:
            o[f"P1_{i}"], o[f"c1_{i}"] = M, c
    o["F1"], o["f1"] = matmul(Wl, M), matmul(Wl, c)
    return o


def _thm2_prove(objects, params, ctx):
    d, k = params.get("d", 2), params.get("k", 1)
    m = -(-d // k)
    notes = [f"d={d}, k={k}: {m} skip layers of width {d * k}; frozen seed {params.get('seed', 2)}."]
    rk, obs = rank(ctx, objects[f"K_{m}"], f"K_{m}")
    if objects[f"Tblock_{m}"] == Matrix(d, k, [[0] * k] * d) and any(x != 0 for r in objects["G1"].rows for x in r):
        pred = {"not": AND(rank_is(f"K_{m}", d * k), {"is_zero": f"Tblock_{m}"}, {"not": {"is_zero": "G1"}})}
        notes += ["The target's last column block W* S_m^T is zero.  The input block x_m enters f only through "
                  "W_last Gamma_m W_m A_m x_m (no ReLU after the skip into the last layer, Remark 9), so f == g forces "
                  "W_last Gamma_m W_m A_m = W* S_m^T = 0, i.e. K_m vecd(Gamma_m) = 0 (Lemma 4).  K_m has full rank "
                  "(certified), so Gamma_m = 0 and f(x) = W_last beta_m is constant, while g is not: no normalization "
                  "parameters exist.  Lemma 3/8 needs w* != 0, which the theorem does not assume."]
        return Proof(obs, pred, {"rank_K_last": {"rank": f"K_{m}"}}, notes=notes)
    gam, C = {}, objects["Wlast"]
    from ..builders.normalization import diag as _diag
    for i in range(m, 0, -1):
        K = kr_system(C, matmul(objects[f"W_{i}"], objects[f"A_{i}"]))
        x, so = ctx.engines.solve_certificate(K, objects[f"Tvec_{i}"], f"K_{i}", f"Tvec_{i}", method=ctx.method,
                                              seed=ctx.seed)
        if x is None or ctx.engines.rank_certificate(K, "K", method=ctx.method, seed=ctx.seed)[0] < d * k:
            raise Unknown(f"block {i}: the Khatri-Rao system is singular at this seeded instance (a null event "
                          "for continuous weights); try another seed")
        gam[str(i)] = encode_matrix(x)
        C = matmul(matmul(C, _diag(x)), objects[f"W_{i}"])
    partial = _thm2_build(params, {"gamma": gam, "beta_last": encode_matrix(column([0] * (d * k)))})
    rhs = add(objects["g1"], scale(-1, partial["f1"]))
    bl, so = ctx.engines.solve_certificate(objects["Wlast"], rhs, "Wlast", "rhs", method=ctx.method, seed=ctx.seed)
    if bl is None:
        raise Unknown("W_last beta = rhs is inconsistent at this seeded instance (W_last rank deficient)")
    witness = {"gamma": gam, "beta_last": encode_matrix(bl)}
    full = _thm2_build(params, witness)
    preds = [rank_is(f"K_{m}", d * k)]
    for i in range(1, m + 1):
        if i < m:
            obs += rank(ctx, full[f"K_{i}"], f"K_{i}")[1]
            preds.append(rank_is(f"K_{i}", d * k))
        obs.append(equal_ob(f"Kgamma_{i}", f"Tvec_{i}"))
        preds += [equal(f"Kgamma_{i}", f"Tvec_{i}")]
    preds.append(box_contains_ball("lo1", "hi1", full))
    preds += [positive_on_box(f"P1_{i}", f"c1_{i}", "lo1", "hi1", full) for i in range(1, m)]
    obs += [equal_ob("F1", "G1"), equal_ob("f1", "g1")]
    preds += [equal("F1", "G1"), equal("f1", "g1")]
    zeros = sum(1 for i in range(1, m + 1) for r in full[f"gamma_{i}"].rows if r[0] == 0)
    notes.append(f"Gamma blocks solved from the last block down; {zeros} zero entries in the Gammas.")
    report = {f"gamma_{i}": [{"entry": [f"gamma_{i}", j, 0]} for j in range(d * k)] for i in range(1, m + 1)}
    extra = {kk: v for kk, v in full.items() if kk not in objects or objects[kk] != v}
    return Proof(obs, AND(*preds), report, witness=witness, objects=extra, notes=notes)


_claim("gia.thm2", "Theorem 2/9: skip-connection network of width dk reproduces any width-d layer",
       "Thm 2, Thm 9, (5)-(8), (39)-(56)", _thm2_build, _thm2_prove, "d, k (k | d), seed, target_seed|targets",
       {"d": 2, "k": 1})
