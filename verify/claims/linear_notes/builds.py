"""Trusted builds of the linear-notes claims (paper 003): the exact objects of each instance.

Notation of the notes: X is n x d (one sample per row), Y is n x p, Wbar = W_L ... W_1 (p x d),
Q(Wbar) = 1/2 ||Wbar X^T - Y^T||_F^2 and Rhat(W_1..W_L) = Q(W_L...W_1).  This is Kawaguchi's loss
with data X^T, Y^T, so `verify.builders.deep_linear` computes it.
"""

import random
from fractions import Fraction
from itertools import product as iproduct
from math import lcm

from ...builders import deep_linear as dl
from ...builders.matrices import kron
from ...kernel.exact import Matrix, matmul, norm
from ...builders.matrices import identity


def rand_matrix(m, n, seed, lo=-2, hi=3):
    rng = random.Random(f"hw{seed}")
    return Matrix.from_rows([[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)])


# ------------------------------------------------------------------------------ (a) 1
A1_DIMS = [4, 2, 3, 4]


def a1_weights(params, witness):
    """The layers of (a)1: random ones of widths `dims` (part statement); for part step, the case's
    `witness` (a fixed instance) or the certificate's counterexample (W_1, W_2 of compatible shapes)."""
    if params.get("part", "statement") == "step":
        w = params.get("witness") or witness
        if w is None:
            return [rand_matrix(2, 2, ("step", 0)), rand_matrix(2, 2, ("step", 1))]
        Ws = dl.parse_weights(w["W"])
        if len(Ws) < 2 or any(Ws[k].nrows != Ws[k + 1].ncols for k in range(len(Ws) - 1)):
            raise ValueError("the layers W_1, ..., W_L must have compatible shapes")
        return Ws
    dims = params.get("dims", A1_DIMS)
    return [rand_matrix(dims[k], dims[k - 1], (params.get("seed", 0), k)) for k in range(1, len(dims))]


def build_a1(params, witness=None):
    Ws = a1_weights(params, witness)
    objs = {f"W{k}": W for k, W in enumerate(Ws, start=1)}
    objs["W0"] = dl.product(Ws)
    return objs


# ------------------------------------------------------------------------------ (a) 2
A2_DIMS = [4, 2, 3, 3]


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


def build_a2(params, witness=None):
    dims = params.get("dims", A2_DIMS)
    r = params.get("rank", 2)
    seed = params.get("seed", 0)
    W0 = matmul(rand_matrix(dims[-1], r, ("F", seed)), rand_matrix(r, dims[0], ("G", seed)))
    Ws = factorise(W0, dims)
    objs = {f"W{k}": W for k, W in enumerate(Ws, start=1)}
    objs.update({"W0": W0, "prod": dl.product(Ws)})
    return objs


# ------------------------------------------------------------------------------ (b), (c)
def notes_data(params):
    n, d, p = params.get("n", 3), params.get("d", 2), params.get("p", 2)
    seed = params.get("seed", 0)
    return rand_matrix(n, d, ("X", seed)), rand_matrix(n, p, ("Y", seed)), n, d, p


def build_bc(params, witness=None):
    X, Y, n, d, p = notes_data(params)
    W = dl.symbolic_matrix(p, d, "w")
    Q = norm(Fraction(1, 2) * dl.frob2(dl.sub(matmul(W, X.T), Y.T)))
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


# ------------------------------------------------------------------------------ (d)
def d_shape(params):
    n, d, p = params.get("n", 4), params.get("d", 3), params.get("p", 2)
    return n, d, p, [d] + list(params.get("hidden", [2, 3])) + [p]


def build_d(params, witness=None):
    n, d, p, dims = d_shape(params)
    X, Y, _, _, _ = notes_data(dict(params, n=n, d=d, p=p))
    XtX = matmul(X.T, X)
    W0 = matmul(matmul(Y.T, X), dl.inverse(XtX))  # least squares: W0 X^T X = Y^T X
    Ws = factorise(W0, dims)
    return {"X": X, "Y": Y, "W0": W0, "gradQ": dl.sub(matmul(W0, XtX), matmul(Y.T, X)),
            "lossR": dl.one_by_one(dl.loss(Ws, X.T, Y.T)), "lossQ": dl.one_by_one(dl.loss([W0], X.T, Y.T)),
            "XtX": XtX}


# ------------------------------------------------------------------------------ (e)
def build_e(params, witness=None):
    dims = params.get("dims", [2, 2, 1, 2])
    n = params.get("n", 2)
    X = rand_matrix(n, dims[0], ("eX", params.get("seed", 0)))
    Y = rand_matrix(n, dims[-1], ("eY", params.get("seed", 0)))
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


# ------------------------------------------------------------------------------ (f)
def build_f(params, witness=None):
    data = dl.make_data(2, 2, m=2, seed=params.get("seed", 0))
    dims = [2, 1, 2]
    Ws = dl.index_set_point(data, dims, [1])  # eigenvector u_2: a Baldi-Hornik saddle
    top = dl.index_set_point(data, dims, [0])
    X, Y = data.X, data.Y
    return {"X": X, "Y": Y, "W1": Ws[0], "W2": Ws[1], "grad": dl.gradient(Ws, X, Y),
            "hess": dl.hessian(Ws, X, Y), "loss": dl.one_by_one(dl.loss(Ws, X, Y)),
            "loss_other": dl.one_by_one(dl.loss(top, X, Y)), "XXt": matmul(X, X.T)}


# ------------------------------------------------------------------------------ parity (c)(i), (c)(ii)
def parity_model(params):
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


def build_parity(params, witness=None):
    """The hinge-loss gradients of every parity v, directly and by the notes' formula, and the
    quantities of (c)(ii): `bounds` = [E_v|grad R_v - a|^2, E_x|g|^2 / 2^d, n C^2 / 2^d, ties, n, d]."""
    d, pv, fg = parity_model(params)
    n = len(pv)
    xs = list(iproduct((0, 1), repeat=d))
    N = len(xs)
    FG = [fg(x) for x in xs]
    a = [Fraction(0)] * n
    gs = []
    for f, gr in FG:
        i1, i2 = (1 if f < 1 else 0), (1 if -f < 1 else 0)
        for j in range(n):
            a[j] -= Fraction(gr[j]) * Fraction(i1 - i2, 2) / N
        gs.append([-Fraction(gr[j]) * Fraction(i1 + i2, 2) for j in range(n)])
    D = 1  # exact integer accumulation: scale every gradient by the common denominator 2 D
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
