"""Shared pieces of the Kawaguchi (002) claims: instances, critical points, their objects, and the
expressions that certify "global minimum", "not a local minimum", "not a local maximum".

Certificates used (each rigorous on its own):
- global minimum: X r = 0 (the point attains the unconstrained least-squares minimum, a lower bound
  for every product W_{H+1}...W_1);
- not a local minimum: an inertia with n- > 0 at a critical point, or a polynomial path
  W(t) = W + t V whose loss l(t) - l(0) has its lowest nonzero coefficient negative (or of odd
  order), or a point with strictly lower loss (only "not global");
- not a local maximum: n+ > 0, or a path with lowest nonzero coefficient positive (or odd order).
"""

from fractions import Fraction

from ..errors import CaseError, Unknown
from ..builders import deep_linear as dl
from ..kernel.exact import Matrix, identity, matmul, norm

FILE = "<params>"


def _bad(key, msg):
    raise CaseError(FILE, "-", f"params.{key}", msg)


def instance(params):
    """(data, dims) from params {dims: [d_x, d_1.., d_y], seed, m, sv}."""
    dims = params.get("dims")
    if not (isinstance(dims, list) and len(dims) >= 3 and all(isinstance(d, int) and d >= 1 for d in dims)):
        _bad("dims", "a list [d_x, d_1, ..., d_H, d_y] of positive integers (H >= 1)")
    data = dl.make_data(dims[0], dims[-1], m=params.get("m"), seed=params.get("seed", 0), sv=params.get("sv"))
    return data, dims


def top_index(data, dims):
    p = min(dims[1:-1])
    return list(range(min(p, data.dy)))


def make_point(spec, data, dims):
    kind = spec.get("kind")
    if kind == "index":
        return dl.index_set_point(data, dims, list(spec["I"]), sign=spec.get("sign", 1), mid_rank=spec.get("mid_rank"))
    if kind == "zero":
        fill = None
        if "fill" in spec:
            fill = {int(k): dl.parse_weights([w])[0] for k, w in spec["fill"].items()}
        return dl.zero_layers_point(dims, set(spec["zero"]), fill=fill, seed=spec.get("seed", 0))
    if kind == "weights":
        return dl.parse_weights(spec["W"])
    _bad("points", f"unknown point kind {kind!r} (index | zero | weights)")


def default_points(data, dims):
    """Every index set I (|I| <= min(p, d_y)) with sign +1, the top set with sign -1, and zero-layer points."""
    from itertools import combinations

    H = len(dims) - 2
    p = min(dims[1:-1])
    specs = []
    for s in range(1, min(p, data.dy) + 1):
        for I in combinations(range(data.dy), s):
            specs.append({"kind": "index", "I": list(I)})
    specs.append({"kind": "index", "I": top_index(data, dims), "sign": -1})
    specs.append({"kind": "zero", "zero": list(range(1, H + 2))})
    if H >= 2:
        specs.append({"kind": "zero", "zero": list(range(1, H + 1))})
        specs.append({"kind": "zero", "zero": [1, H + 1]})
    else:
        specs.append({"kind": "zero", "zero": [1, 2]})
    return specs


def hypothesis_objects(data):
    """Objects for the hypotheses of Theorem 2.3: XX^T, XY^T, Sigma = U diag(lam) U^T, U^T U = I."""
    dy = data.dy
    Lam = Matrix.from_rows([[data.lam[i] if i == j else 0 for j in range(dy)] for i in range(dy)])
    return {
        "X": data.X, "Y": data.Y, "XXt": matmul(data.X, data.X.T), "XYt": matmul(data.X, data.Y.T),
        "Sigma": data.Sigma, "U": data.U, "UtU": matmul(data.U.T, data.U), "I_dy": identity(dy),
        "ULUt": matmul(matmul(data.U, Lam), data.U.T), "lam": Matrix.from_rows([data.lam]),
    }


def hypothesis_proof(objects, ctx):
    """Obligations + expression: rank XX^T = d_x, rank XY^T = d_y, d_y <= d_x, Sigma = U Lam U^T with
    U orthogonal, eigenvalues strictly decreasing (so distinct)."""
    obs = []
    for name in ("XXt", "XYt"):
        obs += ctx.engines.rank_certificate(objects[name], name, method=ctx.method, seed=ctx.seed)[1]
    obs.append({"rule": "equal", "lhs": "UtU", "rhs": "I_dy", "label": "U orthogonal"})
    obs.append({"rule": "equal", "lhs": "ULUt", "rhs": "Sigma", "label": "Sigma = U Lam U^T"})
    dy = objects["Y"].nrows
    expr = {"and": [
        {"eq": [{"rank": "XXt"}, {"nrows": "X"}]},
        {"eq": [{"rank": "XYt"}, {"nrows": "Y"}]},
        {"le": [{"nrows": "Y"}, {"nrows": "X"}]},
        {"fact": "U orthogonal"}, {"fact": "Sigma = U Lam U^T"},
    ] + [{"gt": [{"entry": ["lam", 0, i]}, {"entry": ["lam", 0, i + 1]}]} for i in range(dy - 1)]}
    return obs, expr


def point_objects(tag, Ws, data, top, top_neg):
    """Objects of one point: its layers, gradient, Hessian, loss, X r, and two path polynomials
    (towards the top index-set point and its sign-flipped copy)."""
    X, Y = data.X, data.Y
    out = {f"{tag}.W{k}": W for k, W in enumerate(Ws, start=1)}
    out[f"{tag}.grad"] = dl.gradient(Ws, X, Y)
    out[f"{tag}.hess"] = dl.hessian(Ws, X, Y)
    out[f"{tag}.loss"] = dl.one_by_one(dl.loss(Ws, X, Y))
    out[f"{tag}.Xr"] = matmul(X, dl.residual(Ws, X, Y).T)
    for name, tgt in (("up", top), ("dn", top_neg)):
        V = [dl.sub(T, W) for T, W in zip(tgt, Ws)]
        cs = dl.univariate_coeffs(dl.scaled_path_loss(Ws, V, X, Y))
        out[f"{tag}.path_{name}"] = Matrix.from_rows([cs])
    return out


def lowest_coeff_expr(name, ncoef, want):
    """The lowest nonzero coefficient c_k (k >= 1) of the path row `name` makes the loss go `want`
    ("down" or "up") arbitrarily close to t = 0: c_k < 0 (down) / c_k > 0 (up), or k odd (both)."""
    alts = []
    for k in range(1, ncoef):
        zeros_before = [{"eq": [{"entry": [name, 0, j]}, 0]} for j in range(1, k)]
        c = {"entry": [name, 0, k]}
        sign = {"lt": [c, 0]} if want == "down" else {"gt": [c, 0]}
        cond = {"or": [sign, {"ne": [c, 0]}]} if k % 2 == 1 else sign
        alts.append({"and": zeros_before + [cond]})
    return {"or": alts} if alts else False


def point_exprs(tag, objects):
    """Expressions for the point `tag` (needs its inertia fact)."""
    nup = objects[f"{tag}.path_up"].ncols
    ndn = objects[f"{tag}.path_dn"].ncols
    inertia = {"inertia": f"{tag}.hess"}
    critical = {"is_zero": f"{tag}.grad"}
    global_min = {"is_zero": f"{tag}.Xr"}
    not_min = {"or": [{"gt": [{"index": [inertia, 1]}, 0]},
                      lowest_coeff_expr(f"{tag}.path_up", nup, "down"),
                      lowest_coeff_expr(f"{tag}.path_dn", ndn, "down")]}
    not_max = {"or": [{"gt": [{"index": [inertia, 0]}, 0]},
                      lowest_coeff_expr(f"{tag}.path_up", nup, "up"),
                      lowest_coeff_expr(f"{tag}.path_dn", ndn, "up")]}
    saddle = {"and": [critical, not_min, not_max]}
    return {"critical": critical, "global": global_min, "not_min": not_min, "not_max": not_max,
            "saddle": saddle, "neg": {"gt": [{"index": [inertia, 1]}, 0]},
            "psd": {"eq": [{"index": [inertia, 1]}, 0]}, "nsd": {"eq": [{"index": [inertia, 0]}, 0]},
            "inertia": inertia}


def facts_of(objects, obligations):
    """Check the obligations with the kernel (as `verify check` will) and return the facts; prove()
    uses them to decide which statement it can certify."""
    from ..kernel.check import check_obligations

    return check_obligations(obligations, objects)[0]


def ev(expr, facts):
    from ..kernel.verdicts import evaluate

    return evaluate(expr, facts)


def tall(M):
    """M or M^T, whichever has at least as many rows as columns (same rank; the rank engine then
    certifies rank <= r by a right kernel)."""
    return M if M.nrows >= M.ncols else M.T


def points_build(params, data, dims):
    specs = params.get("points") or default_points(data, dims)
    top = dl.index_set_point(data, dims, top_index(data, dims))
    top_neg = dl.index_set_point(data, dims, top_index(data, dims), sign=-1)
    objs, tags = {}, []
    for i, spec in enumerate(specs):
        tag = f"P{i}"
        Ws = make_point(spec, data, dims)
        objs.update(point_objects(tag, Ws, data, top, top_neg))
        tags.append((tag, spec))
    return objs, tags


def inertias(objects, tags, ctx, max_dim=400):
    obs, vals = [], {}
    for tag, _ in tags:
        M = objects[f"{tag}.hess"]
        if M.nrows > max_dim:
            raise Unknown(f"Hessian of {tag} is {M.nrows} x {M.nrows}, above the limit {max_dim}")
        v, o = ctx.engines.inertia_certificate(M, f"{tag}.hess", method=ctx.method, seed=ctx.seed)
        obs += o
        vals[f"{tag}.hess"] = v
    return obs, vals


def describe(spec):
    if spec.get("kind") == "index":
        s = "-" if spec.get("sign", 1) == -1 else ""
        return f"index set I={[i + 1 for i in spec['I']]}{' sign ' + s if s else ''}" + (
            f" mid_rank={spec['mid_rank']}" if spec.get("mid_rank") is not None else "")
    if spec.get("kind") == "zero":
        return f"zero layers {spec['zero']}"
    return "explicit weights"


__all__ = ["instance", "make_point", "default_points", "hypothesis_objects", "hypothesis_proof",
           "point_objects", "point_exprs", "lowest_coeff_expr", "facts_of", "ev", "tall", "points_build", "inertias",
           "describe", "top_index", "Fraction", "norm"]
