"""Untrusted search for descent / ascent curves through a degenerate critical point of a network's
loss (check `network_critical_point`).  Nothing here decides anything: a curve found is a witness
that the trusted build turns into objects, and the kernel decides its conditions.

Candidates, in real-weight coordinates theta + t v (odds layers: E (1 + t v), the same curve to
first order), for v in the exact kernel of the Hessian H (a random integer combination of a
basis first, then the basis vectors, both signs): the loss change NUM / DEN along the line is
computed exactly and its lowest-order coefficient read off.  If no line works (its lowest order is
even and of the wrong sign), quadratic curves theta + t v + t^2 d2: the t^4 coefficient of the loss
change is q(d2) = c0 + b.d2 + 1/2 d2^T H d2 (t^3 vanishes when v is in ker H and the line's cubic
term is zero); b is read off by central differences, and d2 is a kernel vector w with b.w != 0
(then q takes any value) or the solution of H d2 = -b (then q = c0 + b.d2 / 2).  t1 is the largest
2^-k (k <= 40) at which the kernel's Sturm conditions hold.
"""

import random
from fractions import Fraction

from ..kernel.exact import Matrix, norm, scalar_text
from ..kernel.poly import Poly
from ..builders.network import ODDS
from . import _network as N
from .network_critical_point import VAR, curve_conditions, curve_objects

MAX_SEARCH_PARAMS = 60
MAX_VECTORS = 12
T1_EXPONENTS = range(0, 41)


def _text(x):
    x = norm(x)
    return x.to_text() if isinstance(x, Poly) else scalar_text(x)


def curve_spec(net, d1, d2=None, t1=1):
    """The JSON curve theta + t d1 + t^2 d2 (vectors in the network's parameter order)."""
    t = Poly.var(VAR)
    pos = {p: n for n, p in enumerate(net.index())}
    layers = []
    for l, lay in enumerate(net.layers, start=1):
        rows = []
        for k in range(lay.n_out):
            row = []
            for j in range(lay.A.ncols):
                n = pos[(l, k, j)]
                step = t * d1[n] + (t * t * d2[n] if d2 is not None else 0)
                e = lay.A.rows[k][j]
                row.append(_text(norm(e * (1 + step) if lay.act in ODDS else e + step)))
            rows.append(row)
        wkey, bkey = ("odds", "bias_odds") if lay.act in ODDS else ("weight", "bias")
        out = {wkey: [r[:lay.n_in] for r in rows]}
        if lay.bias:
            out[bkey] = [[r[lay.n_in]] for r in rows]
        layers.append(out)
    return {"layers": layers, "t1": _text(t1)}


def _coeffs(p):
    if not isinstance(p, Poly):
        return [Fraction(p)]
    cs = [Fraction(0)] * (p.degree(VAR) + 1)
    for m, c in p.terms.items():
        cs[m[0][1] if m else 0] += c
    return cs


def _series(num, den, upto):
    n, d = _coeffs(num), _coeffs(den)
    n += [Fraction(0)] * (upto + 1 - len(n))
    d += [Fraction(0)] * (upto + 1 - len(d))
    c = []
    for k in range(upto + 1):
        c.append((n[k] - sum(d[j] * c[k - j] for j in range(1, k + 1))) / d[0])
    return c


def _lowest(num):
    for k, c in enumerate(_coeffs(num)):
        if k >= 1 and c != 0:
            return k, c
    return None


def _holds(objects, extra, direction):
    from ..kernel.statement import UNKNOWN, Facts, evaluate

    objs = dict(objects)
    objs.update(extra)
    v = evaluate(curve_conditions(objs, direction, direction), Facts(objs))
    return v is True if v is not UNKNOWN else False


def _try(net, X, Y, objects, spec, direction):
    """The spec with the largest working t1, or None."""
    try:
        objs = curve_objects(net, X, Y, spec, direction, "search")
    except (ValueError, ZeroDivisionError):
        return None
    low = _lowest(objs[f"{direction}.NUM"].rows[0][0])
    den0 = _coeffs(objs[f"{direction}.DEN"].rows[0][0])[0]
    if low is None or den0 == 0 or (low[1] * den0 < 0) != (direction == "descent"):
        return None
    NUM, DEN = objs[f"{direction}.NUM"].rows[0][0], objs[f"{direction}.DEN"].rows[0][0]
    for k in T1_EXPONENTS:
        t1 = Fraction(1, 2 ** k)
        objs[f"{direction}.T1"] = N.one(t1)
        dv = Fraction(DEN.evaluate({VAR: t1}) if isinstance(DEN, Poly) else DEN)
        nv = Fraction(NUM.evaluate({VAR: t1}) if isinstance(NUM, Poly) else NUM)
        objs[f"{direction}.DJ_T1"] = N.one(nv / dv if dv else 0)
        if _holds(objects, objs, direction):
            return dict(spec, t1=_text(t1))
    return None


def _integer_vector(col):
    from math import gcd, lcm

    den = 1
    for x in col:
        den = lcm(den, Fraction(x).denominator)
    v = [int(Fraction(x) * den) for x in col]
    g = 0
    for x in v:
        g = gcd(g, x)
    return [x // g for x in v] if g else v


def _solve(H, b):
    """x with H x = b (exact Gauss-Jordan), or None."""
    n = H.nrows
    rows = [[Fraction(x) for x in H.rows[i]] + [Fraction(b[i])] for i in range(n)]
    piv, r = [], 0
    for c in range(n):
        p = next((i for i in range(r, n) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        inv = 1 / rows[r][c]
        rows[r] = [x * inv for x in rows[r]]
        for i in range(n):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        piv.append(c)
        r += 1
    if any(rows[i][n] != 0 for i in range(r, n)):
        return None
    x = [Fraction(0)] * n
    for i, c in enumerate(piv):
        x[c] = rows[i][n]
    return x


def search(case, objects, inertia, ctx, want):
    """(witness {descent, ascent} or None, notes)."""
    p, n, z = inertia
    net, X, Y = N.network_from_objects(case, objects)
    need = [d for d, ok in (("descent", n == 0), ("ascent", p == 0)) if ok]
    have = dict(case.curves or {})
    notes = []
    if net.loss_kind != "square":
        return None, ["degenerate critical point of a cross-entropy loss: no curve search (the loss along a curve "
                      "is not rational)"]
    for d in list(need):
        if d in have and _holds(objects, {}, d):
            need.remove(d)
            notes.append(f"the case's {d} curve satisfies the conditions")
    if not need:
        return None, notes
    N_ = net.n_params
    if N_ > MAX_SEARCH_PARAMS:
        return None, notes + [f"degenerate critical point with {N_} parameters: the curve search is limited to "
                              f"{MAX_SEARCH_PARAMS}; give candidate curves under curves:"]
    K = ctx.engines.kernel_basis(objects["H"], method=ctx.method, seed=ctx.seed, name="H")
    basis = [_integer_vector([K.rows[i][c] for i in range(K.nrows)]) for c in range(K.ncols)]
    rng = random.Random(ctx.seed)
    vecs = []
    for _ in range(3):
        comb = [0] * N_
        for b in basis:
            c = rng.choice([-2, -1, 1, 2])
            comb = [x + c * y for x, y in zip(comb, b)]
        vecs.append(_integer_vector(comb))
    vecs += basis[:MAX_VECTORS]
    found = {}
    for d in need:
        spec = None
        for v in vecs:
            for s in (1, -1):
                spec = _try(net, X, Y, objects, curve_spec(net, [s * x for x in v]), d)
                if spec:
                    notes.append(f"{d} curve: a line theta + t v with v in the kernel of the Hessian")
                    break
            if spec:
                break
        if not spec:
            spec = _quadratic(net, X, Y, objects, vecs, basis, objects["H"], d)
            if spec:
                notes.append(f"{d} curve: theta + t v + t^2 d2 (v in the kernel of the Hessian, d2 from the "
                             "quartic term of the loss)")
        if spec:
            found[d] = spec
        else:
            notes.append(f"no {d} curve found (lines and quadratic curves through kernel vectors of the Hessian)")
    if not found:
        return None, notes
    return {**have, **found}, notes


def _quartic(net, X, Y, v, d2):
    A_t = curve_spec(net, v, d2)
    from .network_critical_point import curve_layers

    layers, _ = curve_layers(A_t, net, "search")
    NUM, DEN, _ = net.curve_loss(layers, X, Y, VAR)
    return _series(NUM, DEN, 4)


def _quadratic(net, X, Y, objects, vecs, basis, H, direction):
    N_ = net.n_params
    for v in vecs[:MAX_VECTORS]:
        base = _quartic(net, X, Y, v, [0] * N_)
        if any(base[k] != 0 for k in (1, 2, 3)):
            continue
        c0 = base[4]
        b = []
        for i in range(N_):
            e = [0] * N_
            e[i] = 1
            qp = _quartic(net, X, Y, v, e)[4]
            e[i] = -1
            qm = _quartic(net, X, Y, v, e)[4]
            b.append((qp - qm) / 2)
        target = -1 if direction == "descent" else 1
        cands = []
        for w in basis:
            bw = sum(x * y for x, y in zip(b, w))
            if bw != 0:
                lam = (target - c0) / bw
                cands.append([lam * x for x in w])
        x = _solve(H, [-y for y in b])
        if x is not None:
            q = c0 + sum(y * z for y, z in zip(b, x)) / 2
            if (q < 0) == (direction == "descent") and q != 0:
                cands.append(x)
        for d2 in cands:
            spec = _try(net, X, Y, objects, curve_spec(net, v, d2), direction)
            if spec:
                return spec
    return None
