"""Exact feed-forward networks of the `network_*` checks: outputs, the Jacobian of the outputs
with respect to the parameters (Shen's P(W)), the gradient, the Hessian and the Gauss-Newton matrix
of the loss, the generic (symbolic) Jacobian, and the loss along a polynomial curve.  Kernel data
types only (Fraction, Poly, Matrix); no engine, no float.

The network.  Widths n_0..n_L; layer l (1..L) has n_l units, an activation and optionally a bias.
Its parameters are held as the matrix A_l (n_l x (n_{l-1} + b_l)): row k is unit k's incoming
weights w_k1..w_kn and, last, its bias (b_l = 1 with a bias).  This is the layout of PyTorch's
`Linear.weight` with the bias appended as a last column (and the transpose of Shen's W_l).
    u_{l-1} = [a_{l-1}; 1 if bias],   z_l = A_l u_{l-1},   a_l = sigma_l(z_l),   a_0 = x.
Activations: linear, polynomial (coefficients c_0..c_d), relu and leaky_relu (slope alpha; exact
where no pre-activation is zero: there the loss is locally the polynomial of the fixed activation
pattern, and a zero pre-activation raises `ZeroPreactivation`), and logistic / tanh through the
odds parametrisation of `verify.builders.mlp` (first layer only, integer inputs): A_1 holds the odds
E = exp(W) (logistic) or exp(2W) (tanh), o_k = prod_j E_kj^{u_j}, and every derivative is taken
with respect to the real weights W (z = W u).

The loss.  J = c * sum_i E_i with c > 0 (`scale`: 1/T for the mean); square: E_i = ||a_L - y_i||^2;
cross_entropy (a logistic output layer): E_i = sum_k log(1 + e^{z_k}) - y_k z_k, whose derivatives
sigma - y and sigma' are rational in the odds (the loss value itself is not).

Parameter order ("paper", Shen's Eq. 19 and Kawaguchi's): layers L, ..., 1; within a layer unit by
unit; within a unit its input weights, then its bias (row-major vec of A_l).  "torch" (the order
of `model.parameters()`): layers 1, ..., L; within a layer the weights row-major, then the biases.

Derivatives (per sample; l <= m; W_l[k, j] = A_l[k][j], u_l := u_{l-1} the inputs of layer l):
    g_L = dE/dz_L, K_L = d^2E/dz_L^2 (square: Sigma'_L 2I Sigma'_L + diag(Sigma''_L e), e = 2(a_L - y);
          cross entropy: g_L = sigma - y, K_L = diag(sigma'_L)),
    h_l = Wbar_{l+1}^T g_{l+1}, g_l = Sigma'_l h_l,
    K_l = Sigma'_l Wbar_{l+1}^T K_{l+1} Wbar_{l+1} Sigma'_l + diag(Sigma''_l h_l)   (Wbar: A without bias column),
    D_{l,l} = I, D_{m,l} = dz_m/dz_l = Wbar_m Sigma'_{m-1} D_{m-1,l},
    dE/dW_l[k,j] = u_l[j] g_l[k],
    d^2E/dW_l[k,j] dW_l[k',j'] = u_l[j] u_l[j'] K_l[k,k'],
    d^2E/dW_l[k,j] dW_m[k',j'] = u_l[j] (du_m[j']/dz_l[k] g_m[k'] + u_m[j'] (K_m D_{m,l})[k',k])   (l < m),
with du_m/dz_l = Sigma'_{m-1} D_{m-1,l} (0 for the bias entry).  Jacobian of the outputs:
Psi_L = Sigma'_L, Psi_l = Sigma'_l Wbar_{l+1}^T Psi_{l+1}, da_L[o]/dW_l[k,j] = u_l[j] Psi_l[k,o]; the
Gauss-Newton matrix is c sum_i Jz_i^T Lambda_i Jz_i with Jz = dz_L/dtheta and Lambda = Sigma'_L 2I
Sigma'_L (square) or diag(sigma'_L) (cross entropy).  The tests compare every one of these with
sympy's differentiation of the loss written from the definitions.
"""

from fractions import Fraction

from ..kernel.exact import Matrix, norm
from ..kernel.poly import Poly
from .mlp import RationalFunction, act_odds, norm_any

ODDS = ("logistic", "tanh")
PIECEWISE = ("relu", "leaky_relu")
ACTIVATIONS = ("linear", "polynomial") + PIECEWISE + ODDS
LOSSES = ("square", "cross_entropy")
ORDERS = ("paper", "torch")


class ZeroPreactivation(ValueError):
    """A relu / leaky_relu unit whose pre-activation is exactly 0 at a sample (1-based numbers)."""

    def __init__(self, layer, unit, sample, activation):
        self.layer, self.unit, self.sample, self.activation = layer, unit, sample, activation
        super().__init__(f"layer {layer} ({activation}), unit {unit}: the pre-activation is exactly 0 at sample "
                         f"{sample}, where the derivative of {activation} is undefined")


class Layer:
    """One layer: activation name, A (n_out x (n_in + bias)), bias flag, polynomial coefficients
    (`polynomial`), slope (`leaky_relu`)."""

    def __init__(self, activation, A, bias, coeffs=None, slope=None):
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}")
        self.act, self.A, self.bias = activation, A, bool(bias)
        self.coeffs = [Fraction(c) for c in coeffs] if activation == "polynomial" else None
        self.slope = Fraction(slope if slope is not None else 0) if activation == "leaky_relu" else Fraction(0)
        if activation == "polynomial" and not self.coeffs:
            raise ValueError("a polynomial activation needs its coefficients")

    @property
    def n_out(self):
        return self.A.nrows

    @property
    def n_in(self):
        return self.A.ncols - self.bias


def _pw(z, k):
    out = 1
    for _ in range(k):
        out = out * z
    return out


def poly_act(coeffs, z):
    """(p(z), p'(z), p''(z)) for p = sum c_k x^k (z a number or a Poly)."""
    s = ds = dds = 0
    for k, c in enumerate(coeffs):
        if c:
            s = s + c * _pw(z, k)
            if k >= 1:
                ds = ds + c * k * _pw(z, k - 1)
            if k >= 2:
                dds = dds + c * k * (k - 1) * _pw(z, k - 2)
    return norm_any(s), norm_any(ds), norm_any(dds)


class Network:
    """widths [n_0..n_L], layers (list of Layer), loss, scale c (J = c sum_i E_i), order."""

    def __init__(self, widths, layers, loss="square", scale=1, order="paper"):
        self.widths, self.layers = list(widths), list(layers)
        self.L = len(self.layers)
        self.loss_kind, self.scale, self.order = loss, Fraction(scale), order
        if self.L < 1 or len(self.widths) != self.L + 1:
            raise ValueError("a network needs widths n_0..n_L and one layer per l = 1..L")
        if loss not in LOSSES or order not in ORDERS or self.scale <= 0:
            raise ValueError("loss square | cross_entropy, order paper | torch, scale > 0")
        for l, lay in enumerate(self.layers, start=1):
            if (lay.n_out, lay.n_in) != (self.widths[l], self.widths[l - 1]):
                raise ValueError(f"layer {l}: A has shape {lay.A.shape}, expected {self.widths[l]} x "
                                 f"{self.widths[l - 1] + lay.bias}")
            if lay.act in ODDS and l != 1:
                raise ValueError(f"layer {l}: {lay.act} units are exact (through odds) in the first layer only")
        if loss == "cross_entropy" and self.layers[-1].act != "logistic":
            raise ValueError("cross_entropy needs a logistic output layer")

    # -------------------------------------------------------------------- parameters
    def paper_index(self):
        """[(l, k, j)] in the paper order (0-based k, j; l 1-based)."""
        out = []
        for l in range(self.L, 0, -1):
            A = self.layers[l - 1].A
            out += [(l, k, j) for k in range(A.nrows) for j in range(A.ncols)]
        return out

    def torch_index(self):
        out = []
        for l in range(1, self.L + 1):
            lay = self.layers[l - 1]
            out += [(l, k, j) for k in range(lay.n_out) for j in range(lay.n_in)]
            if lay.bias:
                out += [(l, k, lay.n_in) for k in range(lay.n_out)]
        return out

    def index(self):
        return self.paper_index() if self.order == "paper" else self.torch_index()

    @property
    def n_params(self):
        return sum(lay.A.nrows * lay.A.ncols for lay in self.layers)

    def theta(self):
        """The parameter vector (odds for odds layers) in the network's order, N x 1."""
        return Matrix(self.n_params, 1, [[self.layers[l - 1].A.rows[k][j]] for l, k, j in self.index()])

    # -------------------------------------------------------------------- forward pass
    def forward(self, x, sample=0):
        """(u, s, d1, d2): per layer l = 1..L the inputs u[l] (with the bias 1), and sigma, sigma',
        sigma'' of its units at this input (column list x).  Raises ZeroPreactivation."""
        u, s, d1, d2 = {}, {}, {}, {}
        a = list(x)
        for l, lay in enumerate(self.layers, start=1):
            inp = a + ([1] if lay.bias else [])
            u[l] = inp
            vals, da, dda = [], [], []
            for k, row in enumerate(lay.A.rows):
                if lay.act in ODDS:
                    o = Fraction(1)
                    for j, (e, xj) in enumerate(zip(row, inp)):
                        xj = Fraction(xj)
                        if xj.denominator != 1:
                            raise ValueError(f"layer {l} ({lay.act}) needs integer inputs (its odds are prod_j E_kj^x_j): "
                                             f"input {j + 1} of sample {sample + 1} is {xj}")
                        o *= Fraction(e) ** int(xj)
                    v = act_odds(lay.act, o)
                else:
                    z = 0
                    for w, p in zip(row, inp):
                        if w != 0 and p != 0:
                            z = z + w * p
                    z = norm_any(z)
                    v = self._act(lay, z, l, k, sample)
                vals.append(v[0]), da.append(v[1]), dda.append(v[2])
            s[l], d1[l], d2[l] = vals, da, dda
            a = vals
        return u, s, d1, d2

    def _act(self, lay, z, l, k, sample):
        if lay.act == "linear":
            return z, 1, 0
        if lay.act == "polynomial":
            return poly_act(lay.coeffs, z)
        if isinstance(z, Poly):
            raise ValueError(f"layer {l} ({lay.act}) needs numeric pre-activations (no symbolic weights)")
        if z == 0:
            raise ZeroPreactivation(l, k + 1, sample + 1, lay.act)
        if z > 0:
            return z, 1, 0
        return norm(lay.slope * z), norm(lay.slope), 0

    def check_pattern(self, X):
        """Run the forward pass on every sample (ZeroPreactivation at the first zero of a relu unit)."""
        for i, x in enumerate(_columns(X)):
            self.forward(x, i)

    def outputs(self, X):
        cols = [self.forward(x, i)[1][self.L] for i, x in enumerate(_columns(X))]
        return Matrix(self.widths[-1], len(cols), [list(r) for r in zip(*cols)])

    def loss(self, X, Y):
        """J = c sum_i ||a_L - y_i||^2 (square loss only: the cross-entropy value is not rational)."""
        if self.loss_kind != "square":
            raise ValueError("the cross-entropy loss value is not a rational number")
        out = self.outputs(X)
        s = sum(((out.rows[k][i] - Y.rows[k][i]) ** 2 for k in range(out.nrows) for i in range(out.ncols)), 0)
        return norm_any(self.scale * s)

    # -------------------------------------------------------------------- per-sample derivatives
    def _wbar(self, m):
        """Wbar_m as a function: Wbar_m[k][j] = A_m[k][j], j < n_{m-1}."""
        return self.layers[m - 1].A.rows

    def _backward(self, x, y, i, second=True):
        u, s, d1, d2 = self.forward(x, i)
        L = self.L
        nL = self.widths[L]
        g, K = {}, {}
        if self.loss_kind == "square":
            e = [2 * (s[L][k] - y[k]) for k in range(nL)]
            g[L] = [d1[L][k] * e[k] for k in range(nL)]
            if second:
                K[L] = [[(2 * d1[L][k] * d1[L][k] + d2[L][k] * e[k]) if k == q else 0 for q in range(nL)]
                        for k in range(nL)]
        else:
            g[L] = [s[L][k] - y[k] for k in range(nL)]
            if second:
                K[L] = [[d1[L][k] if k == q else 0 for q in range(nL)] for k in range(nL)]
        for l in range(L - 1, 0, -1):
            A = self._wbar(l + 1)
            n = self.widths[l]
            h = [sum((A[k][j] * g[l + 1][k] for k in range(len(A))), 0) for j in range(n)]
            g[l] = [d1[l][j] * h[j] for j in range(n)]
            if second:
                # M = Wbar^T K_{l+1} Wbar (n x n)
                KA = [[sum((K[l + 1][k][q] * A[q][j] for q in range(len(A))), 0) for j in range(n)]
                      for k in range(len(A))]
                K[l] = [[d1[l][j] * d1[l][jj] * sum((A[k][j] * KA[k][jj] for k in range(len(A))), 0)
                         + (d2[l][j] * h[j] if j == jj else 0) for jj in range(n)] for j in range(n)]
        return u, s, d1, d2, g, K

    def _dz(self, d1):
        """{(m, l): dz_m/dz_l} for m >= l (n_m x n_l lists)."""
        D = {}
        for l in range(1, self.L + 1):
            n = self.widths[l]
            D[(l, l)] = [[1 if a == b else 0 for b in range(n)] for a in range(n)]
            for m in range(l + 1, self.L + 1):
                A = self._wbar(m)
                prev = D[(m - 1, l)]
                D[(m, l)] = [[sum((A[k][j] * d1[m - 1][j] * prev[j][c] for j in range(self.widths[m - 1])
                                   if A[k][j] != 0), 0) for c in range(n)] for k in range(self.widths[m])]
        return D

    # -------------------------------------------------------------------- Jacobian, gradient, GGN, Hessian
    def _psi(self, d1, logits=False):
        """{l: Psi_l (n_l x n_L)}: da_L/dz_l (or dz_L/dz_l with logits=True)."""
        L, nL = self.L, self.widths[-1]
        psi = {L: [[(1 if logits else d1[L][k]) if k == o else 0 for o in range(nL)] for k in range(nL)]}
        for l in range(L - 1, 0, -1):
            A = self._wbar(l + 1)
            psi[l] = [[d1[l][j] * sum((A[k][j] * psi[l + 1][k][o] for k in range(len(A)) if A[k][j] != 0), 0)
                       for o in range(nL)] for j in range(self.widths[l])]
        return psi

    def _jacobian_columns(self, X, logits=False):
        """Per sample and output, the column d a_L[o] / d theta (or d z_L[o] / d theta), and d1."""
        idx = self.index()
        cols, lam = [], []
        for i, x in enumerate(_columns(X)):
            u, s, d1, d2 = self.forward(x, i)
            psi = self._psi(d1, logits)
            for o in range(self.widths[-1]):
                cols.append([norm_any(u[l][j] * psi[l][k][o]) for l, k, j in idx])
                lam.append(d1[self.L][o])
        return cols, lam

    def jacobian(self, X):
        """P (N x T n_L): column i n_L + o is the gradient of output o at sample i (Shen's P(W))."""
        cols, _ = self._jacobian_columns(X)
        return Matrix(self.n_params, len(cols), [list(r) for r in zip(*cols)] if cols else [])

    def gradient(self, X, Y):
        idx = self.index()
        tot = [0] * len(idx)
        for i, x in enumerate(_columns(X)):
            u, s, d1, d2, g, _ = self._backward(x, _col(Y, i), i, second=False)
            for p, (l, k, j) in enumerate(idx):
                tot[p] = tot[p] + u[l][j] * g[l][k]
        return Matrix(len(idx), 1, [[norm_any(self.scale * v)] for v in tot])

    def gauss_newton(self, X):
        """c sum_i Jz_i^T Lambda_i Jz_i (N x N)."""
        cols, lam = self._jacobian_columns(X, logits=True)
        N = self.n_params
        w = [2 * d * d if self.loss_kind == "square" else d for d in lam]
        G = [[0] * N for _ in range(N)]
        for v, c in zip(cols, w):
            if c == 0:
                continue
            nz = [(p, c * v[p]) for p in range(N) if v[p] != 0]
            for p, cv in nz:
                row = G[p]
                for q, vq in ((q, v[q]) for q, _ in nz):
                    row[q] = row[q] + cv * vq
        return Matrix(N, N, [[norm_any(self.scale * x) for x in r] for r in G])

    def hessian(self, X, Y):
        idx = self.index()
        N = len(idx)
        H = [[0] * N for _ in range(N)]
        pos = {p: n for n, p in enumerate(idx)}
        L = self.L
        for i, x in enumerate(_columns(X)):
            u, s, d1, d2, g, K = self._backward(x, _col(Y, i), i)
            D = self._dz(d1)
            KD = {(m, l): [[sum((K[m][a][b] * D[(m, l)][b][c] for b in range(self.widths[m])), 0)
                            for c in range(self.widths[l])] for a in range(self.widths[m])]
                  for m in range(1, L + 1) for l in range(1, m)}
            for l in range(1, L + 1):
                Al = self.layers[l - 1].A
                for m in range(l, L + 1):
                    Am = self.layers[m - 1].A
                    for k in range(Al.nrows):
                        for j in range(Al.ncols):
                            uj = u[l][j]
                            if uj == 0:
                                continue
                            p = pos[(l, k, j)]
                            for kk in range(Am.nrows):
                                for jj in range(Am.ncols):
                                    if m == l:
                                        v = uj * u[l][jj] * K[l][k][kk]
                                    else:
                                        du = d1[m - 1][jj] * D[(m - 1, l)][jj][k] if jj < self.widths[m - 1] else 0
                                        v = uj * (du * g[m][kk] + u[m][jj] * KD[(m, l)][kk][k])
                                    if v != 0:
                                        q = pos[(m, kk, jj)]
                                        H[p][q] = H[p][q] + v
                                        if m != l:
                                            H[q][p] = H[q][p] + v
        return Matrix(N, N, [[norm_any(self.scale * v) for v in r] for r in H])

    # -------------------------------------------------------------------- generic Jacobian
    def jacobian_generic(self, X):
        """P with polynomial entries for symbolic weights, each column (i, o) multiplied by the
        nonzero factor c_i = prod_k (N_ik + D_ik)^2 when layer 1 is an odds layer (o_ik = N_ik / D_ik,
        N, D monomials in the odds; then every later layer must be linear), so that the rank over
        the rational functions is that of the true Jacobian."""
        if self.layers[0].act not in ODDS:
            return self.jacobian(X)
        if any(lay.act != "linear" for lay in self.layers[1:]):
            raise ValueError("a generic Jacobian with odds needs linear layers after the first")
        idx = self.index()
        lay1 = self.layers[0]
        cols = []
        for i, x in enumerate(_columns(X)):
            inp = list(x) + ([1] if lay1.bias else [])
            for xj in inp:
                if Fraction(xj).denominator != 1:
                    raise ValueError(f"layer 1 ({lay1.act}) needs integer inputs: sample {i + 1}")
            Ns, Ds = [], []
            for row in lay1.A.rows:
                Nk, Dk = Poly.const(1), Poly.const(1)
                for e, xj in zip(row, inp):
                    xj = int(Fraction(xj))
                    if xj > 0:
                        Nk = Nk * (Poly._coerce(e) ** xj)
                    elif xj < 0:
                        Dk = Dk * (Poly._coerce(e) ** (-xj))
                Ns.append(Nk), Ds.append(Dk)
            hs = [a + b for a, b in zip(Ns, Ds)]
            n1 = len(hs)

            def prod_except(k, power):
                out = Poly.const(1)
                for q in range(n1):
                    out = out * (hs[q] ** (2 if q != k else 2 - power))
                return out

            c = prod_except(-1, 0)
            sig = [((Ns[k] if lay1.act == "logistic" else Ns[k] - Ds[k]) * prod_except(k, 1)) for k in range(n1)]
            dsig = [((1 if lay1.act == "logistic" else 4) * Ns[k] * Ds[k] * prod_except(k, 2)) for k in range(n1)]
            # scaled forward through the linear layers: every u_l (l >= 2) times c
            u = {1: inp}
            a = sig
            for l in range(2, self.L + 1):
                lay = self.layers[l - 1]
                u[l] = a + ([c] if lay.bias else [])
                a = [norm_any(sum((w * p for w, p in zip(row, u[l]) if w != 0), 0)) for row in lay.A.rows]
            ones = [1] * n1
            psi = self._psi({1: ones, **{l: [1] * self.widths[l] for l in range(2, self.L + 1)}})
            for o in range(self.widths[-1]):
                col = []
                for l, k, j in idx:
                    if l == 1:
                        col.append(norm_any(u[1][j] * dsig[k] * psi[1][k][o]))
                    else:
                        col.append(norm_any(u[l][j] * psi[l][k][o]))
                cols.append(col)
        return Matrix(self.n_params, len(cols), [list(r) for r in zip(*cols)])

    # -------------------------------------------------------------------- curves
    def curve_loss(self, curve, X, Y, var="t"):
        """The loss along the curve t -> curve (a list of L matrices like A_l, with entries
        polynomials in `var`; odds for odds layers) minus the loss at the point:
        (NUM, DEN, signs) with J(curve(t)) - J(point) = NUM / DEN (square loss), and `signs`: for
        every relu / leaky_relu unit at every sample whose pre-activation varies along the curve,
        (l, k, i, s, q) with s the sign of the pre-activation at the point and q = num * den of the
        pre-activation along the curve (the loss is that of the activation pattern at the point as
        long as every such q keeps the sign s)."""
        if self.loss_kind != "square":
            raise ValueError("curves need the square loss (the cross-entropy loss is not rational)")
        J0 = Fraction(self.loss(X, Y))
        total = RationalFunction(0)
        signs = []
        for i, x in enumerate(_columns(X)):
            _, s0, d10, _ = self.forward(x, i)
            prev = [RationalFunction(v) for v in x]
            for l, lay in enumerate(self.layers, start=1):
                inp = prev + ([RationalFunction(1)] if lay.bias else [])
                A = curve[l - 1]
                cur = []
                for k in range(lay.n_out):
                    row = A.rows[k]
                    if lay.act in ODDS:
                        o = RationalFunction(1)
                        for e, p in zip(row, inp):
                            xj = int(Fraction(p.constant_value()))
                            o = o * (RationalFunction(e) ** xj if xj >= 0 else RationalFunction(1, e) ** (-xj))
                        cur.append(RationalFunction(o.num, o.den + o.num) if lay.act == "logistic"
                                   else RationalFunction(o.num - o.den, o.num + o.den))
                        continue
                    z = RationalFunction(0)
                    for w, p in zip(row, inp):
                        if w != 0:
                            z = z + p * RationalFunction(w)
                    if lay.act == "linear":
                        cur.append(z)
                    elif lay.act == "polynomial":
                        acc = RationalFunction(0)
                        for c in reversed(lay.coeffs):
                            acc = acc * z + RationalFunction(c)
                        cur.append(acc)
                    else:
                        slope = 1 if d10[l][k] == 1 else lay.slope
                        sign = 1 if d10[l][k] == 1 else -1
                        q = norm_any(z.num * z.den)
                        if isinstance(q, Poly):
                            signs.append((l, k, i, sign, q))
                        cur.append(z * RationalFunction(slope))
                prev = cur
            for k, f in enumerate(prev):
                r = f - RationalFunction(Y.rows[k][i])
                total = total + r * r
        num, den = norm_any(total.num * self.scale), norm_any(total.den)
        return norm_any(Poly.const(0) + num - J0 * den), den, signs


# ------------------------------------------------------------------------------ helpers
def _columns(X):
    return [[X.rows[i][j] for i in range(X.nrows)] for j in range(X.ncols)]


def _col(Y, i):
    return [Y.rows[k][i] for k in range(Y.nrows)]


def symbolic_layer_matrix(l, n_out, n_in, bias, odds=False):
    """The symbolic A_l: variables w{l}_{k}_{j} (odds: e{l}_{k}_{j}) and biases b{l}_{k} (odds:
    eb{l}_{k}), 1-based k and j."""
    w, b = ("e", "eb") if odds else ("w", "b")
    return Matrix(n_out, n_in + bias, [[Poly.var(f"{w}{l}_{k + 1}_{j + 1}") for j in range(n_in)]
                                       + ([Poly.var(f"{b}{l}_{k + 1}")] if bias else []) for k in range(n_out)])


__all__ = ["Network", "Layer", "ZeroPreactivation", "ACTIVATIONS", "ODDS", "PIECEWISE", "LOSSES", "ORDERS",
           "poly_act", "symbolic_layer_matrix"]
