"""Trusted builds of the Kawaguchi (002) claims on deep linear networks: the data, the set of
points a statement covers (fixed by the params before anything is proved), and the exact objects
of each point.  Kernel types and `verify.builders.deep_linear` only: no engine, no float, no search.

The only untrusted input is a witness where the statement quantifies over one (`__init__`):
directions V of polynomial paths W(t) = W + t V at the points of kaw.t23ii / kaw.c24.h2.  `build`
checks their form (one exact rational matrix per layer, the layer's shape, a point the params fix)
and derives the loss along the path from the trusted network (`deep_linear.scaled_path_loss`).
"""

from fractions import Fraction
from itertools import combinations

from ...builders import deep_linear as dl
from ...builders.matrices import add, scale, vstack, zeros
from ...cases.numbers import exact_number
from ...kernel.exact import Matrix, matmul, norm
from ...builders.matrices import identity
from ...kernel.poly import Poly

MAX_PATHS = 4            # directions per point a witness may give
MAX_WITNESS_DIGITS = 60  # digits of a witness entry's numerator or denominator


# ------------------------------------------------------------------------------ params
def exact(x, where):
    """An exact rational from params or a witness, in the case-file grammar; ValueError otherwise."""
    return exact_number(x, where)


def exact_matrix(rows, shape, where):
    if not (isinstance(rows, list) and all(isinstance(r, list) for r in rows)):
        raise ValueError(f"{where}: a matrix is a list of rows")
    if shape is not None and (len(rows), len(rows[0]) if rows else 0) != tuple(shape):
        raise ValueError(f"{where}: shape must be {shape[0]} x {shape[1]}")
    n = len(rows[0]) if rows else 0
    if any(len(r) != n for r in rows):
        raise ValueError(f"{where}: ragged rows")
    return Matrix(len(rows), n, [[exact(x, where) for x in r] for r in rows])


def dims_of(params):
    dims = params.get("dims")
    if not (isinstance(dims, list) and len(dims) >= 3
            and all(isinstance(d, int) and not isinstance(d, bool) and d >= 1 for d in dims)):
        raise ValueError("params.dims: a list [d_x, d_1, ..., d_H, d_y] of positive integers (H >= 1)")
    return dims


def depth(dims):
    return len(dims) - 2


def hidden_min(dims):
    """p = min(d_1, ..., d_H)."""
    return min(dims[1:-1])


def instance(params):
    """(data, dims): data with exact spectral data satisfying Theorem 2.3's assumptions (make_data)."""
    dims = dims_of(params)
    if params.get("skip_uncertified"):
        raise ValueError("params.skip_uncertified is gone: a point that cannot be certified makes the case UNKNOWN")
    data = dl.make_data(dims[0], dims[-1], m=params.get("m"), seed=params.get("seed", 0), sv=params.get("sv"))
    return data, dims


def no_witness(witness):
    if witness is not None:
        raise ValueError("this statement takes no witness: its instance is fixed by the params")


# ------------------------------------------------------------------------------ the points a statement covers
def top_index(dims):
    return list(range(min(hidden_min(dims), dims[-1])))


def default_specs(dims):
    """Every index set I (|I| <= min(p, d_y)) with sign +1, the top set with sign -1, and points with
    zero layers (all layers; W_1..W_H; W_1 and W_(H+1))."""
    H, dy = depth(dims), dims[-1]
    specs = [{"kind": "index", "I": list(I)} for s in range(1, min(hidden_min(dims), dy) + 1)
             for I in combinations(range(dy), s)]
    specs.append({"kind": "index", "I": top_index(dims), "sign": -1})
    specs.append({"kind": "zero", "zero": list(range(1, H + 2))})
    if H >= 2:
        specs += [{"kind": "zero", "zero": list(range(1, H + 1))}, {"kind": "zero", "zero": [1, H + 1]}]
    else:
        specs.append({"kind": "zero", "zero": [1, 2]})
    return specs


def point_specs(params):
    """The points of a statement: params.points, or the default set; [(tag, spec)]."""
    dims = dims_of(params)
    specs = params.get("points") or default_specs(dims)
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise ValueError("params.points: a list of point specifications")
    return [(f"P{i}", s) for i, s in enumerate(specs)]


def layer_shapes(dims):
    return [(dims[k], dims[k - 1]) for k in range(1, len(dims))]


def parse_layers(spec, dims, where):
    if not (isinstance(spec, list) and len(spec) == len(dims) - 1):
        raise ValueError(f"{where}: one matrix per layer W_1 .. W_(H+1)")
    return [exact_matrix(W, s, f"{where}[{k}]") for k, (W, s) in enumerate(zip(spec, layer_shapes(dims)))]


def make_point(spec, data, dims, where="params.points"):
    H, dy = depth(dims), dims[-1]
    kind = spec.get("kind")
    if kind == "index":
        I, sign, mid = spec.get("I"), spec.get("sign", 1), spec.get("mid_rank")
        if not (isinstance(I, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in I)
                and len(set(I)) == len(I) and all(0 <= i < dy for i in I) and len(I) <= hidden_min(dims)):
            raise ValueError(f"{where}: I must be distinct 0-based eigenvector indices, at most p of them")
        if sign not in (1, -1) or not (mid is None or (isinstance(mid, int) and 0 <= mid <= len(I))):
            raise ValueError(f"{where}: sign is +-1, mid_rank an integer in 0..|I|")
        return dl.index_set_point(data, dims, list(I), sign=sign, mid_rank=mid)
    if kind == "zero":
        zero = spec.get("zero")
        if not (isinstance(zero, list) and all(isinstance(k, int) and 1 <= k <= H + 1 for k in zero)):
            raise ValueError(f"{where}: zero lists layer numbers 1..H+1")
        fill = {}
        for k, W in (spec.get("fill") or {}).items():
            k = int(k)
            if not 1 <= k <= H + 1:
                raise ValueError(f"{where}: fill names layers 1..H+1")
            fill[k] = exact_matrix(W, layer_shapes(dims)[k - 1], f"{where}.fill.{k}")
        return dl.zero_layers_point(dims, set(zero), fill=fill, seed=spec.get("seed", 0))
    if kind == "weights":
        return parse_layers(spec.get("W"), dims, f"{where}.W")
    raise ValueError(f"{where}: unknown point kind {kind!r} (index | zero | weights)")


def describe(spec):
    if spec.get("kind") == "index":
        s = " sign -" if spec.get("sign", 1) == -1 else ""
        mid = f" mid_rank={spec['mid_rank']}" if spec.get("mid_rank") is not None else ""
        return f"index set I={[i + 1 for i in spec['I']]}{s}{mid}"
    if spec.get("kind") == "zero":
        return f"zero layers {spec['zero']}"
    return "explicit weights"


# ------------------------------------------------------------------------------ objects
def hypothesis_objects(data):
    """Theorem 2.3's assumptions as objects: XX^T, XY^T (full rank), Sigma = U Lam U^T with U^T U = I
    and the eigenvalues `lam` (strictly decreasing: distinct)."""
    dy = data.dy
    Lam = Matrix.from_rows([[data.lam[i] if i == j else 0 for j in range(dy)] for i in range(dy)])
    return {"X": data.X, "Y": data.Y, "XXt": matmul(data.X, data.X.T), "XYt": matmul(data.X, data.Y.T),
            "Sigma": data.Sigma, "U": data.U, "UtU": matmul(data.U.T, data.U), "I_dy": identity(dy),
            "ULUt": matmul(matmul(data.U, Lam), data.U.T), "lam": Matrix.from_rows([data.lam])}


def point_objects(tag, Ws, data):
    """A point's layers, gradient, Hessian (paper order), loss and X r (r = (Yhat - Y)^T)."""
    X, Y = data.X, data.Y
    out = {f"{tag}.W{k}": W for k, W in enumerate(Ws, start=1)}
    out[f"{tag}.grad"] = dl.gradient(Ws, X, Y)
    out[f"{tag}.hess"] = dl.hessian(Ws, X, Y)
    out[f"{tag}.loss"] = dl.one_by_one(dl.loss(Ws, X, Y))
    out[f"{tag}.Xr"] = matmul(X, dl.residual(Ws, X, Y).T)
    return out


def path_coefficients(Ws, V, data):
    """[c_0, ..., c_deg] of l(t) = L(W + t V), from the trusted network by exact polynomial arithmetic."""
    return Matrix.from_rows([dl.univariate_coeffs(dl.scaled_path_loss(Ws, V, data.X, data.Y))])


def path_objects(witness, tags, layers, dims, data):
    """`{tag}.path{j}` for each direction the witness gives: {"paths": {tag: [V, ...]}}, V one exact
    matrix per layer of that layer's shape."""
    if witness is None:
        return {}
    if not (isinstance(witness, dict) and set(witness) == {"paths"} and isinstance(witness["paths"], dict)):
        raise ValueError('a witness is {"paths": {point tag: [direction, ...]}}')
    out = {}
    for tag, dirs in witness["paths"].items():
        if tag not in tags:
            raise ValueError(f"witness path at {tag!r}: no such point (the points are {sorted(tags)})")
        if not (isinstance(dirs, list) and 1 <= len(dirs) <= MAX_PATHS):
            raise ValueError(f"witness paths at {tag}: a list of 1..{MAX_PATHS} directions")
        for j, V in enumerate(dirs):
            Vm = parse_layers(V, dims, f"witness.paths.{tag}[{j}]")
            for M in Vm:
                for x in M.entries():
                    f = Fraction(x)
                    if max(len(str(abs(f.numerator))), len(str(f.denominator))) > MAX_WITNESS_DIGITS:
                        raise ValueError(f"witness.paths.{tag}[{j}]: entry too large")
            out[f"{tag}.path{j}"] = path_coefficients(layers[tag], Vm, data)
    return out


def kyfan_applies(dims):
    return hidden_min(dims) < dims[-1]


def kyfan_objects(data, dims):
    """The Ky Fan / Eckart-Young lower bound for p < d_y (notes.KYFAN): KF.t = lambda_p,
    KF.Z = U diag(lambda_k - lambda_p, k < p) U^T, KF.tIZS = t I + Z - Sigma, KF.YYt = Y Y^T.  The bound
    needs only Sigma and the two PSD facts the kernel checks; U and lambda make it tight."""
    p, dy = hidden_min(dims), data.dy
    t = data.lam[p - 1]
    Zd = Matrix.from_rows([[norm(data.lam[i] - t) if (i == j and i < p) else 0 for j in range(dy)] for i in range(dy)])
    Z = matmul(matmul(data.U, Zd), data.U.T)
    return {"KF.t": dl.one_by_one(t), "KF.Z": Z, "KF.tIZS": dl.sub(add(scale(t, identity(dy)), Z), data.Sigma),
            "KF.YYt": matmul(data.Y, data.Y.T)}


def _points(params):
    data, dims = instance(params)
    tags = point_specs(params)
    objs = hypothesis_objects(data)
    layers = {}
    for tag, spec in tags:
        Ws = make_point(spec, data, dims, f"params.points[{tag[1:]}]")
        layers[tag] = Ws
        objs.update(point_objects(tag, Ws, data))
    return data, dims, tags, layers, objs


def build_classes(params, witness=None):
    """kaw.t23ii, kaw.t23iv, kaw.c24.h1: every point; W_H...W_2 (`mid`); the Ky Fan objects for p < d_y;
    the witness's paths (kaw.t23ii only takes them: `build_t23ii`)."""
    data, dims, tags, layers, objs = _points(params)
    H = depth(dims)
    for tag, _ in tags:
        objs[f"{tag}.mid"] = dl.chain(layers[tag], H, 2, dims)  # identity of d_1 when H = 1
    if kyfan_applies(dims):
        objs.update(kyfan_objects(data, dims))
    objs.update(path_objects(witness, {t for t, _ in tags}, layers, dims, data))
    return objs


def build_no_path_classes(params, witness=None):
    no_witness(witness)
    return build_classes(params)


def build_lemmas(params, witness=None):
    """Lemmas 4.2, 4.4, 4.6 and Corollary 4.5 at every point: C = W_(H+1)...W_2, C^T C, the projector
    C (C^T C)^- C^T (a g-inverse whose defining identity is asserted here), the product, Lemma 4.2's
    right side, U_j U_j^T for every j = 0..d_y (Lemma 4.6 picks j = rank C, a kernel fact), and per
    k = 2..H+1: [C^T C; W_(k-1)...W_2], X r W_(H+1)...W_(k+1), W_(H+1)...W_k, W_(k-1)...W_2."""
    no_witness(witness)
    data, dims, tags, layers, objs = _points(params)
    H, dy = depth(dims), data.dy
    for j in range(dy + 1):
        Uj = data.U_cols(list(range(j)))
        objs[f"U{j}U{j}t"] = matmul(Uj, Uj.T)
    for tag, _ in tags:
        Ws = layers[tag]
        C = dl.chain(Ws, H + 1, 2, dims)
        CtC = matmul(C.T, C)
        G = dl.g_inverse(CtC)
        if matmul(matmul(CtC, G), CtC) != CtC:
            raise RuntimeError(f"builder bug: g_inverse is not a generalised inverse of C^T C at {tag}")
        proj = matmul(matmul(C, G), C.T)
        R = dl.residual(Ws, data.X, data.Y)
        objs.update({f"{tag}.C": C, f"{tag}.CtC": CtC, f"{tag}.projC": proj, f"{tag}.prod": dl.product(Ws),
                     f"{tag}.l42rhs": matmul(proj, data.P_ols)})
        for k in range(2, H + 2):
            Bk = dl.chain(Ws, k - 1, 2, dims)  # W_(k-1)...W_2 (identity of d_1 when k = 2)
            objs[f"{tag}.aug{k}"] = vstack([CtC, Bk])  # rank [C^T C; B] = rank C^T C iff R(B^T) in R(C^T C)
            objs[f"{tag}.XrA{k}"] = matmul(matmul(data.X, R.T), dl.A_of(Ws, k, dims))
            objs[f"{tag}.top{k}"] = dl.chain(Ws, H + 1, k, dims)
            objs[f"{tag}.B{k}"] = Bk
    return objs


# ------------------------------------------------------------------------------ Theorem 2.3 (i), Corollary 2.4
def build_t23i(params, witness=None):
    """W_1 = W_(H+1) = 0, the middle layers small nonzero integers (seed)."""
    no_witness(witness)
    data, dims = instance(params)
    H = depth(dims)
    objs = hypothesis_objects(data)
    Ws = dl.zero_layers_point(dims, {1, H + 1}, seed=params.get("seed", 0))
    objs.update(point_objects("P0", Ws, data))
    return objs


def zero_point(params, data, dims):
    """W_1 = ... = W_H = 0 and W_(H+1) = params.W_top (default 0; 'symbolic': a matrix of variables)."""
    H = depth(dims)
    top = params.get("W_top")
    if top is None:
        W = zeros(dims[-1], dims[-2])
    elif top == "symbolic":
        W = dl.symbolic_matrix(dims[-1], dims[-2], "top")
    else:
        W = exact_matrix(top, (dims[-1], dims[-2]), "params.W_top")
    return [zeros(dims[k], dims[k - 1]) for k in range(1, H + 1)] + [W]


def build_c24h2(params, witness=None):
    data, dims = instance(params)
    if depth(dims) < 2:
        raise ValueError("params.dims: Corollary 2.4's second part is about H >= 2")
    if params.get("W_top") == "symbolic":
        raise ValueError("params.W_top: a matrix here (the point must be numeric)")
    Ws = zero_point(params, data, dims)
    objs = hypothesis_objects(data)
    objs.update(point_objects("P0", Ws, data))
    objs.update(path_objects(witness, {"P0"}, {"P0": Ws}, dims, data))
    return objs


def build_c24proof(params, witness=None):
    no_witness(witness)
    data, dims = instance(params)
    Ws = zero_point(params, data, dims)
    return {"X": data.X, "Y": data.Y, "P0.hess": dl.hessian(Ws, data.X, data.Y)}


def build_sign(params, witness=None):
    """C.1's display: the losses at +-U_p U_p^T Y X^T (XX^T)^-1 (index-set points) and the display's values."""
    no_witness(witness)
    data, dims = instance(params)
    I = top_index(dims)
    plus = dl.index_set_point(data, dims, I, sign=1)
    minus = dl.index_set_point(data, dims, I, sign=-1)
    trYY = dl.trace(matmul(data.Y, data.Y.T))
    s = sum((Fraction(data.lam[i]) for i in I), Fraction(0))
    UI = data.U_cols(I)
    target = matmul(matmul(UI, UI.T), data.P_ols)  # U_p U_p^T Y X^T (XX^T)^-1
    return {"X": data.X, "Y": data.Y, "prod_plus": dl.product(plus), "prod_minus": dl.product(minus),
            "target_plus": target, "target_minus": scale(-1, target),
            "loss_plus": dl.one_by_one(dl.loss(plus, data.X, data.Y)),
            "loss_minus": dl.one_by_one(dl.loss(minus, data.X, data.Y)),
            "display_plus": dl.one_by_one(Fraction(1, 2) * (trYY - s)),
            "display_minus": dl.one_by_one(Fraction(1, 2) * (trYY + s)),
            "corrected_minus": dl.one_by_one(Fraction(1, 2) * (trYY + 3 * s)),
            "loss_zero": dl.one_by_one(Fraction(1, 2) * trYY)}


# ------------------------------------------------------------------------------ B.1 Case III
def case3_dims(params):
    dims = dims_of(params)
    if depth(dims) < 2:
        raise ValueError("params.dims: Case III needs H >= 2")
    return dims


def case3_path(dims, e):
    """The proof's perturbation at W = 0 (p_bar = 0, G_k = I): W_k(eps) = eps [I 0] for k <= H, W_(H+1) = 0."""
    H = depth(dims)
    out = []
    for k in range(1, H + 2):
        if k <= H:
            out.append(scale(e, dl._embed(identity(min(dims[k], dims[k - 1])), dims[k], dims[k - 1])))
        else:
            out.append(zeros(dims[k], dims[k - 1]))
    return out


def case3_range(params):
    """The stated range of eps: params.eps_range [lo, hi, lo_closed, hi_closed], or (0, params.eps]
    (default eps = 1/1000: "arbitrarily small" perturbations up to that size)."""
    if "eps_range" in params:
        if "eps" in params:
            raise ValueError("params: give eps_range or eps, not both")
        rng = params["eps_range"]
        if not (isinstance(rng, list) and len(rng) == 4 and all(isinstance(b, bool) for b in rng[2:])):
            raise ValueError("params.eps_range: [lo, hi, lo_closed, hi_closed]")
        lo, hi = exact(rng[0], "params.eps_range[0]"), exact(rng[1], "params.eps_range[1]")
        lc, hc = rng[2], rng[3]
    else:
        lo, hi, lc, hc = 0, exact(params.get("eps", "1/1000"), "params.eps"), False, True
    if not lo < hi:
        raise ValueError("params.eps_range: lo < hi")
    return lo, hi, lc, hc


def build_caseIII(params, witness=None):
    """W = 0 and the proof's perturbation W(eps) with eps a polynomial variable: the loss at 0 and along
    W(eps), the gradient's squared norm along W(eps), and per k <= H the product W_k(eps)...W_1(eps)
    with the sum of squares of its p_hat x p_hat minors (p_hat = min(p, d_y)), a polynomial in eps
    that has no root exactly where rank >= p_hat."""
    no_witness(witness)
    dims = case3_dims(params)
    case3_range(params)
    data, _ = instance(params)
    H = depth(dims)
    phat = min(hidden_min(dims), dims[-1])
    W0 = [zeros(dims[k], dims[k - 1]) for k in range(1, H + 2)]
    Wt = case3_path(dims, Poly.var("eps"))
    g = dl.gradient(Wt, data.X, data.Y)
    objs = hypothesis_objects(data)
    objs.update({"loss0": dl.one_by_one(dl.loss(W0, data.X, data.Y)),
                 "loss_eps": dl.one_by_one(dl.loss(Wt, data.X, data.Y)),
                 "hess0": dl.hessian(W0, data.X, data.Y), "grad0": dl.gradient(W0, data.X, data.Y),
                 "mid0": dl.chain(W0, H, 2, dims), "C0": dl.chain(W0, H + 1, 2, dims),
                 "grad_norm2_eps": dl.one_by_one(dl.frob2(g))})
    for k in range(1, H + 1):
        P = dl.chain(Wt, k, 1, dims)
        objs[f"prod{k}_eps"] = P
        objs[f"minors{k}_eps"] = dl.one_by_one(dl.minors_square_sum(P, phat))
    return objs
