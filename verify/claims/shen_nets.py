"""Shen's network claims (paper 001 Sections 3-6, supplement 000 Props 3, 5, 6).

A network instance is given by `params.net`:
    {widths: [n_0..n_L], activations: [...], weights: [W_1 rows, ..., W_L rows], dummy: [bool per layer 0..L-1],
     coeffs: {layer: [c0, c1, ...]}, pattern: {layer: value}}
with data `params.X` (n_0 x T, without the dummy row) and `params.Y` (n_L x T); the default is the XOR
task of eqs. (33)-(35) on F(2,2,1) with dummy units and logistic hidden units.  Logistic / tanh
layers are given by E = exp(W) (exp(2W) for tanh), see `verify.builders.mlp`; their real weights
W = log E enter Principle 3 (full rank) only, which is certified with `mpmath.iv` interval
arithmetic here (recorded in the notes; the kernel does not re-check interval facts).
"""

import itertools
import random
import time
from fractions import Fraction

from ..builders.calculus import jacobian
from ..builders.mlp import MLP, ODDS_ACTIVATIONS, act_odds, act_rational
from ..errors import Unknown
from ..kernel.exact import Matrix, identity, matmul
from ..builders.matrices import scale, vstack, zeros
from ..kernel.poly import Poly
from .base import Claim, Proof
from .shen_common import R, add, enc, fast_rank, mat, mul, num, ranks, sub

XOR_X = [[0, 0, 1, 1], [0, 1, 0, 1]]
XOR_Y = [[0, 1, 1, 0]]
XOR_221 = {"widths": [2, 2, 1], "activations": ["logistic", "identity"], "dummy": [True, True],
           "weights": [[[2, "1/3"], [3, "1/2"], ["1/2", 5]], [[1], [-2], ["1/3"]]]}


# ====================================================================== instances
def net_from(params, witness=None):
    """(MLP, X, Y) from params (a witness may replace params.net.weights)."""
    spec = dict(params.get("net") or XOR_221)
    if witness and "weights" in witness:
        spec["weights"] = witness["weights"]
    L = len(spec["widths"]) - 1
    if spec.get("symbolic"):
        Ws = []
        for l in range(1, L + 1):
            m = spec["widths"][l - 1] + bool((spec.get("dummy") or [False] * L)[l - 1])
            Ws.append(Matrix(m, spec["widths"][l], [[Poly.var(f"w{l}_{j}_{k}") for k in range(spec["widths"][l])]
                                                     for j in range(m)]))
    else:
        Ws = [mat(w, f"net.weights[{i}]") for i, w in enumerate(spec["weights"])]
    coeffs = {int(k): [num(c) for c in v] for k, v in (spec.get("coeffs") or {}).items()}
    pattern = {int(k): num(v) for k, v in (spec.get("pattern") or {}).items()}
    net = MLP(spec["widths"], spec["activations"], Ws, spec.get("dummy"), coeffs, pattern)
    X = mat(params.get("X", XOR_X), "X")
    Y = mat(params.get("Y", XOR_Y), "Y")
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


def base_objects(net, X, Y, want=("P",)):
    objs = {"X": X, "Y": Y}
    if "P" in want or "blocks" in want:
        objs["P"] = net.P(X)
    if "blocks" in want:
        blocks, Psis, Phis = net.P_blocks(X)
        T, nL = X.ncols, net.widths[-1]
        for l in range(1, net.L + 1):
            objs[f"P_{l}"] = blocks[l]
            objs[f"Phi_{l - 1}"] = Phis[l - 1]
            for i in range(T):
                objs[f"Psi_{l}_{i + 1}"] = Psis[l].submatrix(range(Psis[l].nrows), range(i * nL, (i + 1) * nL))
    if "W" in want:
        for l in range(1, net.L + 1):
            if net.acts[l - 1] not in ODDS_ACTIVATIONS:
                objs[f"W_{l}"] = net.W[l - 1]
            else:
                objs[f"E_{l}"] = net.W[l - 1]  # odds E = exp(W): Principle 3 via log_minor_nonzero
    if "eps" in want:
        objs["EPS"] = net.eps(X, Y)
    return objs


def log_rank_note(net):
    """Principle 3 for odds layers: full rank of W = log E (or log E / 2).

    An untrusted mpmath interval search finds a maximal minor whose determinant is away from 0;
    the kernel rule `log_minor_nonzero` then re-checks that minor with its own rational enclosures
    of the logarithms.  Returns (obligations, expression, notes); the expression is true iff every
    odds layer's minor was certified.  Raises Unknown when no minor can be certified."""
    from mpmath import iv, mp

    obligations, facts, notes = [], [], []
    for l in range(1, net.L + 1):
        if net.acts[l - 1] not in ODDS_ACTIVATIONS:
            continue
        E = net.W[l - 1]
        m, n = E.shape
        r = min(m, n)
        iv.dps = 40
        logs = [[iv.log(iv.mpf(Fraction(x).numerator) / Fraction(x).denominator) for x in row] for row in E.rows]
        found = None
        for rows in itertools.combinations(range(m), r):
            for cols in itertools.combinations(range(n), r):
                det = _iv_det([[logs[i][j] for j in cols] for i in rows])
                if not (det.a <= 0 <= det.b):
                    found = (rows, cols, det)
                    break
            if found:
                break
        if not found:
            raise Unknown(f"Principle 3 for W_{l} = log E_{l}: no maximal minor could be certified nonzero "
                          "by interval arithmetic (W_{l} may be rank deficient)")
        label = f"principle3_W_{l}"
        obligations.append({"rule": "log_minor_nonzero", "matrix": f"E_{l}", "rows": list(found[0]),
                            "cols": list(found[1]), "terms": 40, "label": label})
        facts.append({"fact": label})
        notes.append(f"Principle 3 for W_{l} = log E_{l}: the minor rows {list(found[0])} cols {list(found[1])} "
                     f"of log E_{l} has determinant in {mp.nstr(found[2].a, 8)} .. {mp.nstr(found[2].b, 8)}; "
                     f"the kernel re-checks it (rule log_minor_nonzero), so W_{l} has full rank {r}.")
    return obligations, {"and": facts}, notes


def _iv_det(A):
    n = len(A)
    if n == 1:
        return A[0][0]
    if n == 2:
        return A[0][0] * A[1][1] - A[0][1] * A[1][0]
    tot = 0
    for j in range(n):
        minor = [row[:j] + row[j + 1:] for row in A[1:]]
        term = A[0][j] * _iv_det(minor)
        tot = tot + term if j % 2 == 0 else tot - term
    return tot


def _claim(cid, title, source, build, prove, doc=""):
    return cid, Claim(id=cid, title=title, source=source, build=build, prove=prove, params_doc=doc)


NET_DOC = "net: {widths, activations, weights, dummy, coeffs, pattern}, X, Y (default: XOR F(2,2,1))"


# ====================================================================== gradient and Jacobian
def build_grad(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = base_objects(net, X, Y, ("P", "eps"))
    T = X.ncols
    objs["G_rec"] = net.grad_recursion(X, Y)
    objs["P_EPS"] = matmul(objs["P"], objs["EPS"])
    if net.W[0].is_polynomial():
        names = param_names(net)
        out = net.outputs(X)
        loss = 0
        for i in range(T):
            for k in range(out.nrows):
                r = out.rows[k][i] - Y.rows[k][i]
                loss = loss + r * r
        objs["G_diff"] = jacobian([loss], names).T
    else:
        objs["G_diff"] = scale(T, net.gradient(X, Y))
    return objs


def prove_grad(objects, params, ctx):
    sym = objects["G_rec"].is_polynomial()
    return Proof(obligations=[], predicate={"and": [{"equal": ["G_rec", "G_diff"]}, {"equal": ["G_rec", "P_EPS"]}]},
                 notes=["vec grad_J(W_l) = sum_i phi_{l-1} omega_l^T with omega from eq. (15) (G_rec) equals "
                        + ("the formal derivative of the summed loss (symbolic weights, polynomial activation)"
                           if sym else "T times the exact gradient of the total loss by forward jets")
                        + ", and equals P(W) eps(W) (eq. 18-19).",
                        "Eq. 16 drops the 1/T of eq. 6: G_rec is the gradient of sum_i E, i.e. T grad J."])


def build_pjac(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = {"X": X, "P": net.P(X)}
    if net.W[0].is_polynomial():
        out = net.outputs(X)
        stacked = [out.rows[k][i] for i in range(X.ncols) for k in range(out.nrows)]
        objs["J_T"] = jacobian(stacked, param_names(net)).T
    else:
        objs["J_T"] = net.jacobian_forward(X)
    return objs


def prove_pjac(objects, params, ctx):
    sym = objects["P"].is_polynomial()
    return Proof(obligations=[], predicate={"equal": ["P", "J_T"]},
                 report={"shape": [{"nrows": "P"}, {"ncols": "P"}]},
                 notes=["P(W) = Psi (.) Phi from the recursion Psi_l = Sigma'_l W_{l+1} Psi_{l+1} (eqs. 17, 21-22) equals "
                        "the transposed Jacobian of the stacked outputs, computed "
                        + ("by formal differentiation of the output polynomials (symbolic weights)" if sym
                           else "by forward jets (an independent chain-rule order)") + "."])


# ====================================================================== rank bounds on P(W): Props 3, 6
def build_blocks(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = base_objects(net, X, Y, ("P", "blocks", "W"))
    if params.get("prop6"):
        T = X.ncols
        objs["X1"] = Matrix(T, X.nrows + 1, [[X.rows[j][i] for j in range(X.nrows)] + [1] for i in range(T)])
    return objs


def _prop3_bound(objects, net, T, form):
    L, n = net.L, net.widths
    terms = [mul(n[l], R(f"Phi_{l - 1}")) for l in range(1, L + 1)]
    terms += [R(f"Psi_{l}_{i + 1}") for l in range(1, L + 1) for i in range(T)]
    if form == "supp":
        const = sum(T * n[L] for l in range(1, L)) + L * T * n[L]
    else:
        const = sum(T * n[l] for l in range(1, L)) + L * T * n[L]
    return sub(add(*terms), const)


def _make_prop3(form):
    def prove(objects, params, ctx):
        net, X, Y = net_from(params, None if not objects.get("_w") else objects["_w"])
        T = X.ncols
        names = ["P"] + [f"P_{l}" for l in range(1, net.L + 1)] + [f"Phi_{l - 1}" for l in range(1, net.L + 1)]
        names += [f"Psi_{l}_{i + 1}" for l in range(1, net.L + 1) for i in range(T)]
        rk, obs = ranks(ctx, objects, names)
        if form == "max":
            bound = {"max": [R(f"P_{l}") for l in range(1, net.L + 1)]}
        else:
            bound = _prop3_bound(objects, net, T, form)
        notes = [f"rank P = {rk['P']}; ranks of the row blocks {[rk[f'P_{l}'] for l in range(1, net.L + 1)]}."]
        if form == "supp":
            notes.append("Supplement eq. (20) subtracts sum_{l<L} T n_L where the main paper's eq. (24) (and eq. (10) "
                         "applied to eq. (21)) gives sum_{l<L} T n_l; they differ when a hidden layer is wider "
                         "than the output.")
        return Proof(obligations=obs, predicate={"ge": [R("P"), bound]},
                     report={"rank_P": R("P"), "bound": bound, "tight": {"eq": [R("P"), bound]}}, notes=notes)
    return prove


def prove_prop6(objects, params, ctx):
    net, X, Y = net_from(params)
    n0, n1, n2, T = net.widths[0], net.widths[1], net.widths[2], X.ncols
    names = ["P", "X1"] + [k for k in objects if k.startswith("W_")]
    rk, obs = ranks(ctx, objects, names)
    logobs, ok, lognotes = log_rank_note(net)
    obs = obs + logobs
    b1 = max(n1 * n2, n1 * (n0 + n2 - T))
    b2 = max(n1 * n2, n1 * (n0 + n2 - T + 1))
    p3 = {"and": [{"eq": [R(k), min(objects[k].shape)]} for k in objects if k.startswith("W_")] + [ok]}
    hyp = {"and": [p3, n2 <= n1 <= T, all(net.dummy)]}
    concl = {"and": [{"implies": [{"eq": [R("X1"), n0]}, {"ge": [R("P"), b1]}]},
                     {"implies": [{"eq": [R("X1"), n0 + 1]}, {"ge": [R("P"), b2]}]}]}
    return Proof(obligations=obs, predicate={"implies": [hyp, concl]},
                 report={"rank_P": R("P"), "rank_X1": R("X1"), "hypotheses_hold": hyp,
                         "bound_case2": b2},
                 notes=lognotes + [f"Proposition 6 on F{tuple(net.widths)} with T = {T}: rank P = {rk['P']}, "
                                   f"rank [X^T, 1] = {rk['X1']}; bounds {b1} (case 1), {b2} (case 2).",
                                   "The proof's step 'rank(Phi_1) >= n_1' fails when hidden units are constant "
                                   "on the data while W_1 keeps full rank."])


# ====================================================================== the XOR networks
def _xor_net(n1, E1, W2):
    return {"widths": [2, n1, 1], "activations": ["logistic", "identity"], "dummy": [True, True],
            "weights": [E1, W2]}


def build_xor(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = base_objects(net, X, Y, ("P", "W"))
    n1 = net.widths[1]
    objs["P_top"] = objs["P"].submatrix(range(n1 + 1), range(objs["P"].ncols))
    objs["P_bottom"] = objs["P"].submatrix(range(n1 + 1, objs["P"].nrows), range(objs["P"].ncols))
    objs["X_aug"] = vstack([X, Matrix(1, X.ncols, [[1] * X.ncols])])
    return objs


def _p3_expr(objects, ok):
    return {"and": [{"eq": [R(k), min(objects[k].shape)]} for k in objects if k.startswith("W_")] + [ok]}


def _xor_search(n1, target, params):
    """Untrusted search for an F(2,n1,1) XOR point obeying Principles 3 and 4 with rank P_xor <= target:
    hidden odds from a small grid, output weights with v = 0 first (rank drops need the hidden-to-output
    weights to vanish: otherwise the second row block alone has rank >= 3)."""
    import numpy as np

    grid = [Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3)]
    rng = random.Random(f"xor{n1}")
    deadline = time.time() + float(params.get("search_seconds", 5))
    X = mat(XOR_X)
    best = None
    tries = itertools.product(grid, repeat=3 * n1) if len(grid) ** (3 * n1) <= 5000 else \
        (tuple(rng.choice(grid) for _ in range(3 * n1)) for _ in iter(int, 1))
    for ent in tries:
        if time.time() > deadline:
            break
        E1 = [[ent[j * n1 + k] for k in range(n1)] for j in range(3)]
        logs = np.array([[float(np.log(float(x))) for x in r] for r in E1])
        if np.linalg.matrix_rank(logs) < min(3, n1):
            continue
        W2 = [[0]] * n1 + [[1]]
        spec = _xor_net(n1, [[enc_f(x) for x in r] for r in E1], W2)
        net, _, _ = net_from({"net": spec})
        r = fast_rank(net.P(X))
        if best is None or r < best[0]:
            best = (r, spec)
        if r <= target:
            break
    return best


def enc_f(x):
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _make_xor(kind):
    def prove(objects, params, ctx):
        witness, objs = None, objects
        if params.get("search"):
            n1 = (params.get("net") or XOR_221)["widths"][1]
            target = {"lb221": 2, "lb231": 2, "block231": 3}[kind]
            best = _xor_search(n1, target, params)
            if best is not None:
                witness = {"weights": best[1]["weights"]}
                objs = build_xor(params, witness)
        net, X, Y = net_from(params, witness)
        names = ["P", "P_top", "P_bottom", "X_aug"] + [k for k in objs if k.startswith("W_")]
        rk, obs = ranks(ctx, objs, names)
        if kind == "setup":  # the shape statement does not involve Principle 3
            logobs, ok, lognotes = [], True, []
        else:
            logobs, ok, lognotes = log_rank_note(net)
        obs = obs + logobs
        p3 = _p3_expr(objs, ok)
        n1 = net.widths[1]
        if kind == "setup":
            pred = {"and": [{"eq": [{"nrows": "P"}, 4 * n1 + 1]}, {"eq": [{"ncols": "P"}, 4]}, {"eq": [R("X_aug"), 3]}]}
        elif kind in ("lb221", "lb231"):
            pred = {"implies": [p3, {"ge": [R("P"), 2 if kind == "lb221" else 3]}]}
        elif kind == "blocks221":
            pred = {"implies": [p3, {"and": [{"ge": [R("P_top"), 2]}, {"ge": [R("P_bottom"), 1]}]}]}
        elif kind == "block231":
            pred = {"and": [p3, {"eq": [R("P_top"), 3]}]}
        pr = Proof(obligations=obs, predicate=pred,
                   report={"rank_P": R("P"), "rank_top": R("P_top"), "rank_bottom": R("P_bottom"),
                           "principle3": p3},
                   witness=witness,
                   notes=lognotes + [f"F(2,{n1},1) XOR: rank P_xor = {rk['P']}, first row block (hidden outputs, "
                                     f"with the dummy row) rank {rk['P_top']}, second row block rank {rk['P_bottom']}."])
        if witness is not None:
            pr.objects = objs
            pr.notes.append("Point found by search (odds grid {1, 2, 1/2, 3}, output weights v = 0, bias weight 1).")
        return pr
    return prove


# ====================================================================== Hessians and GGN
def _exact_min_221(params):
    """A rational exact-learning point of F(2,2,1) on XOR: hidden units symmetric in x1, x2 (E rows 1 and 2
    equal) so that the four samples give three distinct hidden outputs; solve for the output weights."""
    E1 = params.get("E1") or [[2, 3], [2, 3], ["1/4", "1/81"]]
    net, X, Y = net_from({"net": _xor_net(2, E1, [[0], [0], [0]])})
    H = [net.forward(x)[0][1] for x in ([0, 0], [0, 1], [1, 1])]
    A = [[Fraction(v) for v in h] for h in H]
    b = [Fraction(0), Fraction(1), Fraction(0)]
    # Cramer's rule on the 3 x 3 system A w = b
    d = _det3(A)
    if d == 0:
        raise Unknown("the chosen hidden odds give a singular 3 x 3 system")
    w = []
    for c in range(3):
        Ac = [r[:c] + [b[i]] + r[c + 1:] for i, r in enumerate(A)]
        w.append(_det3(Ac) / d)
    return {"weights": [E1, [[enc_f(x)] for x in w]]}


def _det3(A):
    return (A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0])
            + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]))


def build_hess(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = base_objects(net, X, Y, ("P", "eps", "W"))
    objs["H"] = net.hessian(X, Y)
    objs["GGN"] = net.ggn(X)
    objs["GGN_noT"] = net.ggn(X, with_T=False)
    S2 = []
    for x in [[X.rows[j][i] for j in range(X.nrows)] for i in range(X.ncols)]:
        _, _, d2 = net.forward(x)
        S2.append([v for l in range(1, net.L + 1) for v in d2[l]])
    objs["S2"] = Matrix(len(S2), len(S2[0]), S2)
    return objs


def _make_hess(kind):
    def prove(objects, params, ctx):
        witness, objs = None, objects
        if params.get("exact_min"):
            witness = _exact_min_221(params)
            objs = build_hess(params, witness)
        net, X, Y = net_from(params, witness)
        T, nL = X.ncols, net.widths[-1]
        obs, notes = [], []
        if kind == "hess26":
            pred = {"implies": [{"is_zero": "S2"}, {"equal": ["H", "GGN"]}]}
            notes.append("Eq. 26 writes the Hessian as the Gauss-Newton term plus terms that each contain Sigma''. "
                         "At this point every Sigma'' vanishes (S2 = 0), so eq. 26 would give H = GGN; the exact "
                         "Hessian (forward jets) differs: the cross terms sum_k (grad_E)_k d^2 F_k / dW_l dW_m with "
                         "l != m contain Sigma' only.")
            report = {"sigma2_all_zero": {"is_zero": "S2"}, "H_equals_GGN": {"equal": ["H", "GGN"]}}
        elif kind == "hess28":
            form = params.get("form", "fixed")
            target = "GGN" if form == "fixed" else "GGN_noT"
            pred = {"implies": [{"is_zero": "EPS"}, {"equal": ["H", target]}]}
            report = {"exact_learning": {"is_zero": "EPS"}, "H_eq_GGN_with_1/T": {"equal": ["H", "GGN"]},
                      "H_eq_P_HE_Pt_printed": {"equal": ["H", "GGN_noT"]}}
            notes.append("Eq. 28 as printed, H = P H_E P^T, omits the 1/T of the total loss (eq. 6); the evident fix "
                         "is H = (1/T) P H_E P^T (form 'fixed').")
        elif kind == "prop4":
            rk, obs = ranks(ctx, objs, ["H"])
            pred = {"implies": [{"is_zero": "EPS"}, {"le": [R("H"), T * nL]}]}
            report = {"rank_H": R("H"), "T_nL": T * nL, "N_net": {"nrows": "H"},
                      "degenerate": {"lt": [R("H"), {"nrows": "H"}]}}
        elif kind == "ggn.psd":
            inert, obs = ctx.engines.inertia_certificate(objs["GGN"], "GGN", method=ctx.method, seed=ctx.seed)
            pred = {"and": [{"eq": [{"index": [{"inertia": "GGN"}, 1]}, 0]},
                            {"implies": [{"is_zero": "EPS"}, {"equal": ["H", "GGN"]}]}]}
            report = {"inertia_GGN": {"inertia": "GGN"}, "exact_learning": {"is_zero": "EPS"}}
            notes.append(f"GGN inertia {inert}.")
        pr = Proof(obligations=obs, predicate=pred, report=report, witness=witness, notes=notes)
        if witness is not None:
            pr.objects = objs
            pr.notes.append(f"Exact-learning point of F(2,2,1): hidden odds E_1 = {witness['weights'][0]}, output "
                            f"weights {witness['weights'][1]} (solved exactly; every output equals its target).")
        return pr
    return prove


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
                om = [d1[l - 1][j] * sum(W.rows[j][k] * om[k] for k in range(W.ncols)) for j in range(net.widths[l - 1])]
    vec = []
    for l in range(net.L, 0, -1):
        W = acc[l]
        for k in range(len(W[0])):
            for j in range(len(W)):
                vec.append([W[j][k]])
    return Matrix(len(vec), 1, vec)


def build_alg(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = base_objects(net, X, Y, ("P", "eps"))
    T = X.ncols
    objs["G_alg1"] = algorithm1_gradient(net, X, Y)
    objs["G_exact"] = scale(T, net.gradient(X, Y))
    P = objs["P"]
    Ht = net.ggn(X, with_T=False)
    objs["Ht"], objs["HtP"], objs["P_EPS"] = Ht, matmul(Ht, P), matmul(P, objs["EPS"])
    if witness and "xi" in witness:
        xi = mat(witness["xi"], "xi")
        objs["XI_N"] = matmul(P, xi)
        objs["Ht_XI_N"] = matmul(Ht, objs["XI_N"])
    return objs


def prove_alg1(objects, params, ctx):
    return Proof(obligations=[], predicate={"equal": ["G_alg1", "G_exact"]},
                 notes=["Algorithm 1 (Step 1-2, batch) accumulates sum_i phi_{l-1} omega_l^T = T grad J (eq. 16 has no 1/T).",
                        "Printed Step 2(1) omega_{l-1} <- diag(phi'_l) W_l omega_l is ill-typed (n_l x n_l times "
                        "n_{l-1} x n_l); implemented with the evident fix diag(phi'_{l-1}) as in eq. (15)."])


def prove_alg2(objects, params, ctx):
    xi, obs = ctx.engines.solve_certificate(objects["HtP"], objects["P_EPS"], "HtP", "P_EPS",
                                            method=ctx.method, seed=ctx.seed)
    if xi is None:
        return Proof(obligations=obs, predicate={"solvable": ["HtP", "P_EPS"]},
                     notes=["Eq. 39 has no solution at this point."])
    witness = {"xi": enc(xi)}
    objs = build_alg(params, witness)
    _, obs2 = ctx.engines.solve_certificate(objs["Ht"], objs["XI_N"], "Ht", "XI_N", method=ctx.method, seed=ctx.seed)
    pred = {"and": [{"solvable": ["HtP", "P_EPS"]}, {"equal": ["Ht_XI_N", "P_EPS"]}, {"solvable": ["Ht", "XI_N"]}]}
    return Proof(obligations=obs + obs2, predicate=pred, witness=witness, objects=objs,
                 report={"xi_N_in_range_Ht": {"solvable": ["Ht", "XI_N"]}},
                 notes=["xi solves H~ P xi = P eps (eq. 39); xi_N = P xi solves H~ xi_N = P eps = vec grad (eq. 38, "
                        "summed-loss convention of eq. 16); xi_N lies in range(H~) = range(P), so it is the "
                        "minimum-norm (pseudo-inverse) Gauss-Newton step."])


# ====================================================================== principles and remarks
def build_princ4(params, witness=None):
    pts = [Fraction(p) for p in params.get("points", ["1/3", "1", "2", "7"])]
    vals = []
    for o in pts:  # odds o = e^z
        vals.append(act_odds("logistic", o)[1])
        vals.append(act_odds("tanh", o)[1])
        vals.append(act_odds("logistic", o)[0])  # softplus' = logistic
    for z in [Fraction(-3), Fraction(-1, 2), Fraction(0), Fraction(5, 2)]:
        vals.append(act_rational("softsign", z)[1])
        vals.append(1)  # identity
    for m in (1, 2, 3, Fraction(1, 2)):  # bent identity at z = (m^2 - 1)/(2m), sqrt(z^2 + 1) = (m^2 + 1)/(2m)
        z = (Fraction(m) ** 2 - 1) / (2 * m)
        vals.append(1 + z / (2 * ((Fraction(m) ** 2 + 1) / (2 * m))))
    return {"D": Matrix(1, len(vals), [vals])}


def prove_princ4(objects, params, ctx):
    n = objects["D"].ncols
    pred = {"and": [{"ne": [{"entry": ["D", 0, j]}, 0]} for j in range(n)]}
    return Proof(obligations=[], predicate=pred,
                 notes=["sigma' at rational points for logistic (o/(1+o)^2), tanh (4o/(1+o)^2), softplus (o/(1+o)), "
                        "softsign (1/(1+|z|)^2), identity (1), bent identity (1 + z/(2 sqrt(z^2+1)) at z with rational "
                        "root): all non-zero. Everywhere: each is a quotient of positive quantities for every real "
                        "z (o = e^z > 0; bent identity' > 1/2), which is the symbolic argument behind Remark 3."])


def build_princ1(params, witness=None):
    form = params.get("loss", "squared")
    r = [Fraction(x) for x in params.get("r", [1, 0])]
    n = len(r)
    if form == "squared":
        return {"HE": scale(2, identity(n))}
    s = sum(x * x for x in r)
    return {"HE": Matrix(n, n, [[(Fraction(2) / (1 + s) if i == j else 0) - 4 * r[i] * r[j] / (1 + s) ** 2
                                 for j in range(n)] for i in range(n)])}


def prove_princ1(objects, params, ctx):
    rk, obs = ranks(ctx, objects, ["HE"])
    n = objects["HE"].nrows
    return Proof(obligations=obs, predicate={"eq": [R("HE"), n]}, report={"rank_HE": R("HE")},
                 notes=[f"Hessian of the {params.get('loss', 'squared')} loss at residual r = {params.get('r', [1, 0])}: "
                        f"rank {rk['HE']} of {n}.",
                        "Squared loss: H_E = 2 I at every phi_L (Principle 1 and 1.a hold). Cauchy loss "
                        "log(1 + |r|^2): the gradient 2r/(1+|r|^2) vanishes only at r = 0 (Principle 1 holds) but "
                        "H_E is singular on |r| = 1, so it is not Morse 'for all phi_L' (Principle 1.a)."])


def build_remark4(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = {f"W_{l}": net.W[l - 1] for l in range(1, net.L + 1)}
    psis, _ = net.psi([X.rows[j][0] for j in range(X.nrows)])
    for l in range(1, net.L + 1):
        objs[f"Psi_{l}"] = psis[l]
    return objs


def prove_remark4(objects, params, ctx):
    net, X, Y = net_from(params)
    L, n = net.L, net.widths
    names = [k for k in objects]
    rk, obs = ranks(ctx, objects, names)
    p3 = {"and": [{"eq": [R(f"W_{l}"), min(objects[f"W_{l}"].shape)]} for l in range(1, L + 1)]}
    upto = params.get("principle5_upto", "L-2")
    last = L - 2 if upto == "L-2" else L - 1
    p5 = all(n[l] <= max(n[l - 1], n[l + 1]) for l in range(1, last + 1))
    concl = {"and": [{"eq": [R(f"Psi_{l}"), min(n[l:])]} for l in range(1, L + 1)]}
    return Proof(obligations=obs, predicate={"implies": [{"and": [p3, p5]}, concl]},
                 report={"ranks_Psi": [R(f"Psi_{l}") for l in range(1, L + 1)],
                         "mins": [min(n[l:]) for l in range(1, L + 1)], "principle5": p5},
                 notes=[f"F{tuple(n)} with softsign hidden units (sigma' != 0) and full-rank weights; Principle 5 "
                        f"checked for l = 1..{last}; ranks {rk}.",
                        "Principle 5 does not constrain layer L-1, and with '<=' it allows plateaus, so products "
                        "W_{l+1} Sigma' ... W_L can lose rank."])


def build_vacuous(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = {"P": net.P(X)}
    Phis = net.P_blocks(X)[2]
    objs["Phi_1"] = Phis[1]
    return objs


def prove_prop1(objects, params, ctx):
    rk, obs = ranks(ctx, objects, ["P"])
    return Proof(obligations=obs, predicate={"eq": [R("P"), {"ncols": "P"}]}, report={"rank_P": R("P")},
                 notes=["Proposition 1 assumes rank P(W) = T n_L for *all* W. At the given W (all weights zero: odds 1, "
                        f"W_2 = 0) rank P = {rk['P']} < T n_L, so the hypothesis never holds for this architecture "
                        "(the proposition is vacuous, not false)."])


def prove_prop5(objects, params, ctx):
    rk, obs = ranks(ctx, objects, ["Phi_1"])
    T = objects["P"].ncols // 1
    return Proof(obligations=obs, predicate={"eq": [R("Phi_1"), {"ncols": "Phi_1"}]}, report={"rank_Phi_1": R("Phi_1")},
                 notes=["Condition (2) of Proposition 5 asks that the T hidden outputs form a basis for *all* W_1; at "
                        f"W_1 = 0 every hidden output is sigma(0), rank Phi_1 = {rk['Phi_1']} < T, so the hypothesis "
                        "cannot hold (the proposition is vacuous). The proof's steps (P_2 square, rank T n_2 when "
                        "Phi_1 is invertible) are right."])


def build_thm1(params, witness=None):
    net, X, Y = net_from(params, witness)
    objs = base_objects(net, X, Y, ("P", "eps"))
    objs["P_T"] = objs["P"].T
    objs["P_EPS"] = matmul(objs["P"], objs["EPS"])
    objs["H"] = net.hessian(X, Y)
    return objs


def prove_thm1(objects, params, ctx):
    _, obs = ctx.engines.solve_certificate(objects["P_T"], objects["EPS"], "P_T", "EPS", method=ctx.method, seed=ctx.seed)
    inert, obs2 = ctx.engines.inertia_certificate(objects["H"], "H", method=ctx.method, seed=ctx.seed)
    pred = {"implies": [{"and": [{"is_zero": "P_EPS"}, {"solvable": ["P_T", "EPS"]}]}, {"is_zero": "EPS"}]}
    return Proof(obligations=obs + obs2, predicate=pred,
                 report={"critical": {"is_zero": "P_EPS"}, "exact_learning": {"is_zero": "EPS"},
                         "eps_in_rowspan_P": {"solvable": ["P_T", "EPS"]}, "hessian_inertia": {"inertia": "H"}},
                 notes=["Theorem 1's step: P eps = 0 and eps = P^T a give |eps|^2 = a^T P eps = 0. At this critical "
                        "point of the XOR net eps != 0 and eps is not in the row span of P (inconsistency certificate), "
                        "so condition (2) fails here, as it must at a non-global critical point.",
                        f"Exact Hessian inertia (n+, n-, n0) = {inert}: "
                        + ("a negative-curvature direction exists, the point is a saddle." if inert[1] > 0 else
                           "no negative eigenvalue: the second-order test is inconclusive.")])


def build_remark2(params, witness=None):
    net, X, Y = net_from(params, witness)
    return {(f"E_{l}" if net.acts[l - 1] in ODDS_ACTIVATIONS else f"W_{l}"): net.W[l - 1] for l in range(1, net.L + 1)}


def prove_remark2(objects, params, ctx):
    rk, obs = ranks(ctx, objects, [k for k in objects if k.startswith("W_")])
    net, X, Y = net_from(params)
    logobs, ok, notes = log_rank_note(net)
    obs = obs + logobs
    pred = {"and": [{"eq": [R(k), min(objects[k].shape)]} for k in objects if k.startswith("W_")] + [ok]}
    return Proof(obligations=obs, predicate=pred,
                 notes=notes + ["Every W_l has full rank at this point; full rank is an open condition (a non-zero "
                                "maximal minor stays non-zero nearby), so a local minimum of J restricted to full-rank "
                                "weights is a local minimum of J: Remark 2's first sentence is the openness argument. "
                                "Its second sentence (whether global minima are excluded) is stated as open."])


def prove_ggn_conv(objects, params, ctx):
    """High-precision (mpmath) run of the approximate Newton / GGN iteration (eq. 40, alpha = 1)."""
    from mpmath import mp, mpf, matrix, exp, log

    mp.dps = int(params.get("dps", 80))
    w = _exact_min_221(params)
    E1 = [[Fraction(num(x)) for x in r] for r in w["weights"][0]]
    W2 = [Fraction(num(r[0])) for r in w["weights"][1]]
    Wstar = [mpf(x.numerator) / x.denominator for x in W2] + [log(mpf(e.numerator) / e.denominator)
                                                              for k in range(2) for e in [E1[j][k] for j in range(3)]]
    X, Y = XOR_X, XOR_Y[0]

    def model(theta):
        v = theta[:3]
        W1 = [[theta[3 + k * 3 + j] for k in range(2)] for j in range(3)]
        outs, jac = [], []
        for i in range(4):
            x = [X[0][i], X[1][i], 1]
            z = [sum(W1[j][k] * x[j] for j in range(3)) for k in range(2)]
            s = [1 / (1 + exp(-zz)) for zz in z]
            ds = [ss * (1 - ss) for ss in s]
            outs.append(v[0] * s[0] + v[1] * s[1] + v[2])
            row = [s[0], s[1], mpf(1)] + [v[k] * ds[k] * x[j] for k in range(2) for j in range(3)]
            jac.append(row)
        return outs, jac

    theta = [t + mpf(params.get("offset", "0.05")) * (1 if i % 2 else -1) for i, t in enumerate(Wstar)]
    errs, losses = [], []
    for _ in range(int(params.get("iterations", 7))):
        outs, jac = model(theta)
        eps = [2 * (o - y) for o, y in zip(outs, Y)]
        losses.append(sum((o - y) ** 2 for o, y in zip(outs, Y)) / 4)
        P = matrix(jac).T  # 9 x 4
        Ht = 2 * P * P.T
        rhs = P * matrix(eps)
        A = Ht * P
        xi = mp.lu_solve(A.T * A, A.T * rhs)  # least squares; the system is consistent
        step = P * xi
        theta = [t - step[i] for i, t in enumerate(theta)]
    res = [mp.nstr(l, 5) for l in losses]
    orders = []
    for a, b in zip(losses[1:], losses[2:]):
        if a > 0 and b > 0 and a < 1 and losses[0] > 0:
            orders.append(mp.nstr(log(b) / log(a), 4))
    raise Unknown("GGN / approximate Newton (alpha = 1) from a perturbed exact-learning point of the F(2,2,1) XOR net, "
                  f"mpmath {mp.dps} digits: losses {res}; successive orders log J_(k+1)/log J_k = {orders} "
                  "(about 2 means quadratic). A floating-point experiment cannot certify a convergence order.")


# ====================================================================== the claims
NET_CLAIMS = dict([
    _claim("shen.grad", "Gradient by back-propagation (eqs. 14-18) equals exact differentiation and P eps",
           "001 (11)-(18)", build_grad, prove_grad, NET_DOC + "; net.symbolic: true for symbolic weights"),
    _claim("shen.P.jac", "P(W) = Psi (.) Phi is the transposed Jacobian of the stacked outputs",
           "001 (19),(21),(22)", build_pjac, prove_pjac, NET_DOC),
    _claim("shen.prop3", "Proposition 3 (main paper eq. 24) on an MLP instance", "001 (24),(59),(60)",
           build_blocks, _make_prop3("main"), NET_DOC),
    _claim("shen.supp.prop3", "Proposition 3 as printed in the supplement (eq. 20: sum_{l<L} T n_L)",
           "000 (20),(22)", build_blocks, _make_prop3("supp"), NET_DOC),
    _claim("shen.prop3.max", "rank P >= max_l rank(Psi_l (.) Phi_{l-1})", "000 (23); 001 (61)",
           build_blocks, _make_prop3("max"), NET_DOC),
    _claim("shen.prop6", "Proposition 6 (dummy units): rank P >= max{n1 n2, n1(n0 + n2 - T (+1))}",
           "000 (25)-(29); 001 (31)-(32),(63)-(65)", build_blocks, prove_prop6, NET_DOC + "; prop6: true"),
    _claim("shen.xor.setup", "XOR data, loss and the shape (4 n_1 + 1) x 4 of P_xor", "001 (33)-(36)",
           build_xor, _make_xor("setup"), NET_DOC),
    _claim("shen.xor221.lb", "F(2,2,1): rank P_xor >= 2 under Principles 3, 4", "001 §5.1",
           build_xor, _make_xor("lb221"), NET_DOC + "; search: true"),
    _claim("shen.xor221.blocks", "F(2,2,1): first row block rank >= 2, second >= 1", "001 §5.1",
           build_xor, _make_xor("blocks221"), NET_DOC),
    _claim("shen.xor231.block1", "F(2,3,1): the first row block can collapse to rank 3", "001 §5.1",
           build_xor, _make_xor("block231"), NET_DOC + "; search: true"),
    _claim("shen.xor231.lb", "F(2,3,1): rank P_xor >= 3 under Principles 3, 4", "001 §5.1",
           build_xor, _make_xor("lb231"), NET_DOC + "; search: true"),
    _claim("shen.hess26", "Eq. 26: Hessian = Gauss-Newton term + terms containing Sigma'' only", "001 (26)",
           build_hess, _make_hess("hess26"), NET_DOC),
    _claim("shen.hess28", "Eq. 28: at exact learning H = P H_E P^T", "001 (27)-(28)",
           build_hess, _make_hess("hess28"), NET_DOC + "; exact_min: true; form: fixed|printed"),
    _claim("shen.prop4", "Proposition 4: rank H(W*) <= T n_L", "001 (29)-(30)",
           build_hess, _make_hess("prop4"), NET_DOC + "; exact_min: true"),
    _claim("shen.ggn.psd", "GGN is PSD, equals the Hessian at exact learning", "001 Rem. 6",
           build_hess, _make_hess("ggn.psd"), NET_DOC + "; exact_min: true"),
    _claim("shen.alg1", "Algorithm 1 computes the (summed) gradient", "001 Alg. 1",
           build_alg, prove_alg1, NET_DOC),
    _claim("shen.alg2", "Algorithm 2 / eqs. 37-40: xi_N = P xi solves H~ xi_N = vec grad", "001 Alg. 2, (37)-(40)",
           build_alg, prove_alg2, NET_DOC),
    _claim("shen.ggn.conv", "GGN with alpha = 1 converges locally quadratically under exact learning (numerical)",
           "001 Rem. 6, §6", lambda p, w=None: {"X": mat(XOR_X)}, prove_ggn_conv, "dps, iterations, offset"),
    _claim("shen.princ4", "sigma' != 0 for sigmoid, tanh, softplus, softsign, bent identity", "001 Rem. 3",
           build_princ4, prove_princ4, "points: odds values"),
    _claim("shen.princ1", "Listed losses satisfy Principle 1; Morse 'for all phi_L'", "001 Princ. 1, 1.a, Rem. 1",
           build_princ1, prove_princ1, "loss: squared|cauchy, r: residual"),
    _claim("shen.remark4", "Principles 3-5 => rank Psi_l^(i) = min{n_l..n_L}", "001 Princ. 5, Rem. 4",
           build_remark4, prove_remark4, NET_DOC + "; principle5_upto: L-2|L-1"),
    _claim("shen.prop1", "Proposition 1's hypothesis rank P(W) = T n_L (for all W) at a given W", "001 Prop 1",
           build_vacuous, prove_prop1, NET_DOC),
    _claim("shen.prop5", "Proposition 5's condition (2): Phi_1 is a basis for all W_1, at a given W_1",
           "000 Prop 5,(24); 001 (62)", build_vacuous, prove_prop5, NET_DOC),
    _claim("shen.thm1", "Theorem 1's argument at a critical point (eps in row span of P => eps = 0)", "001 Thm 1",
           build_thm1, prove_thm1, NET_DOC),
    _claim("shen.remark2", "Full-rank constraint is open (adds no local minima)", "001 Rem. 2",
           build_remark2, prove_remark2, NET_DOC),
])

__all__ = ["NET_CLAIMS", "net_from", "algorithm1_gradient"]
