"""Untrusted proofs of Shen's network claims: rank, inertia and solve certificates from the engines,
Principle 3 for odds layers (an mpmath interval search for a nonzero maximal minor of log E, which
the kernel re-checks with rule log_minor_nonzero), the searches over XOR weights, and the mpmath
experiment of `shen.ggn.conv`."""

import itertools
import random
import time
from fractions import Fraction

from ...errors import Unknown
from ..base import Proof
from . import builds_nets as N
from . import notes
from .proofs import budget, fast_rank


def weight_names(objects):
    return sorted(k for k in objects if k.startswith("W_"))


def log_rank_obligations(objects):
    """(obligations, notes): for every odds object E_l, a maximal minor of log E_l whose determinant
    an mpmath interval evaluation puts away from 0 (none found: no obligation, the statement's
    log_rank atom stays unknown)."""
    from mpmath import iv, mp

    obs, out = [], []
    for name in sorted(k for k in objects if k.startswith("E_")):
        E = objects[name]
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
            out.append(f"Principle 3 for log {name}: no maximal minor certified nonzero by interval arithmetic")
            continue
        obs.append({"rule": "log_minor_nonzero", "matrix": name, "rows": list(found[0]), "cols": list(found[1]),
                    "terms": 40})
        lo, hi = (mp.nstr(mp.mpf(end.a if hasattr(end, "a") else end), 8) for end in (found[2].a, found[2].b))
        out.append(f"Principle 3 for W = log {name}: the minor rows {list(found[0])} cols {list(found[1])} has "
                   f"determinant in [{lo}, {hi}] (re-checked by the kernel, rule log_minor_nonzero)")
    return obs, out


def _iv_det(A):
    n = len(A)
    if n == 1:
        return A[0][0]
    tot = 0
    for j in range(n):
        term = A[0][j] * _iv_det([row[:j] + row[j + 1:] for row in A[1:]])
        tot = tot + term if j % 2 == 0 else tot - term
    return tot


def principle3_obligations(ctx, objects):
    rk, obs = ctx.rank(objects, weight_names(objects))
    lobs, lnotes = log_rank_obligations(objects)
    return obs + lobs, lnotes


# ====================================================================== gradient, Jacobian, blocks
def grad(objects, params, ctx):
    return Proof([], notes=notes.grad(objects["G_rec"].is_polynomial()))


def pjac(objects, params, ctx):
    return Proof([], notes=notes.pjac(objects["P"].is_polynomial()))


def prop3(form):
    def prove(objects, params, ctx):
        names = ["P"] + sorted(k for k in objects if k.startswith(("P_", "Phi_", "Psi_")))
        rk, obs = ctx.rank(objects, names)
        return Proof(obs, notes=notes.prop3(form, rk))
    return prove


def prop6(objects, params, ctx):
    rk, obs = ctx.rank(objects, ["P", "X1"])
    pobs, pnotes = principle3_obligations(ctx, objects)
    return Proof(obs + pobs, notes=pnotes + notes.prop6(rk))


# ====================================================================== the XOR networks
def xor_search(n1, target, params, tight):
    """A point of F(2, n1, 1) on XOR with full-rank log E_1 (float check) and output weights v = 0
    (otherwise the second row block alone has rank >= 3), hidden odds from the grid {1, 2, 1/2, 3}:
    rank P_xor == target (tight) or < target (a violation); exhaustive when small, else random
    within the time budget.  Returns (weights or None, least rank seen)."""
    import numpy as np

    grid = [Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3)]
    rng = random.Random(f"xor{n1}")
    deadline = time.time() + budget(params)
    X = N.matrix(N.XOR_X)
    least = None
    tries = itertools.product(grid, repeat=3 * n1) if len(grid) ** (3 * n1) <= 5000 else \
        (tuple(rng.choice(grid) for _ in range(3 * n1)) for _ in iter(int, 1))
    for ent in tries:
        if time.time() > deadline:
            break
        E1 = [[ent[j * n1 + k] for k in range(n1)] for j in range(3)]
        if np.linalg.matrix_rank(np.array([[float(np.log(float(x))) for x in r] for r in E1])) < min(3, n1):
            continue
        weights = [[[_enc(x) for x in r] for r in E1], [[0]] * n1 + [[1]]]
        net, _, _ = N.net_from({"net": N.xor_net(n1, *weights)})
        r = fast_rank(net.P(X))
        least = r if least is None else min(least, r)
        if (tight and r == target) or (not tight and r < target):
            return weights, least
    return None, least


def _enc(x):
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def xor(kind):
    def prove(objects, params, ctx):
        from .statements_nets import XOR_BOUNDS

        witness, extra, extra_search = None, [], []
        n1 = objects["P_top"].nrows - 1
        tight = params.get("search_tight") is True
        if kind == "block231" or (kind in XOR_BOUNDS and (tight or params.get("search") is True)):
            if kind == "block231":
                weights, least = _block_search(n1, params)
                target = 3
            elif kind == "lb231" and not tight:
                target = 3
                weights, least = xor231_rank2_search(params)
                extra_search = notes.xor231_pair(weights, least)
            else:
                target = XOR_BOUNDS[kind]
                weights, least = xor_search(n1, target, params, tight)
            if weights is not None:
                witness = {"weights": weights}
                objects = N.build_xor(params, witness)
                extra = extra_search or notes.xor_found(tight or kind == "block231")
            else:
                extra = extra_search or notes.xor_none(tight, target, least)
        rk, obs = ctx.rank(objects, ["P", "P_top", "P_bottom", "X_aug"])
        pobs = []
        pnotes = []
        if kind != "setup":
            pobs, pnotes = principle3_obligations(ctx, objects)
        return Proof(obs + pobs, witness=witness, notes=pnotes + notes.xor(n1, rk) + extra)
    return prove


def affine_pair_search(max_height=7):
    """The smallest pair of F(2,3,1) hidden units whose outputs on the XOR inputs are affinely related,
    h_2 = alpha + beta h_1, while their input weights (log p, log q) are independent: with a third,
    constant unit and v = 0, rank P_xor = rank [h_1; h_2; h_3; 1] = 2 at a full-rank W_1.

    A unit is its odds (p, q, r) = exp of its weights on (x1, x2, dummy); its outputs are
    o / (1 + o) at o = r, r q, r p, r p q (inputs (0,0), (0,1), (1,0), (1,1)), so a unit's odds obey
    o00 o11 = o01 o10.  Two units are affinely related iff their difference vectors
    (h01 - h00, h10 - h00, h11 - h00) are parallel: units are grouped by that direction.  Heights
    H = max(numerator, denominator) = 2, 3, ... are searched exhaustively in turn (odds a/b with
    a, b <= H); the first height with a pair wins, then the least sum of numerators and
    denominators, then the least entries.  Deterministic (no time budget: the pair appears at height
    6 within a few seconds).  Returns (pair or None, the heights searched)."""
    import math

    searched = []
    for H in range(2, max_height + 1):
        grid = sorted({Fraction(a, b) for a in range(1, H + 1) for b in range(1, H + 1)})
        groups = {}
        for p, q, r in itertools.product(grid, repeat=3):
            if p == 1 and q == 1:
                continue  # a constant unit
            h = [o / (1 + o) for o in (r, r * q, r * p, r * p * q)]
            d = [h[1] - h[0], h[2] - h[0], h[3] - h[0]]
            piv = next(x for x in d if x != 0)
            groups.setdefault(tuple(x / piv for x in d), []).append((p, q, r))
        best = None
        for units in groups.values():
            for u1, u2 in itertools.combinations(units, 2):
                if abs(math.log(u1[0]) * math.log(u2[1]) - math.log(u1[1]) * math.log(u2[0])) < 1e-9:
                    continue
                key = (sum(x.numerator + x.denominator for x in u1 + u2), u1 + u2)
                if best is None or key < best[0]:
                    best = (key, (u1, u2))
        searched.append(H)
        if best is not None:
            return best[1], searched
    return None, searched


def xor231_rank2_search(params):
    """A counterexample to rank P_xor >= 3 on F(2,3,1): the smallest affinely related unit pair, a
    constant third unit (odds 1, 1, 2: weights (0, 0, log 2)) and W_2 = (0, 0, 0, 1)."""
    pair, searched = affine_pair_search()
    if pair is None:
        return None, searched
    (p1, q1, r1), (p2, q2, r2) = pair
    E1 = [[p1, p2, 1], [q1, q2, 1], [r1, r2, 2]]
    return [[[_enc(x) for x in r] for r in E1], [[0], [0], [0], [1]]], searched


def _block_search(n1, params):
    """A point where the first row block has rank 3 (the params' point when it has)."""
    net, X, _ = N.net_from(params)
    if fast_rank(net.P(X).submatrix(range(n1 + 1), range(4))) == 3:
        return None, 3
    grid = [Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3)]
    for ent in itertools.product(grid, repeat=3 * n1):
        E1 = [[ent[j * n1 + k] for k in range(n1)] for j in range(3)]
        import numpy as np

        if np.linalg.matrix_rank(np.array([[float(np.log(float(x))) for x in r] for r in E1])) < min(3, n1):
            continue
        weights = [[[_enc(x) for x in r] for r in E1], [[0]] * n1 + [[1]]]
        net, _, _ = N.net_from({"net": N.xor_net(n1, *weights)})
        if fast_rank(net.P(X).submatrix(range(n1 + 1), range(4))) == 3:
            return weights, 3
    return None, None


# ====================================================================== Hessians and GGN
def hess(kind):
    def prove(objects, params, ctx):
        if kind == "prop4":
            rk, obs = ctx.rank(objects, ["H"])
            return Proof(obs, notes=notes.hess(kind, params, rk))
        if kind == "ggn.psd":
            inert, obs = ctx.engines.inertia_certificate(objects["GGN"], "GGN", method=ctx.method, seed=ctx.seed)
            return Proof(obs, notes=notes.hess(kind, params, inert))
        return Proof([], notes=notes.hess(kind, params, None))
    return prove


# ====================================================================== Algorithms 1 and 2
def alg1(objects, params, ctx):
    return Proof([], notes=notes.ALG1)


def alg2(objects, params, ctx):
    xi, obs = ctx.engines.solve_certificate(objects["HtP"], objects["P_EPS"], "HtP", "P_EPS",
                                            method=ctx.method, seed=ctx.seed)
    if xi is None:
        return Proof(obs, notes=["eq. 39 H~ P xi = P eps has no solution at this point"])
    witness = {"xi": [[_enc(x) for x in r] for r in xi.rows]}
    objs = N.build_alg2(params, witness)
    _, obs2 = ctx.engines.solve_certificate(objs["Ht"], objs["XI_N"], "Ht", "XI_N", method=ctx.method, seed=ctx.seed)
    return Proof(obs2, witness=witness, notes=notes.ALG2)


def ggn_conv(objects, params, ctx):
    """High-precision (mpmath) run of the approximate Newton / GGN iteration (eq. 40, alpha = 1)."""
    from mpmath import exp, log, matrix, mp, mpf

    dps = int(params.get("dps", 80))
    with mp.workdps(dps):
        E1, W2 = N.exact_min_weights({})
        E1 = [[Fraction(N.number(x)) for x in r] for r in E1]
        W2 = [Fraction(N.number(r[0])) for r in W2]
        Wstar = [mpf(x.numerator) / x.denominator for x in W2]
        Wstar += [log(mpf(e.numerator) / e.denominator) for k in range(2) for e in [E1[j][k] for j in range(3)]]
        X, Y = N.XOR_X, N.XOR_Y[0]

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
                jac.append([s[0], s[1], mpf(1)] + [v[k] * ds[k] * x[j] for k in range(2) for j in range(3)])
            return outs, jac

        theta = [t + mpf(str(params.get("offset", "0.05"))) * (1 if i % 2 else -1) for i, t in enumerate(Wstar)]
        losses = []
        for _ in range(int(params.get("iterations", 7))):
            outs, jac = model(theta)
            eps = [2 * (o - y) for o, y in zip(outs, Y)]
            losses.append(sum((o - y) ** 2 for o, y in zip(outs, Y)) / 4)
            P = matrix(jac).T
            A = 2 * P * P.T * P
            xi = mp.lu_solve(A.T * A, A.T * (P * matrix(eps)))  # least squares; the system is consistent
            step = P * xi
            theta = [t - step[i] for i, t in enumerate(theta)]
        res = [mp.nstr(x, 5) for x in losses]
        orders = [mp.nstr(log(b) / log(a), 4) for a, b in zip(losses[1:], losses[2:]) if 0 < a < 1 and b > 0]
    raise Unknown(notes.ggn_conv(dps, res, orders))


# ====================================================================== principles and remarks
def princ4(objects, params, ctx):
    return Proof([], notes=notes.PRINC4)


def princ1(objects, params, ctx):
    rk, obs = ctx.rank(objects, ["HE"])
    return Proof(obs, notes=notes.princ1(params, rk))


def remark4(objects, params, ctx):
    rk, obs = ctx.rank(objects, sorted(objects))
    return Proof(obs, notes=notes.remark4(rk))


def prop1(objects, params, ctx):
    rk, obs = ctx.rank(objects, ["P"])
    return Proof(obs, notes=notes.prop1(rk))


def prop5(objects, params, ctx):
    rk, obs = ctx.rank(objects, ["Phi_1"])
    return Proof(obs, notes=notes.prop5(rk))


def thm1(objects, params, ctx):
    _, obs = ctx.engines.solve_certificate(objects["P_T"], objects["EPS"], "P_T", "EPS", method=ctx.method,
                                           seed=ctx.seed)
    inert, obs2 = ctx.engines.inertia_certificate(objects["H"], "H", method=ctx.method, seed=ctx.seed)
    return Proof(obs + obs2, notes=notes.thm1(inert))


def remark2(objects, params, ctx):
    obs, pnotes = principle3_obligations(ctx, objects)
    return Proof(obs, notes=pnotes + notes.REMARK2)
