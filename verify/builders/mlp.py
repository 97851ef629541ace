"""Exact multilayer perceptrons in Shen's notation (paper 001, Sections 2-5).

Conventions (paper 001):
- widths n_0..n_L; W_l is (n_{l-1} + d_{l-1}) x n_l, where d_{l-1} = 1 when layer l-1 has a dummy
  (bias) unit: a constant 1 appended *last* to phi_{l-1}; dummy units have no incoming weights.
- phi_l = sigma_l(W_l^T phi_{l-1}); the output layer normally uses the identity.
- parameters are ordered as in Eq. (19): [vec(W_L); vec(W_{L-1}); ...; vec(W_1)], vec column-major
  (vec(phi omega^T) = omega (x) phi).
- P(W) = Psi (.) Phi (Eq. 22), N_net x (T n_L), columns sample-major; eps(W) = [grad_E(phi_L^(i))]_i.
- total loss J(W) = (1/T) sum_i E(phi_L^(i), y_i) with the squared error E = ||phi - y||^2
  (so grad_E = 2 (phi - y), H_E = 2 I).

Activations, all exact on rational data:
- `identity`, `softsign` (z / (1 + |z|)), `relu` (sigma'(0) from a given pattern), `poly`
  (coefficients c_0..c_d; works on polynomial entries, for symbolic checks);
- `logistic` and `tanh` through the odds parametrisation (DESIGN.md): the layer's parameters are
  E = exp(W) (logistic) or E = exp(2 W) (tanh), positive rationals, and the layer's inputs must be
  integers (first layer on integer data), so that the odds o = prod_j E_jk^{x_j} are rational;
  sigma = o/(1+o), sigma' = o/(1+o)^2, sigma'' = o(1-o)/(1+o)^3 (logistic);
  tanh = (o-1)/(o+1), tanh' = 4o/(1+o)^2, tanh'' = -2 tanh tanh'.  Derivatives are always taken
  with respect to the real weights W = log E (or log E / 2), never the odds.

Three independent differentiation paths are provided: the paper's backward recursion
(Psi_l = Sigma'_l W_{l+1} Psi_{l+1}, Eqs. 14-22); forward second-order jets (value, gradient,
Hessian propagated by the product and chain rules), which give the exact Jacobian, gradient and
Hessian without using the recursion; and a second-order Taylor model (`hessian_taylor`): the loss
as a polynomial in weight perturbations d_i, truncated at degree 2 after every product, whose
Hessian `calculus.hessian` reads off by formal differentiation (no jets, no recursion).

Curves in odds coordinates (`loss_rational`): when the weights are polynomials in one variable t
(odds E(t) > 0 of a logistic / tanh first layer, plain polynomial weights elsewhere), the outputs
and the loss are rational functions of t; `loss_rational` returns J(t) = NUM(t) / DEN(t) by exact
polynomial arithmetic (sigma = o / (1 + o) with o = prod_j E_jk(t)^{x_j}), with DEN = T times a
product of squares of the units' denominators.
"""

from fractions import Fraction

from ..kernel.exact import Matrix, matmul, norm
from .matrices import identity
from .matrices import block_diag, scale
from ..kernel.poly import Poly
from .products import khatri_rao_blocks

ODDS_ACTIVATIONS = ("logistic", "tanh")
ACTIVATIONS = ("identity", "softsign", "relu", "poly") + ODDS_ACTIVATIONS


# ------------------------------------------------------------------------------ activations
def act_rational(name, z, coeffs=None, pattern=None):
    """(sigma, sigma', sigma'') at a rational (or, for identity/poly, polynomial) pre-activation z."""
    if name == "identity":
        return z, 1, 0
    if name == "poly":
        s = ds = dds = 0
        for k, c in enumerate(coeffs):
            s = s + c * _pow(z, k)
            if k >= 1:
                ds = ds + c * k * _pow(z, k - 1)
            if k >= 2:
                dds = dds + c * k * (k - 1) * _pow(z, k - 2)
        return norm_any(s), norm_any(ds), norm_any(dds)
    if isinstance(z, Poly):
        raise ValueError(f"activation {name} needs rational pre-activations, got a polynomial")
    z = Fraction(z)
    if name == "softsign":
        a = 1 + abs(z)
        sgn = (z > 0) - (z < 0)
        return norm(z / a), norm(1 / a ** 2), norm(Fraction(-2 * sgn) / a ** 3)
    if name == "relu":
        if z > 0:
            return norm(z), 1, 0
        if z < 0:
            return 0, 0, 0
        if pattern is None:
            raise ValueError("relu at z = 0 needs a pattern value for sigma'(0)")
        return 0, pattern, 0
    raise ValueError(f"unknown activation {name!r}")


def act_odds(name, o):
    """(sigma, sigma', sigma'') of a logistic / tanh unit with rational odds o = e^z (e^{2z})."""
    o = Fraction(o)
    if o <= 0:
        raise ValueError(f"odds must be positive, got {o}")
    if name == "logistic":
        return norm(o / (1 + o)), norm(o / (1 + o) ** 2), norm(o * (1 - o) / (1 + o) ** 3)
    if name == "tanh":
        t = (o - 1) / (o + 1)
        d = 4 * o / (1 + o) ** 2
        return norm(t), norm(d), norm(-2 * t * d)
    raise ValueError(f"{name} is not an odds-parametrised activation")


def _pow(z, k):
    out = 1
    for _ in range(k):
        out = out * z
    return out


def norm_any(x):
    return norm(x) if isinstance(x, (int, Fraction, Poly)) else x


def _odds(E_col, x):
    """prod_j E_j^{x_j} for integer x (exact; negative exponents allowed)."""
    o = Fraction(1)
    for e, xj in zip(E_col, x):
        xj = Fraction(xj)
        if xj.denominator != 1:
            raise ValueError("odds-parametrised layers need integer inputs")
        o *= Fraction(e) ** int(xj)
    return o


# ------------------------------------------------------------------------------ jets
class Jet:
    """Second-order jet: value v, gradient g (list), Hessian h (list of lists or None)."""

    __slots__ = ("v", "g", "h")

    def __init__(self, v, g, h):
        self.v, self.g, self.h = v, g, h

    @staticmethod
    def const(v, n, hess):
        return Jet(v, [0] * n, [[0] * n for _ in range(n)] if hess else None)

    @staticmethod
    def var(v, idx, n, hess):
        g = [0] * n
        g[idx] = 1
        return Jet(v, g, [[0] * n for _ in range(n)] if hess else None)

    def __add__(self, o):
        h = None if self.h is None else [[a + b for a, b in zip(r, s)] for r, s in zip(self.h, o.h)]
        return Jet(self.v + o.v, [a + b for a, b in zip(self.g, o.g)], h)

    def scaled(self, c):
        h = None if self.h is None else [[c * a for a in r] for r in self.h]
        return Jet(c * self.v, [c * a for a in self.g], h)

    def __mul__(self, o):
        g = [self.v * b + o.v * a for a, b in zip(self.g, o.g)]
        h = None
        if self.h is not None:
            n = len(self.g)
            h = [[self.v * o.h[i][j] + o.v * self.h[i][j] + self.g[i] * o.g[j] + o.g[i] * self.g[j]
                  for j in range(n)] for i in range(n)]
        return Jet(self.v * o.v, g, h)

    def apply(self, s, ds, dds):
        """sigma applied to this jet, given sigma, sigma', sigma'' at the value."""
        g = [ds * a for a in self.g]
        h = None
        if self.h is not None:
            n = len(self.g)
            h = [[ds * self.h[i][j] + dds * self.g[i] * self.g[j] for j in range(n)] for i in range(n)]
        return Jet(s, g, h)


# ------------------------------------------------------------------------------ the network
class MLP:
    """An exact MLP F(n_0, ..., n_L) with weights, activations and dummy units.

    widths: [n_0, ..., n_L]; activations: list of L names (layer 1..L); weights: list of L
    matrices W_1..W_L (for an odds layer: the matrix E = exp(W) or exp(2W));
    dummy: list of L booleans, dummy[l] = layer l (0..L-1) has a dummy unit appended last;
    coeffs: {layer: [c0, c1, ...]} for `poly` activations; pattern: {layer: value} for relu at 0.
    """

    def __init__(self, widths, activations, weights, dummy=None, coeffs=None, pattern=None):
        self.widths = list(widths)
        self.L = len(widths) - 1
        self.acts = list(activations)
        self.W = list(weights)
        self.dummy = list(dummy) if dummy is not None else [False] * self.L
        self.coeffs = coeffs or {}
        self.pattern = pattern or {}
        if len(self.acts) != self.L or len(self.W) != self.L or len(self.dummy) != self.L:
            raise ValueError("an MLP needs one activation, one weight matrix and one dummy flag per layer")
        for l in range(1, self.L + 1):
            want = (self.widths[l - 1] + self.dummy[l - 1], self.widths[l])
            if self.W[l - 1].shape != want:
                raise ValueError(f"W_{l} has shape {self.W[l - 1].shape}, expected {want}")
            if self.acts[l - 1] not in ACTIVATIONS:
                raise ValueError(f"unknown activation {self.acts[l - 1]!r}")
            if self.acts[l - 1] in ODDS_ACTIVATIONS and l != 1:
                raise ValueError("odds-parametrised activations are exact only in the first layer")

    # -------------------------------------------------------------------- parameter layout
    def layer_offsets(self):
        """Start index of vec(W_l) in the paper's parameter order [W_L; ...; W_1]."""
        off, out = 0, {}
        for l in range(self.L, 0, -1):
            out[l] = off
            off += self.W[l - 1].nrows * self.W[l - 1].ncols
        return out, off

    @property
    def n_params(self):
        return self.layer_offsets()[1]

    def _in(self, l, phi_prev):
        return list(phi_prev) + ([1] if self.dummy[l - 1] else [])

    def _act(self, l, z=None, odds=None):
        name = self.acts[l - 1]
        if name in ODDS_ACTIVATIONS:
            return act_odds(name, odds)
        return act_rational(name, z, self.coeffs.get(l), self.pattern.get(l))

    # -------------------------------------------------------------------- forward pass
    def forward(self, x):
        """Per layer l = 0..L: (phi_l with dummy appended if any, sigma'_l, sigma''_l) for one input x."""
        phis, d1, d2 = [self._in(1, x)], [None], [None]
        for l in range(1, self.L + 1):
            W, prev = self.W[l - 1], phis[-1]
            vals, ds, dds = [], [], []
            for k in range(W.ncols):
                col = [W.rows[j][k] for j in range(W.nrows)]
                if self.acts[l - 1] in ODDS_ACTIVATIONS:
                    s, a, b = self._act(l, odds=_odds(col, prev))
                else:
                    z = 0
                    for w, p in zip(col, prev):
                        if w and p:
                            z = z + w * p
                    s, a, b = self._act(l, z=norm_any(z))
                vals.append(s), ds.append(a), dds.append(b)
            phis.append(self._in(l + 1, vals) if l < self.L else vals)
            d1.append(ds), d2.append(dds)
        return phis, d1, d2

    def outputs(self, X):
        """Matrix n_L x T of network outputs for the columns of X."""
        cols = [self.forward(x)[0][-1] for x in _columns(X)]
        return Matrix(self.widths[-1], len(cols), [list(r) for r in zip(*cols)])

    # -------------------------------------------------------------------- the recursion (Eqs 14-22)
    def psi(self, x):
        """Psi_l (n_l x n_L) for l = 1..L at input x: Psi_L = Sigma'_L, Psi_l = Sigma'_l W_{l+1} Psi_{l+1}
        (W_{l+1} without its dummy row: dummy units have no incoming weights)."""
        phis, d1, _ = self.forward(x)
        out = {self.L: _diag(d1[self.L])}
        for l in range(self.L - 1, 0, -1):
            Wn = self.W[l].submatrix(range(self.widths[l]), range(self.W[l].ncols))
            out[l] = matmul(_diag(d1[l]), matmul(Wn, out[l + 1]))
        return out, phis

    def P_blocks(self, X):
        """{l: Psi_l (.) Phi_{l-1}} (block-wise Khatri-Rao, one column block per sample), plus the
        matrices Psi_l = [Psi_l^(1) ... Psi_l^(T)] and Phi_{l-1}."""
        xs = _columns(X)
        T, nL = len(xs), self.widths[-1]
        per = [self.psi(x) for x in xs]
        blocks, Psis, Phis = {}, {}, {}
        for l in range(1, self.L + 1):
            Psi = _hcat([p[0][l] for p in per])
            Phi = Matrix(len(per[0][1][l - 1]), T, [list(r) for r in zip(*[p[1][l - 1] for p in per])])
            Psis[l], Phis[l - 1] = Psi, Phi
            blocks[l] = khatri_rao_blocks(Psi, Phi, cols_a=[nL] * T, cols_b=[1] * T)
        return blocks, Psis, Phis

    def P(self, X):
        """P(W) = Psi (.) Phi, row blocks in the paper's order l = L, ..., 1 (Eq. 19)."""
        blocks = self.P_blocks(X)[0]
        rows = []
        for l in range(self.L, 0, -1):
            rows.extend(blocks[l].rows)
        return Matrix(len(rows), blocks[1].ncols, rows)

    def eps(self, X, Y):
        """eps(W) = [grad_E(phi_L^(i))]_i for the squared error: 2 (phi_L - y), a (T n_L) x 1 column."""
        out = self.outputs(X)
        col = []
        for i in range(out.ncols):
            for k in range(out.nrows):
                col.append(norm_any(2 * (out.rows[k][i] - Y.rows[k][i])))
        return Matrix(len(col), 1, [[c] for c in col])

    def grad_recursion(self, X, Y):
        """vec grad of the paper's summed loss (Eq. 16, no 1/T): sum_i phi_{l-1} omega_l^T, via
        omega_L = Sigma'_L grad_E, omega_l = Sigma'_l W_{l+1} omega_{l+1} (Eq. 15); paper order."""
        offs, N = self.layer_offsets()
        g = [0] * N
        out = self.outputs(X)
        for i, x in enumerate(_columns(X)):
            phis, d1, _ = self.forward(x)
            gE = [2 * (out.rows[k][i] - Y.rows[k][i]) for k in range(out.nrows)]
            omega = {self.L: [a * b for a, b in zip(d1[self.L], gE)]}
            for l in range(self.L - 1, 0, -1):
                W = self.W[l]
                omega[l] = [d1[l][j] * sum((W.rows[j][k] * omega[l + 1][k] for k in range(W.ncols)), 0)
                            for j in range(self.widths[l])]
            for l in range(1, self.L + 1):
                rows = len(phis[l - 1])
                for k, om in enumerate(omega[l]):
                    for j, p in enumerate(phis[l - 1]):
                        g[offs[l] + k * rows + j] += om * p
        return Matrix(N, 1, [[norm_any(v)] for v in g])

    # -------------------------------------------------------------------- forward jets
    def jets(self, X, hess=False):
        """Output jets per sample (list over samples of lists over output units), derivatives with
        respect to the real weights in the paper's parameter order."""
        offs, N = self.layer_offsets()
        res = []
        for x in _columns(X):
            prev = [Jet.const(v, N, hess) for v in self._in(1, x)]
            for l in range(1, self.L + 1):
                W = self.W[l - 1]
                rows = W.nrows
                cur = []
                for k in range(W.ncols):
                    if self.acts[l - 1] in ODDS_ACTIVATIONS:
                        col = [W.rows[j][k] for j in range(rows)]
                        xin = [p.v for p in prev]
                        g = [0] * N
                        for j in range(rows):
                            g[offs[l] + k * rows + j] = xin[j]
                        z = Jet(None, g, [[0] * N for _ in range(N)] if hess else None)
                        s, a, b = self._act(l, odds=_odds(col, xin))
                    else:
                        z = Jet.const(0, N, hess)
                        for j in range(rows):
                            z = z + Jet.var(W.rows[j][k], offs[l] + k * rows + j, N, hess) * prev[j]
                        s, a, b = self._act(l, z=norm_any(z.v))
                    cur.append(z.apply(s, a, b))
                if l < self.L and self.dummy[l]:
                    cur.append(Jet.const(1, N, hess))
                prev = cur
            res.append(prev)
        return res

    def jacobian_forward(self, X):
        """The transposed Jacobian of the stacked outputs (N_net x T n_L) by forward jets."""
        js = self.jets(X)
        N = self.n_params
        cols = [[norm_any(v) for v in j.g] for sample in js for j in sample]
        return Matrix(N, len(cols), [list(r) for r in zip(*cols)])

    def loss_jet(self, X, Y, hess=True):
        """Jet of the total loss J = (1/T) sum_i ||phi_L^(i) - y_i||^2."""
        js = self.jets(X, hess)
        T, N = len(js), self.n_params
        tot = Jet.const(0, N, hess)
        for i, sample in enumerate(js):
            for k, j in enumerate(sample):
                r = j + Jet.const(-Y.rows[k][i], N, hess)
                tot = tot + r * r
        return tot.scaled(Fraction(1, T))

    def loss(self, X, Y):
        out = self.outputs(X)
        s = sum(((out.rows[k][i] - Y.rows[k][i]) ** 2 for k in range(out.nrows) for i in range(out.ncols)), 0)
        return norm_any(s * Fraction(1, out.ncols))

    def hessian(self, X, Y):
        """Exact Hessian of the total loss J (N_net x N_net), by forward jets."""
        h = self.loss_jet(X, Y, True).h
        return Matrix(len(h), len(h), [[norm_any(v) for v in r] for r in h])

    def gradient(self, X, Y):
        """Exact gradient of the total loss J (N_net x 1), by forward jets."""
        g = self.loss_jet(X, Y, False).g
        return Matrix(len(g), 1, [[norm_any(v)] for v in g])

    def ggn(self, X, with_T=True):
        """Gauss-Newton matrix (1/T) P H_E P^T with H_E = 2 I (Eq. 37; without 1/T if with_T=False)."""
        P = self.P(X)
        G = scale(2, matmul(P, P.T))
        return scale(Fraction(1, P.ncols // self.widths[-1]), G) if with_T else G


    # -------------------------------------------------------------------- Taylor model (third path)
    def taylor_loss(self, X, Y, prefix="d"):
        """(L, names): the loss J(W + D) as a polynomial in the perturbations D (variables
        `prefix`0.. in the paper's parameter order), exact up to degree 2 (higher terms dropped).
        Each unit's activation is replaced by its second-order Taylor polynomial at the unit's
        current pre-activation; derivatives are with respect to the real weights (W = log E for
        odds layers: z = z0 + sum_j D_jk x_j)."""
        offs, N = self.layer_offsets()
        names = [f"{prefix}{i}" for i in range(N)]
        for W in self.W:
            if W.is_polynomial():
                raise ValueError("the Taylor model needs rational weights")
        total = 0
        for i, x in enumerate(_columns(X)):
            prev = self._in(1, x)                       # Polys (or scalars) in the perturbations
            for l in range(1, self.L + 1):
                W, rows = self.W[l - 1], self.W[l - 1].nrows
                cur = []
                for k in range(W.ncols):
                    col = [W.rows[j][k] for j in range(rows)]
                    if self.acts[l - 1] in ODDS_ACTIVATIONS:
                        xin = [Fraction(p) for p in prev]
                        e = 0
                        for j in range(rows):
                            if xin[j]:
                                e = e + xin[j] * Poly.var(names[offs[l] + k * rows + j])
                        s, a, b = self._act(l, odds=_odds(col, xin))
                    else:
                        z = 0
                        for j in range(rows):
                            z = z + (col[j] + Poly.var(names[offs[l] + k * rows + j])) * prev[j]
                        z = _truncate(z, 2)
                        z0 = _constant_term(z)
                        e = z - z0
                        s, a, b = self._act(l, z=norm_any(z0))
                    cur.append(_truncate(s + a * e + Fraction(b) / 2 * _truncate(e * e, 2), 2))
                prev = cur + ([1] if l < self.L and self.dummy[l] else [])
            for k, f in enumerate(prev):
                r = f - Y.rows[k][i]
                total = total + _truncate(r * r, 2)
        return norm_any(total * Fraction(1, X.ncols)), names

    def hessian_taylor(self, X, Y):
        """Exact Hessian of J by formal differentiation of the Taylor model (`taylor_loss`)."""
        from .calculus import hessian

        L, names = self.taylor_loss(X, Y)
        H = hessian(L, names)  # constant entries: the model has degree <= 2
        return Matrix(H.nrows, H.ncols, [[norm_any(_constant_term(v)) for v in r] for r in H.rows])

    def gradient_taylor(self, X, Y):
        """Exact gradient of J by formal differentiation of the Taylor model, at D = 0."""
        from .calculus import gradient

        L, names = self.taylor_loss(X, Y)
        G = gradient(L, names)
        at0 = {n: 0 for n in names}
        return Matrix(G.nrows, 1, [[norm_any(_evaluate(r[0], at0))] for r in G.rows])

    # -------------------------------------------------------------------- polynomial curves
    def outputs_rational(self, X):
        """Outputs per sample (list over samples of lists over output units) as `RationalFunction`s,
        for weights whose entries are polynomials (in any variables): odds layers take the entries
        as odds, other layers as plain weights.  Inputs of an odds layer must be integers."""
        res = []
        for x in _columns(X):
            prev = [RationalFunction(v) for v in self._in(1, x)]
            for l in range(1, self.L + 1):
                W, name = self.W[l - 1], self.acts[l - 1]
                cur = []
                for k in range(W.ncols):
                    col = [W.rows[j][k] for j in range(W.nrows)]
                    if name in ODDS_ACTIVATIONS:
                        o = RationalFunction(1)
                        for e, p in zip(col, prev):
                            xj = p.constant_value()
                            if xj is None or Fraction(xj).denominator != 1:
                                raise ValueError("odds-parametrised layers need integer inputs")
                            xj = int(xj)
                            o = o * (RationalFunction(e) ** xj if xj >= 0 else RationalFunction(1, e) ** (-xj))
                        if name == "logistic":
                            cur.append(RationalFunction(o.num, o.den + o.num))
                        else:
                            cur.append(RationalFunction(o.num - o.den, o.num + o.den))
                        continue
                    z = RationalFunction(0)
                    for w, p in zip(col, prev):
                        if w != 0:
                            z = z + p * RationalFunction(w)
                    if name == "identity":
                        cur.append(z)
                    elif name == "poly":
                        s = RationalFunction(0)
                        for c in reversed(self.coeffs.get(l)):  # Horner
                            s = s * z + RationalFunction(c)
                        cur.append(s)
                    else:
                        raise ValueError(f"activation {name} is not a rational function of its weights")
                prev = cur + ([RationalFunction(1)] if l < self.L and self.dummy[l] else [])
            res.append(prev)
        return res

    def loss_rational(self, X, Y):
        """(NUM, DEN): the total loss J = (1/T) sum_i ||phi_L^(i) - y_i||^2 = NUM / DEN as exact
        polynomials (weights with polynomial entries, see `outputs_rational`)."""
        total = RationalFunction(0)
        for i, sample in enumerate(self.outputs_rational(X)):
            for k, f in enumerate(sample):
                r = f - RationalFunction(Y.rows[k][i])
                total = total + r * r
        return norm_any(total.num), norm_any(total.den * X.ncols)


# ------------------------------------------------------------------------------ rational functions
class RationalFunction:
    """num / den with polynomial (or scalar) num and den != 0; no cancellation is attempted, and
    sums over equal denominators keep the denominator."""

    __slots__ = ("num", "den")

    def __init__(self, num, den=1):
        if isinstance(num, RationalFunction):
            num, den = num.num, num.den * den
        if den == 0:
            raise ZeroDivisionError("a rational function with denominator 0")
        self.num, self.den = norm_any(num), norm_any(den)

    def constant_value(self):
        """The value when num and den are constants, else None."""
        if isinstance(self.num, Poly) or isinstance(self.den, Poly):
            return None
        return norm(Fraction(self.num) / Fraction(self.den))

    def __add__(self, o):
        o = o if isinstance(o, RationalFunction) else RationalFunction(o)
        if self.den == o.den:
            return RationalFunction(self.num + o.num, self.den)
        return RationalFunction(self.num * o.den + o.num * self.den, self.den * o.den)

    def __neg__(self):
        return RationalFunction(-self.num, self.den)

    def __sub__(self, o):
        return self + (-(o if isinstance(o, RationalFunction) else RationalFunction(o)))

    def __mul__(self, o):
        o = o if isinstance(o, RationalFunction) else RationalFunction(o)
        return RationalFunction(self.num * o.num, self.den * o.den)

    def __pow__(self, k):
        out = RationalFunction(1)
        for _ in range(k):
            out = out * self
        return out


# ------------------------------------------------------------------------------ helpers
def _truncate(p, degree):
    """p without its terms of total degree > degree."""
    if not isinstance(p, Poly):
        return p
    return norm(Poly({m: c for m, c in p.terms.items() if sum(e for _, e in m) <= degree}))


def _constant_term(p):
    return norm(p.constant()) if isinstance(p, Poly) else p


def _evaluate(p, point):
    return p.evaluate(point) if isinstance(p, Poly) else p


def _columns(X):
    return [[X.rows[i][j] for i in range(X.nrows)] for j in range(X.ncols)]


def _diag(v):
    n = len(v)
    return Matrix(n, n, [[v[i] if i == j else 0 for j in range(n)] for i in range(n)])


def _hcat(mats):
    m = mats[0].nrows
    return Matrix(m, sum(M.ncols for M in mats), [sum((M.rows[i] for M in mats), ()) for i in range(m)])


def diag_matrix(v):
    """Diagonal matrix of the entries of v."""
    return _diag(list(v))


def symbolic_matrix(m, n, name):
    """An m x n Matrix of fresh Poly variables name_i_j."""
    return Matrix(m, n, [[Poly.var(f"{name}_{i}_{j}") for j in range(n)] for i in range(m)])


__all__ = ["MLP", "Jet", "RationalFunction", "act_rational", "act_odds", "diag_matrix", "symbolic_matrix", "identity",
           "block_diag"]
