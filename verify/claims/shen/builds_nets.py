"""Trusted builds of Shen's network claims (paper 001 Sections 3-6, supplement 000 Props 3, 5, 6).

A network instance is `params.net`:
    {widths: [n_0..n_L], activations: [...], weights: [W_1 rows, ..., W_L rows], dummy: [bool per
     layer 0..L-1], coeffs: {layer: [c0, c1, ...]}, pattern: {layer: value}, symbolic: bool}
with data `params.X` (n_0 x T, without the dummy row) and `params.Y` (n_L x T); the default is the
XOR task of eqs. (33)-(35) on F(2,2,1) with dummy units and logistic hidden units.  Logistic / tanh
layers are given by their odds E = exp(W) (exp(2W) for tanh), see `verify.builders.mlp`.

Only the XOR rank-bound claims quantify over the weights (search: a counterexample to the bound;
search_tight: a point attaining it); their witness {weights: [E_1, W_2]} replaces the weights of
the architecture the params define, and nothing else.
"""

from fractions import Fraction

from ...builders.calculus import jacobian
from ...builders.matrices import scale, vstack
from ...builders.mlp import MLP, ODDS_ACTIVATIONS, act_odds, act_rational
from ...kernel.exact import Matrix, matmul
from ...builders.matrices import identity
from ...kernel.poly import Poly
from .builds import integer, matrix, number

XOR_X = [[0, 0, 1, 1], [0, 1, 0, 1]]
XOR_Y = [[0, 1, 1, 0]]
XOR_221 = {"widths": [2, 2, 1], "activations": ["logistic", "identity"], "dummy": [True, True],
           "weights": [[[2, "1/3"], [3, "1/2"], ["1/2", 5]], [[1], [-2], ["1/3"]]]}
NET_KEYS = {"widths", "activations", "weights", "dummy", "coeffs", "pattern", "symbolic"}
# Principle 4 (sigma' != 0 everywhere): the activations of verify.builders.mlp that obey it
# (relu has sigma' = 0 for z < 0; a polynomial activation may have a critical point).
PRINCIPLE4 = ("identity", "softsign", "logistic", "tanh")


def xor_net(n1, E1, W2):
    return {"widths": [2, n1, 1], "activations": ["logistic", "identity"], "dummy": [True, True],
            "weights": [E1, W2]}


# ====================================================================== instances
def spec_of(params):
    spec = params.get("net", XOR_221)
    if not isinstance(spec, dict) or set(spec) - NET_KEYS or not {"widths", "activations"} <= set(spec):
        raise ValueError(f"net: a mapping with widths, activations and some of {sorted(NET_KEYS)}")
    return spec


def weights_of(spec, weights):
    """The weight matrices W_1..W_L (or symbolic ones) of a net spec; `weights` replaces spec.weights."""
    widths = [integer({"w": w}, "w", None, 1, 64) for w in spec["widths"]]
    L = len(widths) - 1
    dummy = spec.get("dummy") or [False] * L
    if not isinstance(dummy, list) or len(dummy) != L or not all(isinstance(d, bool) for d in dummy):
        raise ValueError("net.dummy: one boolean per layer 0..L-1")
    if spec.get("symbolic") is True and weights is None:
        return widths, dummy, [Matrix(widths[l - 1] + dummy[l - 1], widths[l],
                                      [[Poly.var(f"w{l}_{j}_{k}") for k in range(widths[l])]
                                       for j in range(widths[l - 1] + dummy[l - 1])]) for l in range(1, L + 1)]
    weights = spec.get("weights") if weights is None else weights
    if not isinstance(weights, list) or len(weights) != L:
        raise ValueError(f"net.weights: {L} matrices W_1..W_{L}")
    return widths, dummy, [matrix(w, f"net.weights[{i}]") for i, w in enumerate(weights)]


def net_from(params, weights=None):
    """(MLP, X, Y) of the params; `weights` (a checked witness) replaces the weights only."""
    spec = spec_of(params)
    widths, dummy, Ws = weights_of(spec, weights)
    acts = spec["activations"]
    if not isinstance(acts, list) or not all(isinstance(a, str) for a in acts):
        raise ValueError("net.activations: a list of names")
    coeffs = {integer({"k": k}, "k", None): [number(c, "net.coeffs") for c in v]
              for k, v in (spec.get("coeffs") or {}).items()}
    pattern = {integer({"k": k}, "k", None): number(v, "net.pattern") for k, v in (spec.get("pattern") or {}).items()}
    net = MLP(widths, acts, Ws, dummy, coeffs, pattern)
    X = matrix(params.get("X", XOR_X), "X")
    Y = matrix(params.get("Y", XOR_Y), "Y")
    if X.nrows != widths[0] or Y.nrows != widths[-1] or X.ncols != Y.ncols:
        raise ValueError(f"X must be {widths[0]} x T and Y {widths[-1]} x T")
    for l in range(net.L):
        if acts[l] in ODDS_ACTIVATIONS and not Ws[l].is_polynomial() and any(x <= 0 for x in Ws[l].entries()):
            raise ValueError(f"odds of layer {l + 1} must be positive")
    return net, X, Y


def param_names(net):
    """Names of the symbolic weights in the paper's parameter order [vec W_L; ...; vec W_1]."""
    names = []
    for l in range(net.L, 0, -1):
        W = net.W[l - 1]
        for k in range(W.ncols):
            for j in range(W.nrows):
                names.append(W.rows[j][k].variables()[0])
    return names


def weight_objects(net):
    """W_l (plain layers) or E_l (odds layers: Principle 3 is about W_l = log E_l, the statement
    reads it through the `log_rank` fact)."""
    return {(f"E_{l}" if net.acts[l - 1] in ODDS_ACTIVATIONS else f"W_{l}"): net.W[l - 1] for l in range(1, net.L + 1)}


def block_objects(net, X):
    objs = {}
    blocks, Psis, Phis = net.P_blocks(X)
    T, nL = X.ncols, net.widths[-1]
    for l in range(1, net.L + 1):
        objs[f"P_{l}"] = blocks[l]
        objs[f"Phi_{l - 1}"] = Phis[l - 1]
        for i in range(T):
            objs[f"Psi_{l}_{i + 1}"] = Psis[l].submatrix(range(Psis[l].nrows), range(i * nL, (i + 1) * nL))
    return objs


def principle4(params):
    """Principle 4 from the params: every activation has sigma' != 0 on all of R."""
    return all(a in PRINCIPLE4 for a in spec_of(params)["activations"])


# ====================================================================== gradient and Jacobian
def build_grad(params, witness=None):
    net, X, Y = net_from(params)
    P, EPS = net.P(X), net.eps(X, Y)
    objs = {"P": P, "EPS": EPS, "G_rec": net.grad_recursion(X, Y), "P_EPS": matmul(P, EPS)}
    if net.W[0].is_polynomial():
        out = net.outputs(X)
        loss = 0
        for i in range(X.ncols):
            for k in range(out.nrows):
                r = out.rows[k][i] - Y.rows[k][i]
                loss = loss + r * r
        objs["G_diff"] = jacobian([loss], param_names(net)).T
    else:
        objs["G_diff"] = scale(X.ncols, net.gradient(X, Y))
    return objs


def build_pjac(params, witness=None):
    net, X, Y = net_from(params)
    objs = {"X": X, "P": net.P(X)}
    if net.W[0].is_polynomial():
        out = net.outputs(X)
        stacked = [out.rows[k][i] for i in range(X.ncols) for k in range(out.nrows)]
        objs["J_T"] = jacobian(stacked, param_names(net)).T
    else:
        objs["J_T"] = net.jacobian_forward(X)
    return objs


# ====================================================================== rank bounds on P(W): Props 3, 6
def build_blocks(params, witness=None):
    net, X, Y = net_from(params)
    objs = {"P": net.P(X), **block_objects(net, X), **weight_objects(net)}
    if params.get("prop6") is True:
        objs["X1"] = Matrix(X.ncols, X.nrows + 1,
                            [[X.rows[j][i] for j in range(X.nrows)] + [1] for i in range(X.ncols)])
    return objs


# ====================================================================== the XOR networks
def xor_weights(params, witness):
    """The weights of a quantified XOR statement's witness {weights: [E_1, W_2]}: the shapes of the
    params' architecture, positive odds (checked by `net_from`)."""
    if not isinstance(witness, dict) or set(witness) != {"weights"}:
        raise ValueError("witness: {weights: [E_1, W_2]}")
    return witness["weights"]


def build_xor(params, witness=None):
    net, X, Y = net_from(params, None if witness is None else xor_weights(params, witness))
    if net.L != 2 or not all(net.dummy) or net.widths[0] != 2 or net.widths[2] != 1:
        raise ValueError("the XOR claims are about F(2, n_1, 1) with dummy units")
    P = net.P(X)
    n1 = net.widths[1]
    objs = {"P": P, **weight_objects(net),
            "P_top": P.submatrix(range(n1 + 1), range(P.ncols)),
            "P_bottom": P.submatrix(range(n1 + 1, P.nrows), range(P.ncols)),
            "X_aug": vstack([X, Matrix(1, X.ncols, [[1] * X.ncols])])}
    return objs


# ====================================================================== Hessians and GGN
EXACT_MIN_E1 = [[2, 3], [2, 3], ["1/4", "1/81"]]


def _det3(A):
    return (A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0])
            + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]))


def exact_min_weights(params):
    """The exact-learning point of F(2,2,1) on XOR that params.exact_min asks for, deterministic from
    the params: hidden odds params.E1 (default: rows 1 and 2 equal, so that samples (0,1) and (1,0)
    have the same hidden outputs), output weights solved from h(0,0), h(0,1), h(1,1) by Cramer's
    rule.  `hessian_net` refuses it unless eps = 0, and the statements read eps = 0 off the object EPS
    as well."""
    E1 = params.get("E1", EXACT_MIN_E1)
    net, X, _ = net_from({"net": xor_net(2, E1, [[0], [0], [0]])})
    A = [[Fraction(v) for v in net.forward(x)[0][1]] for x in ([0, 0], [0, 1], [1, 1])]
    b = [Fraction(0), Fraction(1), Fraction(0)]
    d = _det3(A)
    if d == 0:
        raise ValueError("E1: the hidden outputs give a singular 3 x 3 system for the output weights")
    w = [_det3([r[:c] + [b[i]] + r[c + 1:] for i, r in enumerate(A)]) / d for c in range(3)]
    return [E1, [[f"{x.numerator}/{x.denominator}"] for x in w]]


def hessian_net(params):
    """The point of a Hessian claim: params.net, or with params.exact_min the solved exact-learning
    point (refused, as a case error, when the solved output weights do not fit all four samples)."""
    if params.get("exact_min") is True:
        net, X, Y = net_from({"net": xor_net(2, *exact_min_weights(params))})
        if any(r[0] != 0 for r in net.eps(X, Y).rows):
            raise ValueError("E1: the solved output weights do not give exact learning on all four samples "
                             "(rows 1 and 2 of E1 should be equal)")
        return net, X, Y
    return net_from(params)


def build_hess(params, witness=None):
    """P, eps, the Hessian H (the Taylor model: formal differentiation, independent of P and of the
    jets), the Gauss-Newton matrices (1/T) P H_E P^T (GGN) and P H_E P^T (GGN_noT) from the
    recursion, and S2: every sigma'' of every unit at every sample."""
    net, X, Y = hessian_net(params)
    objs = {"P": net.P(X), "EPS": net.eps(X, Y), **weight_objects(net), "H": net.hessian_taylor(X, Y),
            "GGN": net.ggn(X), "GGN_noT": net.ggn(X, with_T=False)}
    S2 = []
    for x in [[X.rows[j][i] for j in range(X.nrows)] for i in range(X.ncols)]:
        _, _, d2 = net.forward(x)
        S2.append([v for l in range(1, net.L + 1) for v in d2[l]])
    objs["S2"] = Matrix(len(S2), len(S2[0]), S2)
    return objs


# ====================================================================== Algorithms 1 and 2
def algorithm1_gradient(net, X, Y):
    """Algorithm 1 with the evident index fix omega_{l-1} <- diag(phi'_{l-1}) W_l omega_l (the printed
    diag(phi'_l) W_l is ill-typed unless n_{l-1} = n_l) and omega_L = diag(phi'_L) grad_E; returns the
    matrices sum_i phi_{l-1} omega_l^T stacked as vec in the paper's order."""
    out = net.outputs(X)
    acc = {l: [[0] * net.W[l - 1].ncols for _ in range(net.W[l - 1].nrows)] for l in range(1, net.L + 1)}
    for i in range(X.ncols):
        x = [X.rows[j][i] for j in range(X.nrows)]
        phis, d1, _ = net.forward(x)
        om = [d1[net.L][k] * 2 * (out.rows[k][i] - Y.rows[k][i]) for k in range(net.widths[-1])]
        for l in range(net.L, 0, -1):
            for j, p in enumerate(phis[l - 1]):
                for k, o in enumerate(om):
                    acc[l][j][k] += p * o
            if l > 1:
                W = net.W[l - 1]
                om = [d1[l - 1][j] * sum(W.rows[j][k] * om[k] for k in range(W.ncols))
                      for j in range(net.widths[l - 1])]
    vec = []
    for l in range(net.L, 0, -1):
        W = acc[l]
        for k in range(len(W[0])):
            for j in range(len(W)):
                vec.append([W[j][k]])
    return Matrix(len(vec), 1, vec)


def build_alg1(params, witness=None):
    net, X, Y = net_from(params)
    return {"G_alg1": algorithm1_gradient(net, X, Y), "G_exact": scale(X.ncols, net.gradient(X, Y))}


def build_alg2(params, witness=None):
    """Eqs. (37)-(40) at the params' point; the witness {xi: column} is the solution of (39) the
    existential statement is about (a column of T n_L exact numbers; default 0)."""
    net, X, Y = net_from(params)
    P, EPS = net.P(X), net.eps(X, Y)
    Ht = net.ggn(X, with_T=False)
    if witness is None:
        xi = Matrix(P.ncols, 1, [[0] for _ in range(P.ncols)])
    else:
        if not isinstance(witness, dict) or set(witness) != {"xi"}:
            raise ValueError("witness: {xi: column}")
        xi = matrix(witness["xi"], "witness.xi")
        if xi.shape != (P.ncols, 1):
            raise ValueError(f"witness.xi must be {P.ncols} x 1")
    HtP, XI_N = matmul(Ht, P), matmul(P, xi)
    return {"P": P, "EPS": EPS, "Ht": Ht, "HtP": HtP, "P_EPS": matmul(P, EPS), "XI": xi, "HtP_XI": matmul(HtP, xi),
            "XI_N": XI_N, "Ht_XI_N": matmul(Ht, XI_N)}


# ====================================================================== principles and remarks
PRINC4_POINTS = ["1/3", "1", "2", "7"]


def build_princ4(params, witness=None):
    """D: sigma' at rational points: logistic, tanh and softplus (whose derivative is the logistic)
    at odds params.points, softsign and identity at -3, -1/2, 0, 5/2, bent identity at
    z = (m^2 - 1)/(2m) (where sqrt(z^2 + 1) = (m^2 + 1)/(2m) is rational) for m = 1, 2, 3, 1/2."""
    pts = [number(p, "points") for p in params.get("points", PRINC4_POINTS)]
    vals = []
    for o in pts:  # odds o = e^z
        vals.append(act_odds("logistic", o)[1])
        vals.append(act_odds("tanh", o)[1])
        vals.append(act_odds("logistic", o)[0])  # softplus' = logistic
    for z in [Fraction(-3), Fraction(-1, 2), Fraction(0), Fraction(5, 2)]:
        vals.append(act_rational("softsign", z)[1])
        vals.append(1)  # identity
    for m in (1, 2, 3, Fraction(1, 2)):
        z = (Fraction(m) ** 2 - 1) / (2 * m)
        vals.append(1 + z / (2 * ((Fraction(m) ** 2 + 1) / (2 * m))))
    return {"D": Matrix(1, len(vals), [vals])}


def build_princ1(params, witness=None):
    """H_E of the squared loss (2 I) or of the Cauchy loss log(1 + |r|^2) at the residual params.r."""
    form = params.get("loss", "squared")
    r = [number(x, "r") for x in params.get("r", [1, 0])]
    n = len(r)
    if form == "squared":
        return {"HE": scale(2, identity(n))}
    if form != "cauchy":
        raise ValueError("loss: squared | cauchy")
    s = sum(Fraction(x) * x for x in r)
    return {"HE": Matrix(n, n, [[(Fraction(2) / (1 + s) if i == j else 0) - 4 * r[i] * r[j] / (1 + s) ** 2
                                 for j in range(n)] for i in range(n)])}


def build_remark4(params, witness=None):
    net, X, Y = net_from(params)
    objs = {f"W_{l}": net.W[l - 1] for l in range(1, net.L + 1)}
    psis, _ = net.psi([X.rows[j][0] for j in range(X.nrows)])
    for l in range(1, net.L + 1):
        objs[f"Psi_{l}"] = psis[l]
    return objs


def build_vacuous(params, witness=None):
    net, X, Y = net_from(params)
    return {"P": net.P(X), "Phi_1": net.P_blocks(X)[2][1]}


def build_thm1(params, witness=None):
    net, X, Y = net_from(params)
    P, EPS = net.P(X), net.eps(X, Y)
    return {"P": P, "EPS": EPS, "P_T": P.T, "P_EPS": matmul(P, EPS), "H": net.hessian(X, Y)}


def build_remark2(params, witness=None):
    return weight_objects(net_from(params)[0])


def build_ggn_conv(params, witness=None):
    """The XOR data: the convergence order is a limit, which no exact fact decides
    (see `statements_nets.ggn_conv`)."""
    return {"X": matrix(XOR_X, "X")}
