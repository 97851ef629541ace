"""Kawaguchi, "Deep Learning without Poor Local Minima" (paper 002): Theorem 2.3, Corollary 2.4 and
its proof, the lemmas of section 4 and appendix A on exact instances of deep linear networks.

Every instance is built by `verify.builders.deep_linear` (exact data with rational eigenvectors,
constructed critical points, the exact gradient and Kronecker-block Hessian); the engines certify
ranks and inertias; the predicates combine those facts with exact entries and equalities.
"""

from fractions import Fraction

from ..builders import deep_linear as dl
from ..errors import CaseError, Unknown
from ..kernel.exact import Matrix, identity, is_zero, matmul, norm
from ..builders.matrices import add, hstack, kron, scale, vstack
from ..kernel.poly import Poly
from .base import Claim, Proof
from . import kawaguchi_common as kc

SRC = "002 Kawaguchi 2016"


def _eng(ctx, M, name):
    return ctx.engines.rank_certificate(M, name, method=ctx.method, seed=ctx.seed)


# ------------------------------------------------------------------------------ point-classification claims
def _build_points(params, witness=None):
    data, dims = kc.instance(params)
    objs = kc.hypothesis_objects(data)
    pobjs, _ = kc.points_build(params, data, dims)
    objs.update(pobjs)
    H = len(dims) - 2
    # per-point extra objects for rank conditions
    specs = params.get("points") or kc.default_points(data, dims)
    for i, spec in enumerate(specs):
        tag = f"P{i}"
        Ws = [objs[f"{tag}.W{k}"] for k in range(1, H + 2)]
        objs[f"{tag}.mid"] = kc.tall(dl.chain(Ws, H, 2, dims))  # W_H ... W_2 (identity when H = 1)
    return objs


def _tags(params):
    data, dims = kc.instance(params)
    specs = params.get("points") or kc.default_points(data, dims)
    return [(f"P{i}", s) for i, s in enumerate(specs)], dims


def _prove_classes(objects, params, ctx, mode, extra_global=None):
    """extra_global: optional (objects, ctx, tags, dims) -> (obligations, tag -> expression, notes): a further
    certificate of "global minimum" (the Ky Fan bound of kaw.t23ii), or'ed with X r = 0."""
    tags, dims = _tags(params)
    H = len(dims) - 2
    p = min(dims[1:-1])
    obs, hyp = kc.hypothesis_proof(objects, ctx)
    iobs, ivals = kc.inertias(objects, tags, ctx)
    obs += iobs
    parts, notes, skipped = [hyp], [], []
    report = {}
    for tag, spec in tags:
        if mode == "iv":
            obs += _eng(ctx, objects[f"{tag}.mid"], f"{tag}.mid")[1]
    kf_expr = None
    if extra_global is not None:
        xobs, kf_expr, xnotes = extra_global(objects, ctx, tags, dims)
        obs += xobs
        notes += xnotes
    facts = kc.facts_of(objects, obs)
    for tag, spec in tags:
        e = kc.point_exprs(tag, objects)
        if kf_expr is not None:
            e["global"] = {"or": [e["global"], kf_expr(tag)]}
        crit = kc.ev(e["critical"], facts)
        if not crit:
            notes.append(f"{tag} ({kc.describe(spec)}): not a critical point, skipped by the statement")
            continue
        if mode == "ii":
            stmt = {"or": [e["global"], e["saddle"]]}
        elif mode == "iv":
            stmt = {"implies": [{"and": [{"eq": [{"rank": f"{tag}.mid"}, p]}, e["saddle"]]}, e["neg"]]}
        else:  # h1: every critical point is a certified global minimum or has a negative eigenvalue
            stmt = {"or": [e["global"], e["neg"]]}
        ok = kc.ev(stmt, facts)
        glob = kc.ev(e["global"], facts)
        sad = kc.ev(e["saddle"], facts)
        inert = ivals[f"{tag}.hess"]
        xr0 = kc.ev({"is_zero": f"{tag}.Xr"}, facts)
        cls = ("global minimum (X r = 0)" if xr0 else "global minimum (attains the Ky Fan / Eckart-Young bound)"
               if glob else "saddle (certified)" if sad else "UNCLASSIFIED")
        extra = f", rank(W_H...W_2) = {kc.ev({'rank': f'{tag}.mid'}, facts)}" if mode == "iv" else ""
        notes.append(f"{tag} ({kc.describe(spec)}): inertia {list(inert)}, {cls}{extra}")
        report[f"{tag}.inertia"] = e["inertia"]
        if not ok:
            if mode in ("ii", "h1") and not glob and not sad:
                skipped.append(tag)
                continue
        parts.append({"implies": [e["critical"], stmt]})
    if skipped:
        if not params.get("skip_uncertified"):
            why = ("their loss does not attain the certified Ky Fan lower bound, or the bound's PSD certificates fail"
                   if kf_expr is not None else "a global-minimum certificate for p < d_y (Eckart-Young) is not "
                   "implemented for this claim")
            raise Unknown(f"critical points {skipped} are neither certified global minima (X r = 0) nor certified "
                          "saddles (their Hessian is semidefinite and no descent/ascent path was found); " + why)
        notes.append(f"left out (UNKNOWN, no certificate): {skipped}")
    return Proof(obligations=obs, predicate={"and": parts}, report=report, notes=notes)


# ------------------------------------------------------------------------------ kaw.t23ii: Ky Fan / Eckart-Young bound
KYFAN_DERIVATION = (
    "Ky Fan / Eckart-Young lower bound (p = min hidden width < d_y): for every network W = W_(H+1)...W_1, "
    "rank W <= p (W factors through a hidden layer of width p). With W_ls = Y X^T (XX^T)^-1 (XX^T invertible, certified) the cross term vanishes since "
    "XX^T W_ls^T = XY^T, so ||WX - Y||^2 = ||(W - W_ls)X||^2 + ||W_ls X - Y||^2 and ||W_ls X - Y||^2 = "
    "tr YY^T - tr Sigma (W_ls X X^T W_ls^T = W_ls X Y^T = Sigma = Y X^T (XX^T)^-1 X Y^T). Let P be the "
    "orthogonal projector onto range(W) (rank <= p), enlarged by orthonormal vectors to rank exactly p "
    "(possible as p < d_y). Since (I - P) W = 0, ||(W - W_ls)X||^2 >= ||(I - P)(WX - W_ls X)||^2 = "
    "||(I - P) W_ls X||^2 = tr Sigma - tr(P Sigma). Hence 2 L(W) >= tr YY^T - tr(P Sigma). Ky Fan, SDP-dual "
    "form: for any rational t and symmetric Z with Z >= 0 and tI + Z - Sigma >= 0 (both certified by "
    "inertia, n- = 0), tr(P Sigma) <= tr(P(tI + Z)) = p t + tr(PZ) <= p t + tr Z (tr(P M) = tr(P M P) >= 0 "
    "for M >= 0, and tr((I - P) Z) >= 0). So 2 L(W) >= tr YY^T - (p t + tr Z) for every W; a point whose "
    "loss equals 1/2 (tr YY^T - (p t + tr Z)) is a global minimum. Chosen: t = lambda_p, "
    "Z = sum_(k<p) (lambda_k - lambda_p) u_k u_k^T (rational: U is a rational orthogonal matrix), so "
    "tI + Z - Sigma = sum_(k>p) (lambda_p - lambda_k) u_k u_k^T and p t + tr Z = lambda_1 + ... + lambda_p.")


def _kyfan_applies(dims):
    return min(dims[1:-1]) < dims[-1]


def kyfan_objects(data, dims):
    """Trusted builder objects of the Ky Fan bound for p = min hidden width < d_y:
    KF.t (1 x 1, t = lambda_p), KF.Z = U diag(max(lambda_k - lambda_p, 0)) U^T,
    KF.tIZS = t I + Z - Sigma (computed from the objects Sigma, t, Z themselves), KF.YYt = Y Y^T.
    Soundness of the bound needs only Sigma = Y X^T (XX^T)^-1 X Y^T (the builder's Data.Sigma) and the
    two inertia facts; U and lambda only make the choice good (tight)."""
    p = min(dims[1:-1])
    dy = data.dy
    t = data.lam[p - 1]
    Zd = Matrix.from_rows([[norm(data.lam[i] - t) if (i == j and i < p) else 0 for j in range(dy)] for i in range(dy)])
    Z = matmul(matmul(data.U, Zd), data.U.T)
    tIZS = dl.sub(add(scale(t, identity(dy)), Z), data.Sigma)
    return {"KF.t": dl.one_by_one(t), "KF.Z": Z, "KF.tIZS": tIZS, "KF.YYt": matmul(data.Y, data.Y.T)}


def kyfan_bound_expr(p_expr, dy):
    """1/2 (tr YY^T - (p t + tr Z)) as a kernel expression over the KF objects."""
    trYY = {"add": [{"entry": ["KF.YYt", i, i]} for i in range(dy)]}
    trZ = {"add": [{"entry": ["KF.Z", i, i]} for i in range(dy)]}
    return {"mul": ["1/2", {"sub": [trYY, {"add": [{"mul": [p_expr, {"entry": ["KF.t", 0, 0]}]}, trZ]}]}]}


def kyfan_global(objects, ctx, tags, dims):
    """(obligations, tag -> expression, notes) certifying "the point attains the Ky Fan lower bound of
    the loss, hence is a global minimum" (see KYFAN_DERIVATION). p in the expression is read from the
    point's own layers: min over k <= H of nrows(W_k), the narrowest hidden width."""
    if "KF.Z" not in objects:
        return [], (lambda tag: False), []
    H = len(dims) - 2
    dy = dims[-1]
    obs, vals = [], {}
    for name in ("KF.Z", "KF.tIZS"):
        v, o = ctx.engines.inertia_certificate(objects[name], name, method=ctx.method, seed=ctx.seed)
        obs += o
        vals[name] = v
    psd = [{"eq": [{"index": [{"inertia": n}, 1]}, 0]} for n in ("KF.Z", "KF.tIZS")]

    def expr(tag):
        p_expr = {"min": [{"nrows": f"{tag}.W{k}"} for k in range(1, H + 1)]}
        return {"and": psd + [{"eq": [{"entry": [f"{tag}.loss", 0, 0]}, kyfan_bound_expr(p_expr, dy)]}]}

    p = min(dims[1:-1])
    t = objects["KF.t"].rows[0][0]
    Z = objects["KF.Z"]
    trZ = norm(sum((Z.rows[i][i] for i in range(dy)), 0))
    bound = norm(Fraction(1, 2) * (dl.trace(objects["KF.YYt"]) - (p * t + trZ)))
    notes = [f"Ky Fan certificate: p = {p}, t = {t}, rank Z = {vals['KF.Z'][0] + vals['KF.Z'][1]} (certified inertia), tr Z = {trZ}, "
             f"inertia(Z) = {list(vals['KF.Z'])}, inertia(tI + Z - Sigma) = {list(vals['KF.tIZS'])}, "
             f"p t + tr Z = {norm(p * t + trZ)}, loss lower bound 1/2 (tr YY^T - (p t + tr Z)) = {bound}",
             KYFAN_DERIVATION]
    return obs, expr, notes


def _build_t23ii(params, witness=None):
    objs = _build_points(params)
    data, dims = kc.instance(params)
    if _kyfan_applies(dims):
        objs.update(kyfan_objects(data, dims))
    return objs


def _prove_t23ii(objects, params, ctx):
    """Theorem 2.3 (ii)/(iii) on every constructed critical point; "global minimum" is certified by X r = 0
    or, for p < d_y, by attaining the Ky Fan lower bound (kyfan_global, KYFAN_DERIVATION)."""
    proof = _prove_classes(objects, params, ctx, "ii", extra_global=kyfan_global)
    if "KF.Z" in objects:
        _, dims = kc.instance(params)
        dy = dims[-1]
        p_lit = min(dims[1:-1])
        proof.report["KF.t"] = {"entry": ["KF.t", 0, 0]}
        proof.report["KF.trZ"] = {"add": [{"entry": ["KF.Z", i, i]} for i in range(dy)]}
        proof.report["KF.loss_bound"] = kyfan_bound_expr(p_lit, dy)
    return proof


def _claim_points(cid, title, source, mode, doc):
    return Claim(cid, title, source, _build_points,
                 lambda o, p, c: _prove_classes(o, p, c, mode), params_doc=doc,
                 default_params={"dims": [3, 2, 2], "seed": 1})


POINTS_DOC = ("dims: [d_x, d_1..d_H, d_y]; seed, m, sv: the data (make_data); points: optional list of "
              "{kind: index, I: [0-based], sign, mid_rank} | {kind: zero, zero: [layers], fill: {k: W}} | "
              "{kind: weights, W: [...]}; default: every index set, the negated top set, zero-layer points; "
              "skip_uncertified: leave out points without a certificate (noted)")


# ------------------------------------------------------------------------------ Lemma 4.2 / 4.4 / Cor 4.5 / Lemma 4.6
def _build_lemmas(params, witness=None):
    objs = _build_points(params)
    data, dims = kc.instance(params)
    H = len(dims) - 2
    tags, _ = _tags(params)
    for tag, _spec in tags:
        Ws = [objs[f"{tag}.W{k}"] for k in range(1, H + 2)]
        C = dl.chain(Ws, H + 1, 2, dims)
        CtC = matmul(C.T, C)
        G = dl.g_inverse(CtC)
        objs[f"{tag}.C"] = kc.tall(C)
        objs[f"{tag}.CtC"] = CtC
        objs[f"{tag}.CtCGCtC"] = matmul(matmul(CtC, G), CtC)
        proj = matmul(matmul(C, G), C.T)
        objs[f"{tag}.projC"] = proj
        objs[f"{tag}.prod"] = dl.product(Ws)
        objs[f"{tag}.l42rhs"] = matmul(proj, data.P_ols)
        pbar = dl.rank(C)
        Up = data.U_cols(list(range(pbar)))
        objs[f"{tag}.UpUpt"] = matmul(Up, Up.T)
        R = dl.residual(Ws, data.X, data.Y)
        for k in range(2, H + 2):
            A = dl.A_of(Ws, k, dims)
            Bk = dl.chain(Ws, k - 1, 2, dims)  # W_{k-1}...W_2 (identity of d_1 when k = 2)
            objs[f"{tag}.aug{k}"] = kc.tall(vstack([CtC, Bk]))
            objs[f"{tag}.XrA{k}"] = matmul(matmul(data.X, R.T), A)
            objs[f"{tag}.top{k}"] = kc.tall(dl.chain(Ws, H + 1, k, dims))
            objs[f"{tag}.B{k}"] = kc.tall(Bk)
    return objs


def _prove_lemmas(objects, params, ctx, which):
    tags, dims = _tags(params)
    H = len(dims) - 2
    obs, hyp = kc.hypothesis_proof(objects, ctx)
    ivals = {}
    if which != "l42":
        o, ivals = kc.inertias(objects, tags, ctx)
        obs += o
    parts, notes, report = [hyp], [], {}
    for tag, spec in tags:
        e = kc.point_exprs(tag, objects)
        if which == "l42":
            obs.append({"rule": "equal", "lhs": f"{tag}.CtCGCtC", "rhs": f"{tag}.CtC", "label": f"{tag} g-inverse"})
            stmt = {"and": [{"fact": f"{tag} g-inverse"}, {"equal": [f"{tag}.prod", f"{tag}.l42rhs"]}]}
            parts.append({"implies": [e["critical"], stmt]})
            ok = objects[f"{tag}.prod"] == objects[f"{tag}.l42rhs"]
            notes.append(f"{tag} ({kc.describe(spec)}): critical={is_zero(objects[f'{tag}.grad'])}, "
                         f"product = C(C^T C)^- C^T Y X^T (X X^T)^-1: {ok}")
            if ok:
                obs.append({"rule": "equal", "lhs": f"{tag}.prod", "rhs": f"{tag}.l42rhs"})
            continue
        semidef = {"or": [e["psd"], e["nsd"]]}
        conds = []
        for k in range(2, H + 2):
            if which == "l44":
                for nm in (f"{tag}.aug{k}", f"{tag}.CtC"):
                    obs += _eng(ctx, objects[nm], nm)[1]
                cond = {"eq": [{"rank": f"{tag}.aug{k}"}, {"rank": f"{tag}.CtC"}]}
            else:
                for nm in (f"{tag}.top{k}", f"{tag}.B{k}"):
                    obs += _eng(ctx, objects[nm], nm)[1]
                cond = {"ge": [{"rank": f"{tag}.top{k}"}, {"rank": f"{tag}.B{k}"}]}
            conds.append({"or": [cond, {"is_zero": f"{tag}.XrA{k}"}]})
        if which in ("l44", "c45"):
            stmt = {"implies": [{"and": [e["critical"], semidef]}, {"and": conds}]}
        else:  # l46
            obs += _eng(ctx, objects[f"{tag}.C"], f"{tag}.C")[1]
            obs.append({"rule": "equal", "lhs": f"{tag}.CtCGCtC", "rhs": f"{tag}.CtC", "label": f"{tag} g-inverse"})
            pbar_ok = {"eq": [{"rank": f"{tag}.C"}, dl.rank(objects[f"{tag}.C"])]}
            stmt = {"implies": [{"and": [e["critical"], e["psd"]]},
                                {"and": [{"fact": f"{tag} g-inverse"}, pbar_ok,
                                         {"or": [{"equal": [f"{tag}.projC", f"{tag}.UpUpt"]}, e["global"]]}]}]}
        parts.append(stmt)
        pi, ni, _ = ivals[f"{tag}.hess"]
        hyp_true = is_zero(objects[f"{tag}.grad"]) and (ni == 0 or (which != "l46" and pi == 0))
        notes.append(f"{tag} ({kc.describe(spec)}): inertia {list(ivals[f'{tag}.hess'])}, "
                     f"hypothesis {'holds' if hyp_true else 'does not hold (vacuous)'}")
    return Proof(obligations=obs, predicate={"and": parts}, report=report, notes=notes)


def _claim_lemma(cid, title, which):
    return Claim(cid, title, SRC + f", {title.split(':')[0]}", _build_lemmas,
                 lambda o, p, c: _prove_lemmas(o, p, c, which), params_doc=POINTS_DOC,
                 default_params={"dims": [3, 2, 2, 2], "seed": 1})


# ------------------------------------------------------------------------------ formal (SYM) claims: Lemma 4.1, 4.3, block convexity
def _formal_data(params):
    dims = params.get("dims", [2, 2, 1, 2])
    m = params.get("m", 2)
    if params.get("symbolic_data", False):
        X, Y = dl.symbolic_matrix(dims[0], m, "x"), dl.symbolic_matrix(dims[-1], m, "y")
    else:
        X = Matrix.from_rows([[((3 * i + 5 * j) % 7) - 3 for j in range(m)] for i in range(dims[0])])
        Y = Matrix.from_rows([[((2 * i + 3 * j + 1) % 5) - 2 for j in range(m)] for i in range(dims[-1])])
    return dims, X, Y


def _block_names(dims, k):
    return [f"w{k}_{i}_{j}" for i in range(dims[k]) for j in range(dims[k - 1])]


def _build_formal(params, witness=None):
    """Objects: for each layer k the printed Lemma 4.1 gradient and the gradient by differentiating
    the expanded polynomial loss; for each block the printed / closed-form Hessian block and the
    block by differentiating twice."""
    dims, X, Y = _formal_data(params)
    H = len(dims) - 2
    Ws = dl.symbolic_weights(dims)
    L = dl.loss(Ws, X, Y)
    R = dl.residual(Ws, X, Y)
    r = R.T
    objs = {}
    firsts = {}
    for k in range(1, H + 2):
        names = _block_names(dims, k)
        firsts[k] = {v: dl.poly_diff(L, v) for v in names}
        A, B = dl.A_of(Ws, k, dims), dl.B_of(Ws, X, k, dims)
        objs[f"grad{k}.paper"] = matmul(kron(A, B.T).T, dl.vec_cols(r))
        objs[f"grad{k}.direct"] = Matrix(len(names), 1, [[firsts[k][v]] for v in names])
    blocks = dl.hessian_blocks(Ws, X, Y)
    C = dl.chain(Ws, H + 1, 2, dims)
    for i in range(1, H + 2):
        for j in range(1, H + 2):
            direct = Matrix(len(_block_names(dims, i)), len(_block_names(dims, j)),
                            [[dl.poly_diff(firsts[i][u], v) for v in _block_names(dims, j)] for u in _block_names(dims, i)])
            objs[f"H{i}_{j}.direct"] = direct
            objs[f"H{i}_{j}.closed"] = blocks[(i, j)]
    for k in range(1, H + 2):  # Lemma 4.3, diagonal blocks as printed
        A, B = dl.A_of(Ws, k, dims), dl.B_of(Ws, X, k, dims)
        objs[f"H{k}_{k}.paper"] = kron(matmul(A.T, A), matmul(B, B.T))
        J = kron(A, B.T)
        objs[f"H{k}_{k}.gram"] = matmul(J.T, J)
    for k in range(2, H + 2):  # Lemma 4.3, blocks D_vec(Wk^T) (D_vec(W1^T) L)^T as printed
        A = dl.A_of(Ws, k, dims)
        Bmid = dl.chain(Ws, k - 1, 2, dims)
        first = kron(matmul(C.T, A), matmul(X, matmul(dl.chain(Ws, k - 1, 1, dims), X).T))
        rA = matmul(r, A)
        dk1 = dims[k - 1]
        cols = [kron(identity(dk1), Matrix(rA.nrows, 1, [[rA.rows[i][t]] for i in range(rA.nrows)]))
                for t in range(dims[k])]
        second = matmul(kron(Bmid.T, X), hstack(cols))
        objs[f"H1_{k}.paper"] = dl.add(first, second)
    return objs


def _prove_formal(objects, params, ctx, which):
    dims, _, _ = _formal_data(params)
    H = len(dims) - 2
    obs, parts, notes = [], [], []

    def eq(a, b, label):
        ok = objects[a] == objects[b]
        notes.append(f"{label}: {'equal' if ok else 'DIFFERENT'} ({objects[a].nrows} x {objects[a].ncols})")
        if ok:
            obs.append({"rule": "equal", "lhs": a, "rhs": b, "label": label})
            parts.append({"fact": label})
        else:
            parts.append({"equal": [a, b]})

    if which == "l41":
        for k in range(1, H + 2):
            eq(f"grad{k}.paper", f"grad{k}.direct", f"Lemma 4.1 gradient, layer {k}")
    elif which == "l43":
        for k in range(1, H + 2):
            eq(f"H{k}_{k}.paper", f"H{k}_{k}.direct", f"Lemma 4.3 diagonal block {k}")
        for k in range(2, H + 2):
            eq(f"H1_{k}.paper", f"H1_{k}.direct", f"Lemma 4.3 block (W1, W{k})")
        for i in range(1, H + 2):
            for j in range(1, H + 2):
                eq(f"H{i}_{j}.closed", f"H{i}_{j}.direct", f"closed form block ({i}, {j})")
    else:  # block convexity: each diagonal block is a Gram matrix J^T J, identically in W
        for k in range(1, H + 2):
            eq(f"H{k}_{k}.direct", f"H{k}_{k}.gram", f"block {k} = J_k^T J_k")
        notes.append("the loss restricted to one W_k is a quadratic whose Hessian is J_k^T J_k (PSD), so it is convex in W_k")
    return Proof(obligations=obs, predicate={"and": parts}, notes=notes)


def _claim_formal(cid, title, which):
    return Claim(cid, title, SRC, _build_formal, lambda o, p, c: _prove_formal(o, p, c, which),
                 params_doc="dims: [d_x, d_1..d_H, d_y] (small); m: samples; symbolic_data: X, Y symbolic too",
                 default_params={"dims": [2, 2, 1, 2], "m": 2})


# ------------------------------------------------------------------------------ Theorem 2.3 (i)
def _build_t23i(params, witness=None):
    data, dims = kc.instance(params)
    H = len(dims) - 2
    objs = kc.hypothesis_objects(data)
    p = dict(params, points=[{"kind": "zero", "zero": [1, H + 1], "seed": params.get("seed", 0)}])
    objs.update(kc.points_build(p, data, dims)[0])
    return objs


def _prove_t23i(objects, params, ctx):
    obs, hyp = kc.hypothesis_proof(objects, ctx)
    o, iv = kc.inertias(objects, [("P0", None)], ctx)
    obs += o
    pred = {"and": [hyp, {"is_zero": "P0.grad"}, {"gt": [{"index": [{"inertia": "P0.hess"}, 0]}, 0]},
                    {"gt": [{"index": [{"inertia": "P0.hess"}, 1]}, 0]}]}
    return Proof(obs, pred, report={"inertia": {"inertia": "P0.hess"}},
                 notes=[f"W_1 = W_(H+1) = 0, middle layers nonzero: critical point with inertia {list(iv['P0.hess'])}; "
                        "an indefinite Hessian of a C^2 function rules out convexity and concavity"])


# ------------------------------------------------------------------------------ Corollary 2.4
def _zero_point_params(params):
    data, dims = kc.instance(params)
    H = len(dims) - 2
    spec = {"kind": "zero", "zero": list(range(1, H + 1))}
    if "W_top" in params:
        spec["fill"] = {H + 1: params["W_top"]}
    else:
        spec["zero"] = list(range(1, H + 2))
    return dict(params, points=[spec])


def _build_c24h2(params, witness=None):
    return _build_points(_zero_point_params(params))


def _prove_c24h2(objects, params, ctx):
    p = _zero_point_params(params)
    obs, hyp = kc.hypothesis_proof(objects, ctx)
    o, iv = kc.inertias(objects, [("P0", None)], ctx)
    obs += o
    e = kc.point_exprs("P0", objects)
    dims = params["dims"]
    pred = {"and": [hyp, {"ge": [len(dims) - 2, 2]}, e["saddle"], {"eq": [{"index": [e["inertia"], 1]}, 0]}]}
    return Proof(obs, pred, report={"inertia": e["inertia"], "path_up": {"entry": ["P0.loss", 0, 0]}},
                 notes=[f"W_1 = ... = W_H = 0: inertia {list(iv['P0.hess'])}; saddle by the paths t -> t(W*-W), "
                        "t -> t(W*_- - W) whose loss polynomials' lowest coefficients have both signs / odd order"])


def _build_c24proof(params, witness=None):
    return _build_c24h2(params)


def _prove_c24proof(objects, params, ctx):
    obs = []
    hess = objects["P0.hess"]
    nz = [(i, j) for i in range(hess.nrows) for j in range(hess.ncols) if hess.rows[i][j] != 0]
    notes = [f"Hessian at W_1 = ... = W_H = 0 with the given W_(H+1): {len(nz)} nonzero entries"]
    if nz:
        notes.append(f"first nonzero entry at {nz[0]} = {hess.rows[nz[0][0]][nz[0][1]]}; for H = 2 the block "
                     "(W_2, W_1) is G_ad delta_bc with G = W_3^T (Yhat - Y) X^T = -W_3^T Y X^T, nonzero when W_3 != 0")
    pred = {"is_zero": "P0.hess"}
    return Proof(obs, pred, report={"hessian_nonzero_entries": len(nz)}, notes=notes)


def _build_sign(params, witness=None):
    data, dims = kc.instance(params)
    I = kc.top_index(data, dims)
    plus = dl.index_set_point(data, dims, I, sign=1)
    minus = dl.index_set_point(data, dims, I, sign=-1)
    trYY = dl.trace(matmul(data.Y, data.Y.T))
    s = sum(Fraction(data.lam[i]) for i in I)
    return {"X": data.X, "Y": data.Y, "loss_plus": dl.one_by_one(dl.loss(plus, data.X, data.Y)),
            "loss_minus": dl.one_by_one(dl.loss(minus, data.X, data.Y)),
            "display_plus": dl.one_by_one(Fraction(1, 2) * (trYY - s)),
            "display_minus": dl.one_by_one(Fraction(1, 2) * (trYY + s)),
            "corrected_minus": dl.one_by_one(Fraction(1, 2) * (trYY + 3 * s)),
            "loss_zero": dl.one_by_one(Fraction(1, 2) * trYY)}


def _prove_sign(objects, params, ctx):
    obs, notes = [], []
    for a, b in (("loss_plus", "display_plus"), ("loss_minus", "corrected_minus")):
        if objects[a] == objects[b]:
            obs.append({"rule": "equal", "lhs": a, "rhs": b, "label": f"{a} = {b}"})
    pred = {"and": [{"equal": ["loss_plus", "display_plus"]}, {"equal": ["loss_minus", "display_minus"]}]}
    notes.append("with W_(H+1)...W_1 = -U_p U_p^T Y X^T (X X^T)^-1 the cross terms change sign but the quadratic "
                 "term does not: the loss is 1/2(tr YY^T + 3 sum_k Lambda_kk), not 1/2(tr YY^T + sum Lambda_kk); "
                 "the '+' branch and the conclusion (a value below 1/2 tr YY^T exists) are right")
    rep = {"loss_plus": {"entry": ["loss_plus", 0, 0]}, "display_plus": {"entry": ["display_plus", 0, 0]},
           "loss_minus": {"entry": ["loss_minus", 0, 0]}, "display_minus": {"entry": ["display_minus", 0, 0]},
           "corrected_minus_holds": {"fact": "loss_minus = corrected_minus"},
           "plus_below_zero_point": {"lt": [{"entry": ["loss_plus", 0, 0]}, {"entry": ["loss_zero", 0, 0]}]}}
    return Proof(obs, pred, report=rep, notes=notes)


# ------------------------------------------------------------------------------ A.7 generalised inverses of Kronecker products
def _build_a7(params, witness=None):
    A = dl.parse_weights([params.get("A", [[1, 2, 3], [2, 4, 6]])])[0]
    B = dl.parse_weights([params.get("B", [[1, 0], [1, 1], [0, 1]])])[0]
    K = kron(A, B)
    Gk = kron(dl.g_inverse(A), dl.g_inverse(B))
    P = kron(dl.pinv(A), dl.pinv(B))
    KP, PK = matmul(K, P), matmul(P, K)
    s = {n: dl.symbolic_matrix(2, 2, n) for n in "abcd"}
    return {"A": A, "B": B, "K": K, "KGK": matmul(matmul(K, Gk), K), "P": P, "KPK": matmul(KP, K),
            "PKP": matmul(PK, P), "KP": KP, "KPt": KP.T, "PK": PK, "PKt": PK.T,
            "mixed_lhs": matmul(kron(s["a"], s["b"]), kron(s["c"], s["d"])),
            "mixed_rhs": kron(matmul(s["a"], s["c"]), matmul(s["b"], s["d"]))}


def _prove_a7(objects, params, ctx):
    pairs = [("KGK", "K"), ("KPK", "K"), ("PKP", "P"), ("KP", "KPt"), ("PK", "PKt"), ("mixed_lhs", "mixed_rhs")]
    obs, parts = [], []
    for a, b in pairs:
        if objects[a] == objects[b]:
            obs.append({"rule": "equal", "lhs": a, "rhs": b, "label": f"{a}={b}"})
            parts.append({"fact": f"{a}={b}"})
        else:
            parts.append({"equal": [a, b]})
    return Proof(obs, {"and": parts}, notes=[
        "mixed product (A(x)B)(C(x)D) = AC(x)BD checked on 2x2 symbolic matrices; it gives "
        "(A(x)B)(A^-(x)B^-)(A(x)B) = AA^-A (x) BB^-B for every g-inverse",
        "instance: A^-(x)B^- is a g-inverse of A(x)B and A^+(x)B^+ satisfies the four Penrose equations"])


# ------------------------------------------------------------------------------ Appendix D, Lipschitz, Cor 3.2, Case III
def _build_appD(params, witness=None):
    w = Poly.var("w")
    W1p, W2p, W3 = Matrix(1, 3, [[w, w, w]]), Matrix(3, 1, [[1], [1], [w]]), Matrix(1, 1, [[w]])
    fixed = matmul(matmul(W3, W2p.T), W1p.T)
    f = fixed.rows[0][0]
    d1 = dl.poly_diff(f, "w")
    d2 = dl.poly_diff(d1, "w")
    at = lambda p, x: norm(p.evaluate({"w": x})) if isinstance(p, Poly) else p  # noqa: E731
    return {"printed_W1": W1p, "printed_W2": W2p, "fixed_product": fixed,
            "stated": Matrix(1, 1, [[norm(2 * w * w + w * w * w)]]),
            "values": Matrix(1, 4, [[at(f, 0), at(d1, 0), at(d2, 0), at(f, -3)]])}


def _prove_appD(objects, params, ctx):
    obs = [{"rule": "equal", "lhs": "fixed_product", "rhs": "stated", "label": "f = 2w^2 + w^3"}] \
        if objects["fixed_product"] == objects["stated"] else []
    v = lambda j: {"entry": ["values", 0, j]}  # noqa: E731
    pred = {"and": [{"equal": ["fixed_product", "stated"]}, {"eq": [v(1), 0]}, {"gt": [v(2), 0]},
                    {"lt": [v(3), v(0)]}]}
    return Proof(obs, pred, report={"printed_W2_rows": {"nrows": "printed_W2"}}, notes=[
        "as printed, W_1 = [w w w] (1x3), W_2 = [1 1 w]^T (3x1), W_3 = w (1x1): W_3 W_2 is undefined (1x1 times "
        "3x1); with the evident fix W_1 = [w w w]^T, W_2 = [1 1 w] the product is 2w^2 + w^3",
        "f(0) = 0, f'(0) = 0, f''(0) = 4 > 0: strict local minimum; f(-3) = -9 < f(0): not global"])


def _build_lip(params, witness=None):
    K = Fraction(params.get("K", 1000))
    X, Y = Matrix(1, 1, [[1]]), Matrix(1, 1, [[1]])
    u = [Matrix(1, 1, [[K]]), Matrix(1, 1, [[0]])]  # (W_1, W_2) = (K, 0)
    v = [Matrix(1, 1, [[K + 1]]), Matrix(1, 1, [[0]])]
    Hu, Hv = dl.hessian(u, X, Y), dl.hessian(v, X, Y)
    return {"X": X, "Y": Y, "Hu": Hu, "Hv": Hv, "dist2": Matrix(1, 1, [[1]]), "K": Matrix(1, 1, [[norm(K)]])}


def _prove_lip(objects, params, ctx):
    diff = {"sub": [{"entry": ["Hv", 0, 0]}, {"entry": ["Hu", 0, 0]}]}
    K = {"entry": ["K", 0, 0]}
    pred = {"le": [{"mul": [diff, diff]}, {"mul": [K, K, {"entry": ["dist2", 0, 0]}]}]}
    return Proof([], pred, report={"hessian_entry_change": diff}, notes=[
        "H = 1, d = 1, X = Y = 1: L = 1/2 (w2 w1 - 1)^2 and d^2L/dw2^2 = w1^2; between w1 = K and w1 = K + 1 "
        "(w2 = 0, distance 1) this entry changes by 2K + 1 > K, so no constant K is a global Lipschitz constant "
        "of the Hessian (any matrix norm dominates the entry); the Hessian is Lipschitz on bounded sets only"])


def _build_c32(params, witness=None):
    from itertools import product as iproduct

    dims = params.get("dims", [2, 2, 1])
    rho = Fraction(params.get("rho", "1/3"))
    q = Fraction(params["q"]) if "q" in params else 1 / rho
    m = params.get("m", 2)
    X = Matrix.from_rows([[((i + 2 * j) % 3) + 1 for j in range(m)] for i in range(dims[0])])
    Ws = dl.zero_layers_point(dims, set(), seed=params.get("seed", 0))
    H = len(dims) - 2
    dy = dims[-1]
    EY = []
    for j in range(dy):
        row = []
        for i in range(m):
            paths = []
            for idx in iproduct(*[range(d) for d in dims[:-1]]):  # (i0, i1, ..., iH)
                val = X.rows[idx[0]][i]
                for k in range(1, H + 2):
                    out = idx[k] if k <= H else j
                    val = val * Ws[k - 1].rows[out][idx[k - 1]]
                paths.append(val)
            total = Fraction(0)
            for z in iproduct((0, 1), repeat=len(paths)):
                ones = sum(z)
                pr = rho ** ones * (1 - rho) ** (len(z) - ones)
                total += pr * q * sum(v for v, zz in zip(paths, z) if zz)
            row.append(norm(total))
        EY.append(row)
    return {"X": X, "EZ_Yhat": Matrix.from_rows(EY), "Ybar": dl.output(Ws, X)}


def _prove_c32(objects, params, ctx):
    ok = objects["EZ_Yhat"] == objects["Ybar"]
    obs = [{"rule": "equal", "lhs": "EZ_Yhat", "rhs": "Ybar", "label": "E_Z[Yhat] = Ybar"}] if ok else []
    return Proof(obs, {"equal": ["EZ_Yhat", "Ybar"]}, notes=[
        "E_Z[Yhat] computed by enumerating every activation pattern Z of every path (independent Bernoulli(rho), "
        "model A1p-m/A5u-m) with q = 1/rho; equal to the deep linear output, hence L(W) = Lbar(W) for every Y"])


def _build_caseIII(params, witness=None):
    from ..builders.matrices import zeros

    data, dims = kc.instance(params)
    H = len(dims) - 2
    if H < 2:
        raise CaseError("<params>", "-", "params.dims", "Case III needs H >= 2")
    eps0 = Fraction(params.get("eps", "1/1000"))
    e = Poly.var("eps")
    W0 = [zeros(dims[k], dims[k - 1]) for k in range(1, H + 2)]
    Wt = []
    for k in range(1, H + 2):
        if k <= H:
            M = dl._embed(identity(min(dims[k], dims[k - 1])), dims[k], dims[k - 1])
            Wt.append(Matrix(M.nrows, M.ncols, [[norm(e * x) for x in r] for r in M.rows]))
        else:
            Wt.append(zeros(dims[k], dims[k - 1]))
    at = [W.evaluate({"eps": eps0}) if W.is_polynomial() else W for W in Wt]
    objs = kc.hypothesis_objects(data)
    objs.update({"loss0": dl.one_by_one(dl.loss(W0, data.X, data.Y)),
                 "loss_eps": dl.one_by_one(dl.loss(Wt, data.X, data.Y)),
                 "hess0": dl.hessian(W0, data.X, data.Y), "grad0": dl.gradient(W0, data.X, data.Y),
                 "grad_at": dl.gradient(at, data.X, data.Y), "mid0": kc.tall(dl.chain(W0, H, 2, dims))})
    for k in range(1, H + 1):
        objs[f"prod{k}_at"] = kc.tall(dl.chain(at, k, 1, dims))
    return objs


def _prove_caseIII(objects, params, ctx):
    dims = params["dims"]
    H = len(dims) - 2
    p = min(dims[1:-1])
    phat = min(p, dims[-1])
    obs, hyp = kc.hypothesis_proof(objects, ctx)
    v, o = ctx.engines.inertia_certificate(objects["hess0"], "hess0", method=ctx.method, seed=ctx.seed)
    obs += o
    parts = [hyp, {"is_zero": "grad0"}, {"eq": [{"index": [{"inertia": "hess0"}, 1]}, 0]},
             {"lt": [{"rank_ub": "mid0"}, p]}, {"equal": ["loss_eps", "loss0"]}, {"not": {"is_zero": "grad_at"}}]
    obs += _eng(ctx, objects["mid0"], "mid0")[1]
    for k in range(1, H + 1):
        obs += _eng(ctx, objects[f"prod{k}_at"], f"prod{k}_at")[1]
        parts.append({"ge": [{"rank_lb": f"prod{k}_at"}, phat]})
    return Proof(obs, {"and": parts}, report={"inertia_at_point": {"inertia": "hess0"}}, notes=[
        f"W = 0 (Case III: rank(W_H...W_2) = 0 < p = {p}), Hessian inertia {list(v)} (semidefinite: the "
        "second-order test does not decide)",
        "perturbation of the proof (p_bar = 0, G_k = I): W_k(eps) = eps [I 0] for k <= H, W_(H+1) = 0; the loss "
        "is the same polynomial constant for every eps (checked symbolically), rank(W_k(eps)...W_1(eps)) >= "
        f"p_hat = {phat} at the given eps, and the gradient there is nonzero, so points of equal loss arbitrarily "
        "close to W are not local minima (step k = H+1 of the induction ends in the contradiction the proof states)"])


CLAIMS = {
    c.id: c for c in [
        Claim("kaw.t23ii", "Theorem 2.3 (ii)-(iii): every critical point is a global minimum or a saddle",
              SRC + ", Thm 2.3 (ii),(iii), B.1, B.3", _build_t23ii, _prove_t23ii,
              params_doc=POINTS_DOC + "; for p < d_y the global minimum is certified by the Ky Fan bound "
              "(objects KF.t, KF.Z, KF.tIZS, KF.YYt)", default_params={"dims": [3, 2, 2], "seed": 1}),
        _claim_points("kaw.t23iv", "Theorem 2.3 (iv): rank(W_H...W_2) = p => every saddle has a negative eigenvalue",
                      SRC + ", Thm 2.3 (iv), B.4", "iv", POINTS_DOC),
        _claim_points("kaw.c24.h1", "Corollary 2.4, H = 1: every saddle has a negative Hessian eigenvalue",
                      SRC + ", Cor 2.4, C.1", "h1", POINTS_DOC),
        _claim_lemma("kaw.l42", "Lemma 4.2: at critical points W_(H+1)...W_1 = C(C^TC)^-C^T Y X^T (XX^T)^-1", "l42"),
        _claim_lemma("kaw.l44", "Lemma 4.4: semidefinite Hessian at a critical point => range condition or X r A_k = 0", "l44"),
        _claim_lemma("kaw.c45", "Corollary 4.5: semidefinite Hessian => rank(W_(H+1)...W_k) >= rank(W_(k-1)...W_2) or X r A_k = 0", "c45"),
        _claim_lemma("kaw.l46", "Lemma 4.6: PSD Hessian at a critical point => C(C^TC)^-C^T = U_pbar U_pbar^T or X r = 0", "l46"),
        _claim_formal("kaw.l41", "Lemma 4.1: gradient w.r.t. vec(W_k^T) = (A_k (x) B_k^T)^T vec(r)", "l41"),
        _claim_formal("kaw.l43", "Lemma 4.3: Kronecker block Hessian (and the blocks it does not state)", "l43"),
        _claim_formal("kaw.blockconvex", "Prop 2.1(i) / Conj 2.2(i): the loss is convex in each W_k separately", "bc"),
        Claim("kaw.t23i", "Theorem 2.3 (i): the loss is non-convex and non-concave", SRC + ", Thm 2.3 (i), B.2",
              _build_t23i, _prove_t23i, params_doc="dims, seed, m, sv", default_params={"dims": [2, 2, 2, 2]}),
        Claim("kaw.c24.h2", "Corollary 2.4, H >= 2: a saddle point whose Hessian has no negative eigenvalue",
              SRC + ", Cor 2.4, C.1", _build_c24h2, _prove_c24h2,
              params_doc="dims (H >= 2), seed; W_top: W_(H+1) (default 0)", default_params={"dims": [2, 2, 2, 2]}),
        Claim("kaw.c24.proof", "Proof of Cor 2.4 (C.1): the Hessian vanishes on {W_H = ... = W_1 = 0}",
              SRC + ", C.1", _build_c24proof, _prove_c24proof,
              params_doc="dims (H >= 2), seed, m, sv; W_top: W_(H+1)", default_params={"dims": [1, 1, 1, 1], "W_top": [[1]]}),
        Claim("kaw.c24.sign", "C.1 display: loss at +-U_pU_p^T YX^T(XX^T)^-1 is 1/2(tr YY^T +- sum Lambda_kk)",
              SRC + ", C.1", _build_sign, _prove_sign, params_doc="dims, seed, m, sv"),
        Claim("kaw.a7", "A.7: A^- (x) B^- is a g-inverse of A (x) B; (A (x) B)^+ = A^+ (x) B^+", SRC + ", A.7",
              _build_a7, _prove_a7, params_doc="A, B: matrices (rank-deficient allowed)"),
        Claim("kaw.appD", "App. D: f(w) = W_3W_2W_1 = 2w^2 + w^3 has a non-global local minimum at 0", SRC + ", App. D",
              _build_appD, _prove_appD, params_doc="(none)"),
        Claim("kaw.lipschitz", "Sec. 2.3: the Hessian of Lbar is (globally) K-Lipschitz", SRC + ", Sec. 2.3",
              _build_lip, _prove_lip, params_doc="K: the candidate Lipschitz constant"),
        Claim("kaw.c32", "Cor 3.2: E_Z[Yhat] = Ybar with q = 1/rho (exhaustive enumeration of activation patterns)",
              SRC + ", Cor 3.2, C.2", _build_c32, _prove_c32, params_doc="dims, m, rho, q, seed"),
        Claim("kaw.caseIII", "B.1 Case III: a loss-preserving perturbation raises rank(W_k...W_1) to p_hat",
              SRC + ", B.1 Case III, B.3", _build_caseIII, _prove_caseIII, params_doc="dims (H >= 2), seed, eps"),
    ]
}
