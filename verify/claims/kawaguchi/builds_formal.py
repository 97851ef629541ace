"""Trusted builds of the Kawaguchi (002) claims that are identities: Lemma 4.1 and 4.3 and block
convexity on formal (symbolic) weights, A.7, App. D, the Lipschitz remark (Sec. 2.3), Cor 3.2.

In every comparison one side is derived independently of the other: the printed formulas (Kronecker
products of the paper's A_k, B_k) against term-by-term differentiation of the expanded polynomial
loss (`builders.calculus`), never the builder's closed-form Hessian against itself.
"""

from fractions import Fraction
from itertools import product as iproduct

from ...builders import deep_linear as dl
from ...builders.matrices import hstack, kron
from ...kernel.exact import Matrix, matmul, norm
from ...builders.matrices import identity
from ...kernel.poly import Poly
from .builds import dims_of, exact, exact_matrix, no_witness


# ------------------------------------------------------------------------------ Lemma 4.1, 4.3, block convexity
def formal_data(params):
    dims = params.get("dims", [2, 2, 1, 2])
    dims = dims_of({"dims": dims})
    m = params.get("m", 2)
    if not (isinstance(m, int) and 1 <= m <= 6):
        raise ValueError("params.m: 1..6 samples")
    if sum(dims[k] * dims[k - 1] for k in range(1, len(dims))) > 24:
        raise ValueError("params.dims: at most 24 formal weights")
    if params.get("symbolic_data", False):
        X, Y = dl.symbolic_matrix(dims[0], m, "x"), dl.symbolic_matrix(dims[-1], m, "y")
    else:
        X = Matrix.from_rows([[((3 * i + 5 * j) % 7) - 3 for j in range(m)] for i in range(dims[0])])
        Y = Matrix.from_rows([[((2 * i + 3 * j + 1) % 5) - 2 for j in range(m)] for i in range(dims[-1])])
    return dims, X, Y


def block_names(dims, k):
    """Variables of vec(W_k^T) (row-major), as `symbolic_weights` names them."""
    return [f"w{k}_{i}_{j}" for i in range(dims[k]) for j in range(dims[k - 1])]


def build_formal(params, witness=None):
    """Per layer k: Lemma 4.1's printed gradient (A_k (x) B_k^T)^T vec(r) and the gradient by
    differentiating the expanded loss; per block (i, j): the builder's closed form, the block by
    differentiating twice; Lemma 4.3's printed diagonal blocks and (W_1, W_k) blocks; J_k^T J_k."""
    no_witness(witness)
    dims, X, Y = formal_data(params)
    H = len(dims) - 2
    Ws = dl.symbolic_weights(dims)
    L = dl.loss(Ws, X, Y)
    r = dl.residual(Ws, X, Y).T
    objs, firsts = {}, {}
    for k in range(1, H + 2):
        names = block_names(dims, k)
        firsts[k] = {v: dl.poly_diff(L, v) for v in names}
        A, B = dl.A_of(Ws, k, dims), dl.B_of(Ws, X, k, dims)
        objs[f"grad{k}.paper"] = matmul(kron(A, B.T).T, dl.vec_cols(r))
        objs[f"grad{k}.direct"] = Matrix(len(names), 1, [[firsts[k][v]] for v in names])
    blocks = dl.hessian_blocks(Ws, X, Y)
    for i in range(1, H + 2):
        for j in range(1, H + 2):
            objs[f"H{i}_{j}.direct"] = Matrix(len(block_names(dims, i)), len(block_names(dims, j)),
                                              [[dl.poly_diff(firsts[i][u], v) for v in block_names(dims, j)]
                                               for u in block_names(dims, i)])
            objs[f"H{i}_{j}.closed"] = blocks[(i, j)]
    C = dl.chain(Ws, H + 1, 2, dims)
    for k in range(1, H + 2):
        A, B = dl.A_of(Ws, k, dims), dl.B_of(Ws, X, k, dims)
        objs[f"H{k}_{k}.paper"] = kron(matmul(A.T, A), matmul(B, B.T))
        J = kron(A, B.T)
        objs[f"H{k}_{k}.gram"] = matmul(J.T, J)
    for k in range(2, H + 2):  # Lemma 4.3: D_vec(W_k^T) (D_vec(W_1^T) L)^T as printed
        A = dl.A_of(Ws, k, dims)
        Bmid = dl.chain(Ws, k - 1, 2, dims)
        first = kron(matmul(C.T, A), matmul(X, matmul(dl.chain(Ws, k - 1, 1, dims), X).T))
        rA = matmul(r, A)
        cols = [kron(identity(dims[k - 1]), Matrix(rA.nrows, 1, [[rA.rows[i][t]] for i in range(rA.nrows)]))
                for t in range(dims[k])]
        objs[f"H1_{k}.paper"] = dl.add(first, matmul(kron(Bmid.T, X), hstack(cols)))
    return objs


# ------------------------------------------------------------------------------ A.7
def build_a7(params, witness=None):
    """A (x) B with the builder's g-inverses and Moore-Penrose inverses of A and B; the mixed-product
    rule on 2 x 2 symbolic matrices."""
    no_witness(witness)
    A = exact_matrix(params.get("A", [[1, 2, 3], [2, 4, 6]]), None, "params.A")
    B = exact_matrix(params.get("B", [[1, 0], [1, 1], [0, 1]]), None, "params.B")
    if A.nrows * A.ncols * B.nrows * B.ncols > 400 or not (A.nrows and A.ncols and B.nrows and B.ncols):
        raise ValueError("params.A, params.B: nonempty, and A (x) B at most 400 entries")
    K = kron(A, B)
    Ag, Bg, Ap, Bp = dl.g_inverse(A), dl.g_inverse(B), dl.pinv(A), dl.pinv(B)
    P = kron(Ap, Bp)
    objs = {"A": A, "B": B, "K": K, "P": P}
    for name, M, G in (("A", A, Ag), ("B", B, Bg), ("K", K, kron(Ag, Bg))):
        objs[f"{name}g"] = G
        objs[f"{name}G{name}"] = matmul(matmul(M, G), M)
    for name, M, Q in (("A", A, Ap), ("B", B, Bp), ("K", K, P)):  # the four Penrose equations of Q for M
        MQ, QM = matmul(M, Q), matmul(Q, M)
        objs.update({f"{name}p": Q, f"{name}p.MQM": matmul(MQ, M), f"{name}p.QMQ": matmul(QM, Q),
                     f"{name}p.MQ": MQ, f"{name}p.MQt": MQ.T, f"{name}p.QM": QM, f"{name}p.QMt": QM.T})
    s = {n: dl.symbolic_matrix(2, 2, n) for n in "abcd"}
    objs["mixed_lhs"] = matmul(kron(s["a"], s["b"]), kron(s["c"], s["d"]))
    objs["mixed_rhs"] = kron(matmul(s["a"], s["c"]), matmul(s["b"], s["d"]))
    return objs


# ------------------------------------------------------------------------------ App. D
def build_appD(params, witness=None):
    """As printed W_1 = [w w w] (1 x 3), W_2 = [1 1 w]^T (3 x 1), W_3 = w; fixed: W_1 = [w w w]^T,
    W_2 = [1 1 w]: f(w) = W_3 W_2 W_1, f - f(0), and f at 0 and -3."""
    no_witness(witness)
    w = Poly.var("w")
    W1p, W2p, W3 = Matrix(1, 3, [[w, w, w]]), Matrix(3, 1, [[1], [1], [w]]), Matrix(1, 1, [[w]])
    fixed = matmul(matmul(W3, W2p.T), W1p.T)
    f = fixed.rows[0][0]
    at = lambda x: norm(f.evaluate({"w": x}))  # noqa: E731
    return {"printed_W1": W1p, "printed_W2": W2p, "W3": W3, "fixed_product": fixed,
            "stated": Matrix(1, 1, [[norm(2 * w * w + w * w * w)]]),
            "f_minus_f0": Matrix(1, 1, [[norm(f - at(0))]]), "f_at": Matrix(1, 2, [[at(0), at(-3)]])}


# ------------------------------------------------------------------------------ Sec. 2.3, Lipschitz
def build_lipschitz(params, witness=None):
    """H = 1, d = 1, X = Y = 1: L = 1/2 (w_2 w_1 - 1)^2.  Candidate counterexample to "K is a Lipschitz
    constant of the Hessian": two points u, v (default (w_1, w_2) = (K, 0) and (K + 1, 0); a witness
    {"u": [w1, w2], "v": [w1, w2]} replaces them).  Objects: the Hessians, ||u - v||^2, K."""
    K = exact(params.get("K", 1000), "params.K")
    if K < 0:
        raise ValueError("params.K: a Lipschitz constant is >= 0")
    if witness is None:
        u, v = (K, 0), (K + 1, 0)
    else:
        if not (isinstance(witness, dict) and set(witness) == {"u", "v"}):
            raise ValueError('a witness is {"u": [w_1, w_2], "v": [w_1, w_2]}')
        pts = []
        for key in ("u", "v"):
            pt = witness[key]
            if not (isinstance(pt, list) and len(pt) == 2):
                raise ValueError(f"witness.{key}: two exact numbers (w_1, w_2)")
            pts.append(tuple(exact(x, f"witness.{key}") for x in pt))
        u, v = pts
    X = Y = Matrix(1, 1, [[1]])
    H = {}
    for name, (a, b) in (("u", u), ("v", v)):
        H[name] = dl.hessian([Matrix(1, 1, [[a]]), Matrix(1, 1, [[b]])], X, Y)
    dist2 = norm(sum((Fraction(x) - y) ** 2 for x, y in zip(u, v)))
    return {"X": X, "Y": Y, "Hu": H["u"], "Hv": H["v"], "dist2": Matrix(1, 1, [[dist2]]),
            "K": Matrix(1, 1, [[K]])}


# ------------------------------------------------------------------------------ Cor 3.2
def build_c32(params, witness=None):
    """E_Z[Yhat] by enumerating every activation pattern Z of the paths (independent Bernoulli(rho),
    A1p-m / A5u-m) scaled by q, and the deep linear output Ybar = W_(H+1)...W_1 X.  Weights and data
    are symbolic (the identity then holds for every W and X of these shapes) unless params.symbolic
    is false (small integer weights, fixed X)."""
    no_witness(witness)
    dims = dims_of({"dims": params.get("dims", [2, 2, 1])})
    rho = exact(params.get("rho", "1/3"), "params.rho")
    if not 0 < rho <= 1:
        raise ValueError("params.rho: in (0, 1]")
    q = exact(params["q"], "params.q") if "q" in params else norm(1 / Fraction(rho))
    m = params.get("m", 2)
    H = len(dims) - 2
    npaths = 1
    for d in dims[:-1]:
        npaths *= d
    if npaths > 12 or not (isinstance(m, int) and 1 <= m <= 4):
        raise ValueError("params.dims: at most 12 paths per output (2^paths patterns); params.m: 1..4")
    if params.get("symbolic", True):
        X = dl.symbolic_matrix(dims[0], m, "x")
        Ws = dl.symbolic_weights(dims)
    else:
        X = Matrix.from_rows([[((i + 2 * j) % 3) + 1 for j in range(m)] for i in range(dims[0])])
        Ws = dl.zero_layers_point(dims, set(), seed=params.get("seed", 0))
    rho = Fraction(rho)
    EY = []
    for j in range(dims[-1]):
        row = []
        for i in range(m):
            paths = []
            for idx in iproduct(*[range(d) for d in dims[:-1]]):  # (i_0, i_1, ..., i_H)
                val = X.rows[idx[0]][i]
                for k in range(1, H + 2):
                    val = val * Ws[k - 1].rows[idx[k] if k <= H else j][idx[k - 1]]
                paths.append(val)
            total = 0
            for z in iproduct((0, 1), repeat=len(paths)):
                ones = sum(z)
                pr = rho ** ones * (1 - rho) ** (len(z) - ones)
                active = sum((v for v, zz in zip(paths, z) if zz), 0)
                total = total + pr * q * active
            row.append(norm(total) if not isinstance(total, (int, Fraction)) else norm(Fraction(total)))
        EY.append(row)
    return {"X": X, "EZ_Yhat": Matrix.from_rows(EY), "Ybar": dl.output(Ws, X)}
