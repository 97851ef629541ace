"""Worked notes on linear neural networks and learning parities (paper 003), on exact instances.

Notation of the notes: X is n x d (one sample per row), Y is n x p, Wbar = W_L ... W_1 (p x d),
Q(Wbar) = 1/2 ||Wbar X^T - Y^T||_F^2 and Rhat(W_1..W_L) = Q(W_L...W_1).  This is Kawaguchi's loss
with data X^T, Y^T, so `verify.builders.deep_linear` computes it.
"""

from fractions import Fraction
from itertools import product as iproduct

from ..builders import deep_linear as dl
from ..kernel.exact import Matrix, identity, kron, matmul, norm
from ..kernel.poly import Poly
from .base import Claim, Proof
from . import kawaguchi_common as kc

SRC = "003 notes"


def _eng(ctx, M, name):
    return ctx.engines.rank_certificate(M, name, method=ctx.method, seed=ctx.seed)[1]


def _rand(m, n, seed, lo=-2, hi=3):
    import random

    rng = random.Random(f"hw{seed}")
    return Matrix.from_rows([[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)])


# ------------------------------------------------------------------------------ (a) 1: rank bound and its proof step
def _search_step_witness(max_dim=3):
    """Smallest (by number of entries, then shape) W_2 (d2 x d1), W_1 (d1 x d0) with 0/1 entries and
    rank(W_2 W_1) < min(rank W_2, rank W_1): exhaustive in that order."""
    shapes = sorted(((a, b, c) for a in range(1, max_dim + 1) for b in range(1, max_dim + 1) for c in range(1, max_dim + 1)),
                    key=lambda s: (s[2] * s[1] + s[1] * s[0], s))
    for d0, d1, d2 in shapes:
        for bits in iproduct((0, 1), repeat=d2 * d1 + d1 * d0):
            W2 = Matrix.from_rows([list(bits[i * d1:(i + 1) * d1]) for i in range(d2)])
            off = d2 * d1
            W1 = Matrix.from_rows([list(bits[off + i * d0: off + (i + 1) * d0]) for i in range(d1)])
            if dl.rank(matmul(W2, W1)) < min(dl.rank(W2), dl.rank(W1)):
                return {"W": [[list(r) for r in W1.rows], [list(r) for r in W2.rows]]}
    return None


def _build_a1(params, witness=None):
    if params.get("part", "statement") == "step":
        w = witness or params.get("witness") or _search_step_witness()
        Ws = dl.parse_weights(w["W"])
    else:
        dims = params.get("dims", [4, 2, 3, 4])
        Ws = [_rand(dims[k], dims[k - 1], (params.get("seed", 0), k)) for k in range(1, len(dims))]
    objs = {f"W{k}": kc.tall(W) for k, W in enumerate(Ws, start=1)}
    objs["W0"] = kc.tall(dl.product(Ws))
    objs["dims"] = Matrix.from_rows([[Ws[0].ncols] + [W.nrows for W in Ws]])
    return objs


def _prove_a1(objects, params, ctx):
    L = len([n for n in objects if n.startswith("W") and n != "W0"])
    obs = []
    for n in [f"W{k}" for k in range(1, L + 1)] + ["W0"]:
        obs += _eng(ctx, objects[n], n)
    if params.get("part", "statement") == "step":
        pred = {"eq": [{"rank": "W0"}, {"min": [{"rank": f"W{k}"} for k in range(1, L + 1)]}]}
        w = params.get("witness") or _search_step_witness()
        return Proof(obs, pred, witness=w, report={"rank_W0": {"rank": "W0"}}, notes=[
            "proof step 'rank(W_0) = min_i rank(W_i)' of (a)1: smallest 0/1 counterexample by exhaustive search "
            f"(shapes ordered by entry count): W_1 = {w['W'][0]}, W_2 = {w['W'][1]}; only '<=' holds",
            "the statement rank(W_0) <= min_i d_i itself holds (rank(AB) <= min(rank A, rank B) <= widths)"])
    n = objects["dims"].ncols
    pred = {"and": [{"le": [{"rank": "W0"}, {"rank": f"W{k}"}]} for k in range(1, L + 1)] +
            [{"le": [{"rank": "W0"}, {"entry": ["dims", 0, i]}]} for i in range(n)]}
    return Proof(obs, pred, report={"rank_W0": {"rank": "W0"}})


# ------------------------------------------------------------------------------ (a) 2: constructive factorisation
def factorise(W0, dims):
    """W_1..W_L with W_L...W_1 = W0 when rank W0 <= min(dims): W0 = F G (rank factorisation),
    W_1 = [G; 0], hidden layers the partial identity I_r, W_L = [F 0] (all rational, no SVD)."""
    F, G = dl.rank_factorization(W0)
    r = F.ncols
    L = len(dims) - 1
    Ws = []
    for k in range(1, L + 1):
        if k == 1 and L == 1:
            Ws.append(W0)
        elif k == 1:
            Ws.append(dl._embed(G, dims[1], dims[0]))
        elif k == L:
            Ws.append(dl._embed(F, dims[L], dims[L - 1]))
        else:
            Ws.append(dl._embed(identity(r), dims[k], dims[k - 1]))
    return Ws


def _build_a2(params, witness=None):
    dims = params.get("dims", [4, 2, 3, 3])
    r = params.get("rank", 2)
    W0 = matmul(_rand(dims[-1], r, ("F", params.get("seed", 0))), _rand(r, dims[0], ("G", params.get("seed", 0))))
    Ws = factorise(W0, dims)
    objs = {f"W{k}": W for k, W in enumerate(Ws, start=1)}
    objs.update({"W0": W0, "prod": dl.product(Ws), "W0t": kc.tall(W0), "dims": Matrix.from_rows([dims])})
    return objs


def _prove_a2(objects, params, ctx):
    obs = _eng(ctx, objects["W0t"], "W0t")
    if objects["prod"] == objects["W0"]:
        obs.append({"rule": "equal", "lhs": "prod", "rhs": "W0", "label": "W_L...W_1 = W_0"})
    n = objects["dims"].ncols
    pred = {"implies": [{"and": [{"le": [{"rank": "W0t"}, {"entry": ["dims", 0, i]}]} for i in range(n)]},
                        {"fact": "W_L...W_1 = W_0"}]}
    return Proof(obs, pred, report={"rank_W0": {"rank": "W0t"}}, notes=[
        "factorisation by W_0 = F G (pivot columns F, reduced rows G) instead of the notes' SVD: every factor is "
        "rational; the notes' proof needs V_L U_{L-1} = I (false in general), the rank factorisation avoids it"])


# ------------------------------------------------------------------------------ (b), (c): Q, its gradient and Hessian
def _notes_data(params):
    n, d, p = params.get("n", 3), params.get("d", 2), params.get("p", 2)
    seed = params.get("seed", 0)
    return _rand(n, d, ("X", seed)), _rand(n, p, ("Y", seed)), n, d, p


def _build_bc(params, witness=None):
    X, Y, n, d, p = _notes_data(params)
    W = dl.symbolic_matrix(p, d, "w")
    Rm = dl.sub(matmul(W, X.T), Y.T)
    Q = norm(Fraction(1, 2) * dl.frob2(Rm))
    Qsum = 0
    for i in range(n):
        xi = Matrix(d, 1, [[X.rows[i][j]] for j in range(d)])
        yi = Matrix(p, 1, [[Y.rows[i][j]] for j in range(p)])
        Qsum = Qsum + Fraction(1, 2) * dl.frob2(dl.sub(matmul(W, xi), yi))
    names_col = [f"w_{i}_{j}" for j in range(d) for i in range(p)]  # column-major vec(W)
    first = {v: dl.poly_diff(Q, v) for v in names_col}
    Hdirect = Matrix(p * d, p * d, [[dl.poly_diff(first[u], v) for v in names_col] for u in names_col])
    grad = Matrix(p, d, [[first[f"w_{i}_{j}"] for j in range(d)] for i in range(p)])
    XtX = matmul(X.T, X)
    return {"X": X, "Y": Y, "Q": dl.one_by_one(Q), "Qsum": dl.one_by_one(norm(Qsum)), "H_direct": Hdirect,
            "H_notes": kron(XtX, identity(p)), "grad_direct": grad,
            "grad_notes": dl.sub(matmul(W, XtX), matmul(Y.T, X)),
            "gradT_direct": grad.T, "gradT_notes": dl.sub(matmul(XtX, W.T), matmul(X.T, Y))}


def _prove_b(objects, params, ctx):
    obs = []
    for a, b in (("Q", "Qsum"), ("H_direct", "H_notes")):
        if objects[a] == objects[b]:
            obs.append({"rule": "equal", "lhs": a, "rhs": b, "label": f"{a}={b}"})
    v, o = ctx.engines.inertia_certificate(objects["H_notes"], "H_notes", method=ctx.method, seed=ctx.seed)
    obs += o
    pred = {"and": [{"equal": ["Q", "Qsum"]}, {"equal": ["H_direct", "H_notes"]},
                    {"eq": [{"index": [{"inertia": "H_notes"}, 1]}, 0]}]}
    return Proof(obs, pred, report={"inertia": {"inertia": "H_notes"}}, notes=[
        f"Hessian of Q w.r.t. column-major vec(W) is X^T X (x) I_p, inertia {list(v)}: PSD, so Q is convex",
        "1/2 sum_i ||W x_i - y_i||^2 = 1/2 ||W X^T - Y^T||_F^2 identically (the notes' middle line with "
        "||Wbar[j] x_i - y_i||^2 summed over output rows j mixes vector and scalar notation)"])


def _prove_c(objects, params, ctx):
    obs, parts = [], []
    for a, b in (("grad_direct", "grad_notes"), ("gradT_direct", "gradT_notes")):
        if objects[a] == objects[b]:
            obs.append({"rule": "equal", "lhs": a, "rhs": b, "label": f"{a}={b}"})
        parts.append({"equal": [a, b]})
    return Proof(obs, {"and": parts}, notes=[
        "the matrix of partial derivatives dQ/dW_ij is W X^T X - Y^T X (p x d); the notes' (..)^T = X^T X W^T - X^T Y "
        "is its transpose (denominator layout); both checked on symbolic W"])


# ------------------------------------------------------------------------------ (d) global minimum through a factorisation
def _build_d(params, witness=None):
    X, Y, n, d, p = _notes_data(dict(params, n=params.get("n", 4), d=params.get("d", 3), p=params.get("p", 2)))
    widths_ = params.get("hidden", [2, 3])
    dims = [d] + widths_ + [p]
    XtX = matmul(X.T, X)
    W0 = matmul(matmul(Y.T, X), dl.inverse(XtX))  # least squares: W0 X^T X = Y^T X
    Ws = factorise(W0, dims)
    return {"X": X, "Y": Y, "W0": W0, "gradQ": dl.sub(matmul(W0, XtX), matmul(Y.T, X)),
            "lossR": dl.one_by_one(dl.loss(Ws, X.T, Y.T)), "lossQ": dl.one_by_one(dl.loss([W0], X.T, Y.T)),
            "XtX": XtX, "dims": Matrix.from_rows([dims])}


def _prove_d(objects, params, ctx):
    obs = _eng(ctx, objects["XtX"], "XtX")
    dims = objects["dims"].rows[0]
    cond = {"ge": [min(dims[1:-1]), min(dims[0], dims[-1])]}
    pred = {"and": [cond, {"eq": [{"rank": "XtX"}, {"nrows": "XtX"}]}, {"is_zero": "gradQ"},
                    {"equal": ["lossR", "lossQ"]}]}
    return Proof(obs, pred, report={"min_Q": {"entry": ["lossQ", 0, 0]}}, notes=[
        "W_0 = Y^T X (X^T X)^-1 has grad Q(W_0) = 0, so it minimises the convex Q; min_i d_i >= min(p, d) >= rank W_0 "
        "lets (a)2 factor it, and Rhat at the factors equals min Q, a lower bound of Rhat: the global minima agree"])


# ------------------------------------------------------------------------------ (e) layer gradients
def _build_e(params, witness=None):
    dims = params.get("dims", [2, 2, 1, 2])
    n = params.get("n", 2)
    X = _rand(n, dims[0], ("eX", params.get("seed", 0)))
    Y = _rand(n, dims[-1], ("eY", params.get("seed", 0)))
    Ws = dl.symbolic_weights(dims)
    L = dl.loss(Ws, X.T, Y.T)
    Wbar = dl.product(Ws)
    gradQ = dl.sub(matmul(matmul(Wbar, X.T), X), matmul(Y.T, X))
    objs = {}
    for i in range(1, len(dims)):
        direct = Matrix(dims[i], dims[i - 1], [[dl.poly_diff(L, f"w{i}_{a}_{b}") for b in range(dims[i - 1])]
                                               for a in range(dims[i])])
        above = dl.chain(Ws, len(dims) - 1, i + 1, dims)
        below = dl.chain(Ws, i - 1, 1, dims)
        objs[f"dW{i}.direct"] = direct
        objs[f"dW{i}.notes"] = matmul(matmul(above.T, gradQ), below.T)
    return objs


def _prove_e(objects, params, ctx):
    obs, parts = [], []
    for name in sorted(n for n in objects if n.endswith(".direct")):
        other = name.replace(".direct", ".notes")
        if objects[name] == objects[other]:
            obs.append({"rule": "equal", "lhs": name, "rhs": other, "label": f"{name}={other}"})
        parts.append({"equal": [name, other]})
    return Proof(obs, {"and": parts}, notes=[
        "dRhat/dW_i = (W_L...W_{i+1})^T grad Q(Wbar) (W_{i-1}...W_1)^T on symbolic weights (the notes' garbled "
        "index W_(L+1:H) read as W_L...W_{i+1})"])


# ------------------------------------------------------------------------------ (f) full rank => global?
def _build_f(params, witness=None):
    data = dl.make_data(2, 2, m=2, seed=params.get("seed", 0))
    dims = [2, 1, 2]
    Ws = dl.index_set_point(data, dims, [1])  # eigenvector u_2: a Baldi-Hornik saddle
    top = dl.index_set_point(data, dims, [0])
    X, Y = data.X, data.Y
    return {"X": X, "Y": Y, "W1": kc.tall(Ws[0]), "W2": kc.tall(Ws[1]), "grad": dl.gradient(Ws, X, Y),
            "hess": dl.hessian(Ws, X, Y), "loss": dl.one_by_one(dl.loss(Ws, X, Y)),
            "loss_other": dl.one_by_one(dl.loss(top, X, Y)), "XXt": matmul(X, X.T)}


def _prove_f(objects, params, ctx):
    obs = _eng(ctx, objects["W1"], "W1") + _eng(ctx, objects["W2"], "W2") + _eng(ctx, objects["XXt"], "XXt")
    v, o = ctx.engines.inertia_certificate(objects["hess"], "hess", method=ctx.method, seed=ctx.seed)
    obs += o
    full = {"and": [{"eq": [{"rank": n}, {"min": [{"nrows": n}, {"ncols": n}]}]} for n in ("W1", "W2")]}
    pred = {"implies": [{"and": [full, {"is_zero": "grad"}]},
                        {"le": [{"entry": ["loss", 0, 0]}, {"entry": ["loss_other", 0, 0]}]}]}
    return Proof(obs, pred, report={"inertia": {"inertia": "hess"}, "loss": {"entry": ["loss", 0, 0]},
                                    "lower_loss": {"entry": ["loss_other", 0, 0]}}, notes=[
        f"d_x = d_y = 2, one hidden unit: W_2 = u_2, W_1 = u_2^T Y X^T (XX^T)^-1 (second eigenvector of Sigma) has "
        f"full-rank layers and zero gradient but a higher loss than the u_1 point; inertia {list(v)} (a saddle)",
        "smallest shape: with d_y = 1 every critical point with C = W_L...W_2 != 0 is global (Lemma 4.2), so a "
        "counterexample needs d_y >= 2; d_1 = 1 is the smallest width, m = d_x = 2 keeps XX^T invertible"])


# ------------------------------------------------------------------------------ parity (c)(i), (c)(ii)
def _parity_model(params):
    d = params.get("d", 4)
    model = params.get("model", "linear")
    pv = [Fraction(x) for x in params["p"]] if "p" in params else [Fraction(1, j + 3) for j in range(d)]

    def f_and_grad(x):
        z = [1 - 2 * b for b in x]
        s = sum(pj * zj for pj, zj in zip(pv, z))
        if model == "linear":
            return s, list(z)
        return s * s / d, [2 * s * zj / d for zj in z]  # quadratic: f = (p.z)^2 / d

    return d, pv, f_and_grad


def _build_parity(params, witness=None):
    d, pv, fg = _parity_model(params)
    n = len(pv)
    xs = list(iproduct((0, 1), repeat=d))
    N = len(xs)
    FG = [fg(x) for x in xs]
    # a and g(x) of the notes
    a = [Fraction(0)] * n
    gs = []
    for f, gr in FG:
        i1, i2 = (1 if f < 1 else 0), (1 if -f < 1 else 0)
        for j in range(n):
            a[j] -= Fraction(gr[j]) * Fraction(i1 - i2, 2) / N
        gs.append([-Fraction(gr[j]) * Fraction(i1 + i2, 2) for j in range(n)])
    # exact integer accumulation: scale every gradient by the common denominator 2*D
    from math import lcm

    D = 1
    for _, gr in FG:
        for q in gr:
            D = lcm(D, Fraction(q).denominator)
    S = 2 * D
    act_pos = [1 if f < 1 else 0 for f, _ in FG]     # y = +1: hinge active iff f < 1
    act_neg = [1 if -f < 1 else 0 for f, _ in FG]    # y = -1: hinge active iff -f < 1
    gri = [[int(Fraction(q) * S) for q in gr] for _, gr in FG]
    gi = [[int(Fraction(q) * S) for q in g] for g in gs]
    direct, formula = [], []
    for v in xs:
        vmask = [k for k in range(d) if v[k]]
        sd, sf = [0] * n, [0] * n
        for idx, x in enumerate(xs):
            odd = sum(x[k] for k in vmask) & 1
            gx, gg = gri[idx], gi[idx]
            if odd:  # y = -1
                if act_neg[idx]:
                    for j in range(n):
                        sd[j] += gx[j]
                for j in range(n):
                    sf[j] -= gg[j]
            else:
                if act_pos[idx]:
                    for j in range(n):
                        sd[j] -= gx[j]
                for j in range(n):
                    sf[j] += gg[j]
        direct.append([Fraction(sd[j], S * N) for j in range(n)])
        formula.append([a[j] + Fraction(sf[j], S * N) for j in range(n)])
    lhs = sum(sum((row_f[j] - a[j]) ** 2 for j in range(n)) for row_f in formula) / Fraction(N)
    mid = sum(sum(gj * gj for gj in g) for g in gs) / Fraction(N) / N
    C = Fraction(max(abs(Fraction(gr[j])) for _, gr in FG for j in range(n)))
    ties = sum(1 for f, _ in FG if abs(f) == 1)
    return {"grad_direct": Matrix.from_rows(direct), "grad_notes": Matrix.from_rows(formula),
            "a": Matrix.from_rows([a]), "bounds": Matrix.from_rows([[lhs, mid, Fraction(n) * C * C / N, ties, n, d]])}


def _prove_parity(objects, params, ctx, which):
    b = lambda j: {"entry": ["bounds", 0, j]}  # noqa: E731
    no_ties = {"eq": [b(3), 0]}
    if which == "c1":
        obs = [{"rule": "equal", "lhs": "grad_direct", "rhs": "grad_notes", "label": "grad R_v = a + E[chi_v g]"}] \
            if objects["grad_direct"] == objects["grad_notes"] else []
        return Proof(obs, {"and": [no_ties, {"equal": ["grad_direct", "grad_notes"]}]}, notes=[
            "for every parity v in {0,1}^d, the hinge-loss gradient E_x[-y grad f 1(y f < 1)] equals "
            "a + E_x[(-1)^(v.x) g(x)] with a = -E[grad f (1(f<1) - 1(-f<1))/2], g = -grad f (1(f<1) + 1(-f<1))/2; "
            "no input has |f(x)| = 1 (where the hinge is not differentiable)"])
    pred = {"and": [no_ties, {"le": [b(0), b(1)]}, {"le": [b(1), b(2)]}]}
    return Proof([], pred, report={"E_v|grad R_v - a|^2": b(0), "E_x|g|^2 / 2^d": b(1), "n C^2 / 2^d": b(2),
                                   "parseval_equality": {"eq": [b(0), b(1)]}}, notes=[
        "E_v ||grad R_v - a||^2 = E_x||g||^2 / 2^d exactly (Parseval over the 2^d parities); the second bound "
        "reads n C^2 / 2^d with n = number of parameters and C = max |df/dp_j|; the notes write d for n "
        "(equal here: one parameter per input bit)"])


CLAIMS = {c.id: c for c in [
    Claim("hw.linear.a1", "(a)1: W_L...W_1 = W_0 => rank W_0 <= min d_i (part: statement | step)", SRC + " (a)1",
          _build_a1, _prove_a1, params_doc="part: statement|step; dims, seed (statement); witness (step, optional)",
          default_params={"part": "statement"}),
    Claim("hw.linear.a2", "(a)2: rank W_0 <= min d_i => a factorisation W_L...W_1 = W_0 exists", SRC + " (a)2",
          _build_a2, _prove_a2, params_doc="dims [d_0..d_L], rank, seed"),
    Claim("hw.linear.b", "(b): Phat = Q(Wbar) = 1/2||Wbar X^T - Y^T||^2 with Hessian X^T X (x) I, convex", SRC + " (b)",
          _build_bc, _prove_b, params_doc="n, d, p, seed"),
    Claim("hw.linear.c", "(c): grad Q(Wbar) = Wbar X^T X - Y^T X (transpose: X^T X Wbar^T - X^T Y)", SRC + " (c)",
          _build_bc, _prove_c, params_doc="n, d, p, seed"),
    Claim("hw.linear.d", "(d): min d_i >= min(p, d) => global min of Rhat = min Q", SRC + " (d)",
          _build_d, _prove_d, params_doc="n, d, p, hidden: widths, seed"),
    Claim("hw.linear.e", "(e): dRhat/dW_i = (W_L...W_{i+1})^T grad Q (W_{i-1}...W_1)^T", SRC + " (e)",
          _build_e, _prove_e, params_doc="dims, n, seed"),
    Claim("hw.linear.f", "(f): all W_i full rank => every critical point is a global minimum", SRC + " (f)",
          _build_f, _prove_f, params_doc="seed"),
    Claim("hw.parity.c1", "(c)(i): hinge gradient grad R_v = a + E_x[(-1)^(v.x) g(x)] for every parity v",
          SRC + " parity (c)(i)", _build_parity, lambda o, p, c: _prove_parity(o, p, c, "c1"),
          params_doc="d, model: linear|quadratic, p: parameters"),
    Claim("hw.parity.c2", "(c)(ii): E_v||grad R_v - a||^2 <= E||g||^2/2^d <= d C^2/2^d", SRC + " parity (c)(ii)",
          _build_parity, lambda o, p, c: _prove_parity(o, p, c, "c2"), params_doc="d, model, p"),
]}
