"""Trusted builds of the network claims of Giannou et al. (paper 004): Proposition 1, Lemma 7,
Theorem 1/8, Corollary 1/2 ("wide") and Theorem 2/9 ("skip").

The frozen network (weights, BatchNorm statistics) and the target come from the params; the
normalization parameters (gamma, beta of every layer) are the witness of the existential statement
"there are normalization parameters with f == g on the unit ball", and `build` checks their form
(one rational column of the layer's width for every layer, nothing else).  From them it computes,
exactly, what the statement checks (`verify.builders.normalization`):

- per target layer t a box [lo_t, hi_t] holding the target's layer input: [-1, 1]^d (which contains
  the unit ball) for t = 1, then the box of relu(G_{t-1} z + g_{t-1}) for z in the previous box;
- the pre-activation of every f-layer of group t as an affine map z -> P z + c of the group input,
  composed with the ReLUs in between taken as the identity (the statement checks they are: every
  row's minimum over the box is >= 0), and the group's last pre-activation z -> F_t z + f_t, to be
  equal to the target's G_t z + g_t.
"""

from fractions import Fraction

from ...builders.normalization import (bn_preactivation, chain, column, diag, kr_system, random_int_matrix,
                                       relu_box, selection, skip_chain, symbolic)
from ...builders.matrices import add, scale
from ...cases.numbers import exact_number
from ...kernel.exact import Matrix, decode_entry, is_scalar, matmul
from .builds import pint, rational_matrix


def _frac_matrix(M, den):
    return Matrix(M.nrows, M.ncols, [[Fraction(x, den) for x in r] for r in M.rows])


def target_layer(params, t, d):
    """Target layer t: (W*, gamma* column, beta* column), from params["targets"][t-1] or seeded:
    W* entries in -3..3 / 3d (so ||W*||_F <= 1), gamma* in 1..3, beta* in -1..1 by halves."""
    if "targets" in params:
        specs = params["targets"]
        if not isinstance(specs, list) or len(specs) < t or not isinstance(specs[t - 1], dict):
            raise ValueError(f"targets must list at least {t} layers {{W, gamma, beta}}")
        spec = specs[t - 1]
        W = rational_matrix(spec["W"], f"targets[{t - 1}].W")
        g = column([exact_number(x, "gamma") for x in spec.get("gamma", [1] * d)])
        b = column([exact_number(x, "beta") for x in spec.get("beta", [0] * d)])
        if W.shape != (d, d) or g.nrows != d or b.nrows != d:
            raise ValueError(f"target layer {t}: W must be {d} x {d}, gamma and beta of length {d}")
        return W, g, b
    ts = pint(params, "target_seed", 100, 0) + 10 * t
    return (_frac_matrix(random_int_matrix(d, d, ts, -3, 3), 3 * d),
            column([r[0] for r in random_int_matrix(d, 1, ts + 1, 1, 3).rows]),
            _frac_matrix(random_int_matrix(d, 1, ts + 2, -2, 2), 2))


def parse_column(value, length, where):
    """A rational column of `length` entries from witness data (TypeError / ValueError otherwise)."""
    if not isinstance(value, list) or len(value) != length:
        raise ValueError(f"{where} must be a list of {length} numbers")
    vals = [decode_entry(x, where) for x in value]
    if not all(is_scalar(x) for x in vals):
        raise TypeError(f"{where} must hold rational numbers")
    return column(vals)


def normalization_params(witness, widths):
    """{key: (gamma, beta)} from a witness {"gamma": {key: [...]}, "beta": {key: [...]}} with exactly
    the keys of `widths` ({key: width}); gamma = 1, beta = 0 (the untuned network) without one."""
    if witness is None:
        return {k: (column([1] * w), column([0] * w)) for k, w in widths.items()}
    if not isinstance(witness, dict) or set(witness) != {"gamma", "beta"}:
        raise ValueError("the witness is {gamma: {layer: [...]}, beta: {layer: [...]}}")
    for part in ("gamma", "beta"):
        if not isinstance(witness[part], dict) or set(witness[part]) != set(widths):
            raise ValueError(f"witness {part} must name exactly the layers {sorted(widths)}")
    return {k: (parse_column(witness["gamma"][k], w, f"gamma[{k}]"), parse_column(witness["beta"][k], w, f"beta[{k}]"))
            for k, w in widths.items()}


# ------------------------------------------------------------------------ wide (Lemma 7, Thm 1, Cor 1)
def wide_shape(params):
    d, l = pint(params, "d", 2, 1, 6), pint(params, "l", 1, 1, 4)
    r = params.get("rank")
    if r is not None:
        r = pint(params, "rank", 1, 1, d)
    bn = params.get("bn", False)
    if not isinstance(bn, bool):
        raise ValueError("bn must be true or false")
    return d, l, r, bn, pint(params, "seed", 1, 0)


def wide_frozen(params):
    """Per target layer t: (W*, gamma*, beta*, layers, pairs).  layers: the f-layers of group t
    (dicts W, mu, s); pairs: (V, W, factor) of the Khatri-Rao systems V diag(x) W = factor of the
    proof.  Lemma 7 / Theorem 1: W (d^2 x d), V (d x d^2).  Corollary 1/2 (rank r): W* = A* B*, and
    four layers W_1 (dr x d), V_1 (r x dr), W_2 (dr x r), V_2 (d x dr)."""
    d, l, r, bn, seed = wide_shape(params)
    out = []
    for t in range(1, l + 1):
        Ws, gs, bs = target_layer(params, t, d)
        base = seed + 100 * t
        if r is None:
            mats = [random_int_matrix(d * d, d, base, nonzero=True), random_int_matrix(d, d * d, base + 1, nonzero=True)]
            pairs = [(mats[1], mats[0], Ws)]
        else:
            As = _frac_matrix(random_int_matrix(d, r, base + 7, -3, 3), 3 * d)
            Bs = _frac_matrix(random_int_matrix(r, d, base + 8, -3, 3), 3 * d)
            Ws = matmul(As, Bs)
            mats = [random_int_matrix(d * r, d, base, nonzero=True), random_int_matrix(r, d * r, base + 1, nonzero=True),
                    random_int_matrix(d * r, r, base + 2, nonzero=True), random_int_matrix(d, d * r, base + 3, nonzero=True)]
            pairs = [(mats[1], mats[0], Bs), (mats[3], mats[2], As)]
        layers = []
        for j, W in enumerate(mats, 1):
            mu = random_int_matrix(W.nrows, 1, base + 20 + j) if bn else None
            layers.append({"W": W, "mu": mu, "s": 1 + (base + j) % 5 if bn else 1})
        out.append((Ws, gs, bs, layers, pairs))
    return out


def wide_widths(params):
    """{"t_j": width} of every f-layer (the normalization parameters a witness gives)."""
    return {f"{t}_{j}": L["W"].nrows for t, (_, _, _, layers, _) in enumerate(wide_frozen(params), 1)
            for j, L in enumerate(layers, 1)}


def build_wide(params, witness=None):
    frozen = wide_frozen(params)
    norm_params = normalization_params(witness, wide_widths(params))
    d = frozen[0][0].nrows
    o, lo, hi = {}, column([-1] * d), column([1] * d)
    for t, (Ws, gs, bs, layers, pairs) in enumerate(frozen, 1):
        G = matmul(diag(gs), Ws)
        o.update({f"Wstar{t}": Ws, f"G{t}": G, f"g{t}": bs, f"lo{t}": lo, f"hi{t}": hi})
        maps = []
        for j, L in enumerate(layers, 1):
            gamma, beta = norm_params[f"{t}_{j}"]
            o[f"W{t}_{j}"], o[f"gamma{t}_{j}"], o[f"beta{t}_{j}"] = L["W"], gamma, beta
            if L["mu"] is not None:
                o[f"mu{t}_{j}"], o[f"s{t}_{j}"] = L["mu"], Matrix(1, 1, [[L["s"]]])
            maps.append(bn_preactivation(gamma, L["W"], beta, L["mu"], L["s"]))
        composed = chain(maps)
        for j, (P, c) in enumerate(composed[:-1], 1):
            o[f"P{t}_{j}"], o[f"c{t}_{j}"] = P, c
        o[f"F{t}"], o[f"f{t}"] = composed[-1]
        for p, (V, W, factor) in enumerate(pairs, 1):
            o[f"K{t}_{p}"] = kr_system(V, W)
        lo, hi = relu_box(G, bs, lo, hi)
    return o


# ----------------------------------------------------------------------------------- gia.prop1
def build_prop1(params, witness=None):
    """Gamma (W x - mu) / s + beta with per-neuron t = 1/s, and Gamma' W x + beta' with
    Gamma' = Gamma / s, beta' = beta - Gamma' mu, on formal entries."""
    d = pint(params, "d", 2, 1, 8)
    g, W, mu, t, b, x = (symbolic(d, 1, "g"), symbolic(d, d, "w"), symbolic(d, 1, "m"), symbolic(d, 1, "t"),
                         symbolic(d, 1, "b"), symbolic(d, 1, "x"))
    T = diag(t)
    lhs = add(matmul(T, matmul(diag(g), add(matmul(W, x), scale(-1, mu)))), b)
    Gp = matmul(diag(g), T)
    return {"lhs": lhs, "rhs": add(matmul(matmul(Gp, W), x), add(b, scale(-1, matmul(Gp, mu))))}


# ----------------------------------------------------------------------------------- gia.thm2 (skip)
def skip_frozen(params):
    """(d, k, m, W*, gamma*, beta*, Ws, As, Ss, W_last): m = ceil(d / k) skip layers of width dk."""
    d = pint(params, "d", 2, 1, 6)
    k = pint(params, "k", 1, 1, d)
    seed = pint(params, "seed", 2, 0)
    m = -(-d // k)
    Wstar, gs, bs = target_layer(params, 1, d)
    Ws = [random_int_matrix(d * k, d * k, seed + 10 * i, nonzero=True) for i in range(1, m + 1)]
    As = [random_int_matrix(d * k, k, seed + 10 * i + 1, nonzero=True) for i in range(1, m + 1)]
    Ss = [selection(i, k, d) for i in range(1, m + 1)]
    return d, k, m, Wstar, gs, bs, Ws, As, Ss, random_int_matrix(d, d * k, seed + 7, nonzero=True)


def skip_obstructed(params):
    """True when the target's last column block W* S_m^T is zero while Gamma* W* is not: then f's
    dependence on x_m (the coefficient W_last Gamma_m W_m A_m, whatever the parameters) must vanish,
    and the statement is the refutation of Theorem 2 at this target (see `statements_nets`)."""
    d, k, m, Wstar, gs, bs, *_ = skip_frozen(params)
    G = matmul(diag(gs), Wstar)
    block = matmul(G, selection(m, k, d).T)
    return all(x == 0 for x in block.entries()) and any(x != 0 for x in G.entries())


def build_skip(params, witness=None):
    d, k, m, Wstar, gs, bs, Ws, As, Ss, Wl = skip_frozen(params)
    if witness is not None and skip_obstructed(params):
        raise ValueError("this statement is about the target the params define; it takes no witness")
    norm_params = normalization_params(witness, {str(i): d * k for i in range(1, m + 1)})
    G = matmul(diag(gs), Wstar)
    o = {"Wstar": Wstar, "G1": G, "g1": bs, "lo1": column([-1] * d), "hi1": column([1] * d), "Wlast": Wl,
         f"K_{m}": kr_system(Wl, matmul(Ws[m - 1], As[m - 1])), f"Tblock_{m}": matmul(G, Ss[m - 1].T)}
    gammas, betas = [], []
    for i in range(1, m + 1):
        gamma, beta = norm_params[str(i)]
        o.update({f"W_{i}": Ws[i - 1], f"A_{i}": As[i - 1], f"S_{i}": Ss[i - 1], f"gamma_{i}": gamma,
                  f"beta_{i}": beta})
        gammas.append(gamma)
        betas.append(beta)
    layers = skip_chain(Ws, As, Ss, gammas, betas)
    for i, (M, c) in enumerate(layers[:-1], 1):
        o[f"P_{i}"], o[f"c_{i}"] = M, c
    M, c = layers[-1]
    o["F1"], o["f1"] = matmul(Wl, M), matmul(Wl, c)
    return o
