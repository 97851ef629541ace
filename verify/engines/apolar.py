"""Kernel vectors of the generic Jacobian of shallow power networks, by apolarity (untrusted).

The network: one hidden layer of r units with activation c x^d, no biases, one linear output,
symbolic weights (`w1_i_j` into unit i, `w2_1_i` out of it):  f(x) = c sum_i a_i (w_i . x)^d.
Write f = sum_α c_α(θ) x^α over the N monomials x^α of degree d in the n inputs.  On samples
x_1..x_S its Jacobian P (parameters x samples, `builders/network.py`) factors as P = Jc^T V with
Jc[α, θ] = ∂c_α / ∂θ and V[α, s] = x_s^α.

Apolarity (Terracini's lemma read dually).  Let g = sum_α g_α x^α be a form of degree d that is
singular at every w_i (g(w_i) = 0 and ∇g(w_i) = 0).  Then v_α = g_α / multinomial(d; α) has
v^T Jc = 0: the pairing sum_α v_α ∂c_α/∂θ is c ∂/∂θ sum_i a_i g(w_i) with g's coefficients held
fixed, i.e. c g(w_i) for θ = a_i and c a_i ∂_j g(w_i) for θ = w_ij, all zero.  With C a right
inverse of V (V C = I, from N independent samples), P (C v) = Jc^T v = 0.

Forms singular at every w_i: g = h1 h2 m, where h1 and h2 (degrees e1, e2 with e1 + e2 <= d)
vanish at every w_i and m is a monomial of degree d - e1 - e2 (the product rule).  A form of degree
e vanishing at r points is a kernel vector of the r x N_e matrix of the points' monomials; one is
given by the signed r x r minors of r + 1 of its columns (Cramer), polynomials in the weights.
In the Alexander-Hirschowitz case n = 3, d = 4, r = 5 this is g = Q^2, Q the conic through the
five points; for d = 2 and r < n, products of two linear forms through the points.

Nothing here is trusted: the kernel checks (P C) v = 0 as polynomials (`rank_le` with a factor)
and the rank of C v at a point; this module only finds v, using python-flint's polynomials.
"""

import importlib.util
import itertools
from fractions import Fraction
from math import factorial, lcm

from ..kernel.exact import Matrix, norm
from ..kernel.poly import Poly
from . import _python, partial
from .fiatshamir import derive_point, derive_prime

MAX_UNITS = 7          # r x r minors of monomials have r! terms


def _monomials(deg, n):
    """Exponent tuples of degree `deg` in n variables (a fixed order)."""
    return [a for a in itertools.product(range(deg, -1, -1), repeat=n) if sum(a) == deg]


def _multinomial(a):
    out = factorial(sum(a))
    for e in a:
        out //= factorial(e)
    return out


def shape_of(case):
    """(n, r, d, c) for a network of the shape this engine knows, else None."""
    spec = getattr(case, "network", None) or {}
    widths, layers = spec.get("widths") or [], spec.get("layers") or []
    if not spec.get("symbolic") or len(widths) != 3 or widths[2] != 1 or len(layers) != 2:
        return None
    hidden, out = layers
    if hidden.get("activation") != "polynomial" or hidden.get("bias") or out.get("activation") != "linear" \
            or out.get("bias"):
        return None
    coeffs = [Fraction(x) for x in hidden.get("coeffs") or []]
    nonzero = [k for k, x in enumerate(coeffs) if x]
    if len(nonzero) != 1 or nonzero[0] < 2 or widths[1] > MAX_UNITS:
        return None
    return widths[0], widths[1], nonzero[0], coeffs[nonzero[0]]


def right_inverse(X, mons):
    """(C, K): C (S x N) with V C = I for V[α, s] = x_s^α, and K a basis of the kernel of V (S - N
    constant vectors, each a kernel vector of P = Jc^T V too); None when rank V < N."""
    import flint

    from ._flint import _pivot_cols

    S = len(X[0]) if X else 0
    N = len(mons)
    V = [[_value(a, [row[s] for row in X]) for s in range(S)] for a in mons]
    F = flint.fmpq_mat(N, S, [flint.fmpq(x.numerator, x.denominator) for r in V for x in r])
    R, rank = F.rref()
    if rank < N:
        return None
    cols = _pivot_cols(R, N)
    inv = flint.fmpq_mat(N, N, [F[i, j] for i in range(N) for j in cols]).inv()
    C = [[Fraction(0)] * N for _ in range(S)]
    for k, s in enumerate(cols):
        C[s] = [Fraction(int(inv[k, i].p), int(inv[k, i].q)) for i in range(N)]
    K = []
    for f in (s for s in range(S) if s not in cols):      # x_f = 1, x_pivot(i) = -R[i, f]
        vec = [Fraction(0)] * S
        vec[f] = Fraction(1)
        for i, s in enumerate(cols):
            vec[s] = -Fraction(int(R[i, f].p), int(R[i, f].q))
        K.append(vec)
    return Matrix(S, N, [[norm(x) for x in r] for r in C]), K


def _value(a, x):
    out = Fraction(1)
    for xi, e in zip(x, a):
        out *= Fraction(xi) ** e
    return out


class _Forms:
    """Forms in the inputs with coefficients in Z[w] (python-flint), as {exponent tuple: fmpz_mpoly}."""

    def __init__(self, n, r):
        import flint

        self.n, self.r = n, r
        self.names = sorted(f"w1_{i + 1}_{j + 1}" for i in range(r) for j in range(n))
        self.ctx = flint.fmpz_mpoly_ctx.get(self.names, "lex")
        gens = dict(zip(self.names, self.ctx.gens()))
        self.w = [[gens[f"w1_{i + 1}_{j + 1}"] for j in range(n)] for i in range(r)]

    def _mono(self, i, a):
        out = self.ctx.from_dict({}) + 1
        for x, e in zip(self.w[i], a):
            out = out * x ** e
        return out

    def vanishing(self, e):
        """Forms of degree e vanishing at the r points, from r + 1 columns each (Cramer)."""
        mons = _monomials(e, self.n)
        if len(mons) <= self.r:
            return []
        E = [[self._mono(i, a) for a in mons] for i in range(self.r)]
        out = []
        for extra in range(self.r, len(mons)):
            cols = list(range(self.r)) + [extra]
            form = {}
            for k, c in enumerate(cols):
                minor = _det([[E[i][cc] for cc in cols if cc != c] for i in range(self.r)])
                if minor != 0:
                    form[mons[c]] = minor if k % 2 == 0 else -minor
            if form:
                out.append(form)
        return out

    @staticmethod
    def product(f, g):
        out = {}
        for a, p in f.items():
            for b, q in g.items():
                ab = tuple(x + y for x, y in zip(a, b))
                out[ab] = out.get(ab, 0) + p * q
        return {a: p for a, p in out.items() if p != 0}

    def to_poly(self, p):
        """An fmpz_mpoly as a kernel Poly (exponent vectors in the sorted order of `names`)."""
        terms = {}
        for exps, c in zip(p.monoms(), p.coeffs()):
            terms[tuple((self.names[k], int(e)) for k, e in enumerate(exps) if e)] = Fraction(int(c))
        return Poly._raw(terms)


def _det(M):
    """Determinant by expansion along the first row (small r; entries polynomials)."""
    if len(M) == 1:
        return M[0][0]
    total = 0
    for j, x in enumerate(M[0]):
        if x != 0:
            term = x * _det([row[:j] + row[j + 1:] for row in M[1:]])
            total = total + term if j % 2 == 0 else total - term
    return total


def singular_forms(n, r, d):
    """Candidate forms of degree d singular at the r points: h1 h2 m (module docstring), lazily."""
    F = _Forms(n, r)
    by_degree = {e: F.vanishing(e) for e in range(1, d // 2 + 1)}
    for e1 in range(1, d // 2 + 1):
        for e2 in range(e1, d - e1 + 1):
            if e2 not in by_degree:
                by_degree[e2] = F.vanishing(e2)
            for i, h1 in enumerate(by_degree[e1]):
                for j, h2 in enumerate(by_degree[e2]):
                    if e1 == e2 and j < i:
                        continue
                    g = F.product(h1, h2)
                    for m in _monomials(d - e1 - e2, n):
                        yield F, F.product(g, {m: F.ctx.from_dict({}) + 1})


def apolar_weights(mons):
    """L / multinomial(d; α) for each monomial α, L the lcm of the multinomials: v_α = g_α times it
    is g_α / multinomial(d; α) scaled to integers."""
    L = lcm(*[_multinomial(a) for a in mons])
    return [L // _multinomial(a) for a in mons]


def apolar_vector(F, g, mons, weights):
    """v with v_α = g_α weights_α (`apolar_weights`), as kernel Polys."""
    return [F.to_poly(g[a] * w) if a in g else 0 for a, w in zip(mons, weights)]


def _independent(vecs, S, p):
    """True iff the rational vectors (length S) are independent mod p (hence over Q)."""
    res = _python.pivots_mod(vecs, S, p)
    return res is not None and res[0] == len(vecs)


def kernel_vectors(shape, P, X, want, seed, name="P"):
    """(C, K, [v, ...], point, [K's vectors, then C v at the point, ...]) with P C v = 0 and P k = 0
    for k in K, all independent at the point; at most `want` in all.  None when the samples do not
    span the monomials.  `shape` is `shape_of(case)`."""
    if shape is None or want < 1:
        return None
    n, r, d, _ = shape
    mons = _monomials(d, n)
    got = right_inverse([list(row) for row in X.rows], mons)
    if got is None:
        return None
    C, K = got
    point = derive_point(seed, P.variables(), f"apolar:{name}")
    Pp = P.evaluate(point)
    p = derive_prime(seed, f"apolar:{name}")
    weights = apolar_weights(mons)
    exact = [list(k) for k in K]
    found = []
    if not _independent(exact, P.ncols, p):
        return None
    for F, g in singular_forms(n, r, d) if len(exact) < want else ():
        vals = [g[a](*[point[v] for v in F.names]) * w if a in g else 0 for a, w in zip(mons, weights)]
        c = [sum(Fraction(int(x)) * y for x, y in zip(vals, row)) for row in C.rows]   # C v at the point
        if any(sum(a * b for a, b in zip(row, c)) for row in Pp.rows):
            continue                                   # not a kernel vector (an engine bug): skip it
        if _independent(exact + [c], P.ncols, p):
            exact.append(c)
            found.append(apolar_vector(F, g, mons, weights))
            if len(exact) == want:
                break
    return C, K, found, point, exact


def apolar_rank_proof(case, P, X, name, ctx, fallback=None):
    """A Proof of the generic rank of P: rank >= r at a point, rank <= r by apolar kernel vectors
    with the factor C; None when the network is not of this shape or too few vectors are found."""
    from ..checks.base import Proof
    from ..kernel.exact import encode_matrix
    from .backends import backend
    from .rank import _minor_of_vectors, _pivfn, rank_ge_obligation, rank_le_obligation

    shape = shape_of(case)
    if shape is None:
        return None
    if importlib.util.find_spec("flint") is None:  # pragma: no cover - the forms are python-flint polynomials
        return None
    pivfn = _pivfn(backend(ctx.method))
    variables = P.variables()
    point = derive_point(ctx.seed, variables, f"point:{name}")
    prime = derive_prime(ctx.seed, f"rank_ge:{name}")
    res = pivfn([list(r) for r in P.evaluate(point).rows], P.ncols, prime)
    if res is None:
        return None
    rp, I, J = res
    ge = rank_ge_obligation(name, rp, I, J, prime, point)
    if rp < P.ncols and partial.active():      # the rank >= rp half is done: say so before the kernel
        partial.report([ge], partial.rank_evidence(P, name, ctx.seed, pivfn))
    got = kernel_vectors(shape, P, X, P.ncols - rp, ctx.seed, name)
    if got is None or len(got[4]) < P.ncols - rp:
        return None
    C, K, vecs, kpoint, cols = got
    found = _minor_of_vectors(cols, P.ncols, ctx.seed, f"rank_le:{name}", pivfn)
    if found is None:
        return None
    kp, coords = found
    # the basis F N0 with F = [C | K] and N0 = [[0, v], [I, 0]]: columns K first, then C v
    N, k, t = C.ncols, len(K), len(vecs)
    F = Matrix(C.nrows, N + k, [list(C.rows[s]) + [K[j][s] for j in range(k)] for s in range(C.nrows)])
    N0 = Matrix(N + k, k + t, [[0] * k + [vecs[j][i] for j in range(t)] for i in range(N)]
                + [[1 if i == j else 0 for j in range(k)] + [0] * t for i in range(k)])
    le = rank_le_obligation(name, rp, "right", N0, coords, range(k + t), kp, kpoint)
    le["factor"] = encode_matrix(F)
    notes = [f"rank <= {rp}: {t} kernel vector(s) C v of {name} from forms singular at the hidden units' weight "
             f"vectors (apolarity; {sum(len(x.terms) for v in vecs for x in v if isinstance(x, Poly)):,} terms)"
             + (f", and {k} constant one(s) from the samples' monomial matrix" if k else "")]
    return Proof([ge, le], notes=notes, engine_value={"rank": rp},
                 fallback=fallback)


__all__ = ["apolar_rank_proof", "shape_of", "kernel_vectors", "singular_forms", "right_inverse"]
