"""Untrusted proofs of the Kawaguchi (002) claims: which ranks and inertias to certify, and the search
for polynomial paths W + t V that show a semidefinite critical point is not a local minimum / maximum
(the witness of kaw.t23ii and kaw.c24.h2).  Everything computed here in plain Python (ranks, losses,
path coefficients) only chooses obligations and writes notes; the statement never reads it."""

import random

from ...builders import deep_linear as dl
from ...kernel.exact import encode_entry, is_zero
from ..base import Proof
from . import builds, notes


# ------------------------------------------------------------------------------ obligations
def inertia(ctx, objects, names):
    vals, obs = {}, []
    for n in names:
        v, o = ctx.engines.inertia_certificate(objects[n], n, method=ctx.method, seed=ctx.seed)
        vals[n] = tuple(v)
        obs += o
    return vals, obs


def ranks(ctx, objects, names):
    return ctx.rank(objects, list(names))


def hypothesis_obligations(ctx, objects):
    return ranks(ctx, objects, ["XXt", "XYt"])[1]


def critical_tags(objects, tags):
    return [t for t, _ in tags if is_zero(objects[f"{t}.grad"])]


# ------------------------------------------------------------------------------ path search
def lowest(coeffs):
    """(k, c_k) of the lowest nonzero coefficient with k >= 1, or None."""
    return next(((k, c) for k, c in enumerate(coeffs) if k >= 1 and c != 0), None)


def directions(coeffs):
    """(goes down, goes up) arbitrarily close to t = 0."""
    low = lowest(coeffs)
    if low is None:
        return False, False
    k, c = low
    return (c < 0 or k % 2 == 1), (c > 0 or k % 2 == 1)


def encode_direction(V):
    return [[[encode_entry(x) for x in row] for row in M.rows] for M in V]


def find_paths(Ws, data, dims, need_down, need_up, seed, tries=200):
    """Directions V (at most two) whose paths show what is needed: toward the top index-set point and
    its negation first, then random {-1, 0, 1} directions.  [] when nothing was needed; None when no
    candidate works."""
    if not (need_down or need_up):
        return []
    top = dl.index_set_point(data, dims, builds.top_index(dims))
    top_neg = dl.index_set_point(data, dims, builds.top_index(dims), sign=-1)
    rng = random.Random(seed)

    def candidates():
        for T in (top, top_neg):
            yield [dl.sub(A, B) for A, B in zip(T, Ws)]
        for _ in range(tries):
            yield [dl.parse_weights([[[rng.choice((-1, 0, 0, 1)) for _ in range(W.ncols)] for _ in range(W.nrows)]])[0]
                   for W in Ws]

    down = up = None
    for V in candidates():
        d, u = directions(dl.univariate_coeffs(dl.scaled_path_loss(Ws, V, data.X, data.Y)))
        if (d or not need_down) and (u or not need_up):
            return [V]
        if d and down is None:
            down = V
        if u and up is None:
            up = V
        if (down is not None or not need_down) and (up is not None or not need_up):
            return [x for x in (down, up) if x is not None]
    return None


# ------------------------------------------------------------------------------ point classification
def _kyfan(ctx, objects, dims):
    """(obligations, bound or None): the PSD certificates of the Ky Fan bound and its value."""
    if "KF.Z" not in objects:
        return [], None
    vals, obs = inertia(ctx, objects, ["KF.Z", "KF.tIZS"])
    if vals["KF.Z"][1] or vals["KF.tIZS"][1]:
        return obs, None
    p, dy = builds.hidden_min(dims), dims[-1]
    Z = objects["KF.Z"]
    trZ = sum((Z.rows[i][i] for i in range(dy)), 0)
    return obs, (dl.trace(objects["KF.YYt"]) - (p * objects["KF.t"].rows[0][0] + trZ)) / 2


def classify(objects, params, ctx, mode):
    """mode "ii" (kaw.t23ii: global or saddle, with paths), "iv" (kaw.t23iv: + rank of W_H...W_2), "h1"."""
    data, dims = builds.instance(params)
    tags = builds.point_specs(params)
    obs = hypothesis_obligations(ctx, objects)
    kobs, bound = _kyfan(ctx, objects, dims)
    obs += kobs
    crit = critical_tags(objects, tags)
    ivals, o = inertia(ctx, objects, [f"{t}.hess" for t in crit])
    obs += o
    mids = {}
    if mode == "iv":
        mids, o = ranks(ctx, objects, [f"{t}.mid" for t in crit])
        obs += o
    layers = {t: [objects[f"{t}.W{k}"] for k in range(1, len(dims))] for t, _ in tags}
    paths, lines, failed = {}, list(notes.CERTIFICATES), []
    for tag, spec in tags:
        if tag not in crit:
            lines.append(f"{tag} ({builds.describe(spec)}): not a critical point (the statement is vacuous there)")
            continue
        pi, ni, zi = ivals[f"{tag}.hess"]
        xr0 = is_zero(objects[f"{tag}.Xr"])
        kf = bound is not None and objects[f"{tag}.loss"].rows[0][0] == bound
        glob = "global minimum (X r = 0)" if xr0 else "global minimum (attains the Ky Fan bound)" if kf else None
        cls = glob
        if mode == "ii" and glob is None:
            found = find_paths(layers[tag], data, dims, ni == 0, pi == 0, ctx.seed + tag.encode())
            if found is None:
                failed.append(tag)
                cls = "UNCERTIFIED: semidefinite Hessian and no descent/ascent path found"
            else:
                if found:
                    paths[tag] = [encode_direction(V) for V in found]
                cls = "saddle" + (f" (by {len(found)} path(s))" if found else " (indefinite Hessian)")
        elif glob is None:
            cls = "negative eigenvalue" if ni else "NEITHER a certified global minimum NOR n- > 0"
            if not ni:
                failed.append(tag)
        extra = f", rank(W_H...W_2) = {mids[f'{tag}.mid']}" if mode == "iv" else ""
        lines.append(f"{tag} ({builds.describe(spec)}): inertia {[pi, ni, zi]}, {cls}{extra}")
    if bound is not None:
        lines += notes.kyfan_lines(objects, dims, bound)
    if failed:
        lines.append(f"points without a certificate (the case is UNKNOWN): {failed}")
    return Proof(obs, witness={"paths": paths} if paths else None, notes=lines)


def t23ii(objects, params, ctx):
    return classify(objects, params, ctx, "ii")


def t23iv(objects, params, ctx):
    return classify(objects, params, ctx, "iv")


def c24h1(objects, params, ctx):
    return classify(objects, params, ctx, "h1")


# ------------------------------------------------------------------------------ lemmas
def lemmas(objects, params, ctx, which):
    tags = builds.point_specs(params)
    H = builds.depth(builds.dims_of(params))
    obs = hypothesis_obligations(ctx, objects)
    crit = critical_tags(objects, tags)
    lines = []
    if which == "l42":
        for t in crit:
            lines.append(f"{t}: product = C(C^T C)^- C^T Y X^T (XX^T)^-1: {objects[f'{t}.prod'] == objects[f'{t}.l42rhs']}")
        return Proof(obs, notes=lines)
    ivals, o = inertia(ctx, objects, [f"{t}.hess" for t in crit])
    obs += o
    need = []
    for t in crit:
        pi, ni, _ = ivals[f"{t}.hess"]
        applies = ni == 0 if which == "l46" else (ni == 0 or pi == 0)
        lines.append(f"{t}: inertia {list(ivals[f'{t}.hess'])}, hypothesis {'holds' if applies else 'fails (vacuous)'}")
        if not applies:
            continue
        if which == "l44":
            need += [f"{t}.CtC"] + [f"{t}.aug{k}" for k in range(2, H + 2)]
        elif which == "c45":
            need += [n for k in range(2, H + 2) for n in (f"{t}.top{k}", f"{t}.B{k}")]
        else:
            need.append(f"{t}.C")
    obs += ranks(ctx, objects, need)[1]
    return Proof(obs, notes=lines)


# ------------------------------------------------------------------------------ single points
def t23i(objects, params, ctx):
    v, o = inertia(ctx, objects, ["P0.hess"])
    return Proof(hypothesis_obligations(ctx, objects) + o, notes=notes.t23i(v["P0.hess"]))


def c24h2(objects, params, ctx):
    data, dims = builds.instance(params)
    v, o = inertia(ctx, objects, ["P0.hess"])
    pi, ni, _ = v["P0.hess"]
    Ws = [objects[f"P0.W{k}"] for k in range(1, len(dims))]
    found = find_paths(Ws, data, dims, ni == 0, pi == 0, ctx.seed + b"P0") if is_zero(objects["P0.grad"]) else None
    witness = {"paths": {"P0": [encode_direction(V) for V in found]}} if found else None
    return Proof(hypothesis_obligations(ctx, objects) + o, witness=witness, notes=notes.c24h2(v["P0.hess"], found))


def c24proof(objects, params, ctx):
    hess = objects["P0.hess"]
    nz = [(i, j) for i in range(hess.nrows) for j in range(hess.ncols) if hess.rows[i][j] != 0]
    return Proof([], notes=notes.c24proof(nz, hess))


def roots_in_range(entry, lo, hi, lc, hc):
    """The real roots of a univariate polynomial in eps inside the range (sympy, exact algebraic
    numbers), sorted; None for the zero polynomial (it vanishes everywhere)."""
    import sympy

    cs = dl.univariate_coeffs(entry, "eps")
    if all(c == 0 for c in cs):
        return None
    e = sympy.Symbol("eps")
    poly = sympy.Poly(sum(sympy.Rational(str(c)) * e ** k for k, c in enumerate(cs)), e)
    out = []
    for x in sorted(set(sympy.real_roots(poly)), key=lambda r: float(r)):
        if (x > lo or (lc and x == lo)) and (x < hi or (hc and x == hi)):
            out.append(x)
    return out


def caseIII(objects, params, ctx):
    """Inertia and ranks at W = 0; for the notes, the smallest eps in the range where the construction
    fails (the grad and minor polynomials are sums of squares: they fail exactly at their roots)."""
    dims = builds.case3_dims(params)
    H = builds.depth(dims)
    lo, hi, lc, hc = builds.case3_range(params)
    v, o = inertia(ctx, objects, ["hess0"])
    obs = hypothesis_obligations(ctx, objects) + o + ranks(ctx, objects, ["mid0", "C0"])[1]
    fails = {}
    for name in ["grad_norm2_eps"] + [f"minors{k}_eps" for k in range(1, H + 1)]:
        roots = roots_in_range(objects[name].rows[0][0], lo, hi, lc, hc)
        if roots is None:
            fails[name] = "everywhere (the polynomial is 0)"
        elif roots:
            fails[name] = roots[0]
    return Proof(obs, notes=notes.caseIII(dims, v["hess0"], (lo, hi, lc, hc), fails,
                                          objects["loss_eps"] == objects["loss0"]))
