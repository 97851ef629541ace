"""Report prose for the Kawaguchi (002) claims (plain text; never part of a verdict)."""

from fractions import Fraction

CERTIFICATES = [
    "certificates: global minimum = X r = 0 (or, for p < d_y, the loss equals the Ky Fan lower bound); not a "
    "local minimum = n- > 0 or a path W + tV whose loss has its lowest nonzero coefficient < 0 or of odd order; "
    "not a local maximum = n+ > 0 or such a path with that coefficient > 0 or odd. They are sufficient only, "
    "so the statement is one-sided: a point they do not settle makes the case UNKNOWN"]

KYFAN = (
    "Ky Fan / Eckart-Young lower bound (p = min hidden width < d_y): for every network W = W_(H+1)...W_1, "
    "rank W <= p. With W_ls = Y X^T (XX^T)^-1 the cross term vanishes (XX^T W_ls^T = XY^T), so ||WX - Y||^2 = "
    "||(W - W_ls)X||^2 + tr YY^T - tr Sigma. Let P be the orthogonal projector onto range(W), enlarged to rank p "
    "(p < d_y). Since (I - P) W = 0, ||(W - W_ls)X||^2 >= ||(I - P) W_ls X||^2 = tr Sigma - tr(P Sigma), so "
    "2 L(W) >= tr YY^T - tr(P Sigma). For t rational and Z >= 0 with tI + Z - Sigma >= 0 (both certified by "
    "inertia), tr(P Sigma) <= tr(P(tI + Z)) <= p t + tr Z. Hence 2 L(W) >= tr YY^T - (p t + tr Z) for every W; a "
    "point whose loss equals 1/2 (tr YY^T - (p t + tr Z)) is a global minimum. Chosen: t = lambda_p, "
    "Z = sum_(k<p) (lambda_k - lambda_p) u_k u_k^T, so p t + tr Z = lambda_1 + ... + lambda_p (tight).")


def kyfan_lines(objects, dims, bound):
    p = min(dims[1:-1])
    t = objects["KF.t"].rows[0][0]
    return [f"Ky Fan certificate: p = {p}, t = {t}, loss lower bound 1/2 (tr YY^T - (p t + tr Z)) = {Fraction(bound)}",
            KYFAN]


def t23i(v):
    return [f"W_1 = W_(H+1) = 0, middle layers nonzero: Hessian inertia {list(v)}; an indefinite Hessian of a C^2 "
            "function rules out convexity and concavity"]


def c24h2(v, found):
    how = (f"{len(found)} path(s) W + tV given as the witness, their loss polynomials decide it" if found
           else "no path found (UNKNOWN)")
    return [f"W_1 = ... = W_H = 0: Hessian inertia {list(v)} (no negative eigenvalue); saddle: {how}"]


def c24proof(nz, hess):
    out = [f"Hessian at W_1 = ... = W_H = 0 with the given W_(H+1): {len(nz)} nonzero entries"]
    if nz:
        out.append(f"first nonzero entry at {nz[0]} = {hess.rows[nz[0][0]][nz[0][1]]}; for H = 2 the block (W_2, W_1) "
                   "is G_ad delta_bc with G = W_3^T (Yhat - Y) X^T = -W_3^T Y X^T, nonzero when W_3 != 0")
    return out


def caseIII(dims, v, rng, fails, loss_kept):
    p = min(dims[1:-1])
    lo, hi, lc, hc = rng
    where = f"{'[' if lc else '('}{lo}, {hi}{']' if hc else ')'}"
    out = [f"W = 0 (Case III: rank(W_H...W_2) = 0 < p = {p}), Hessian inertia {list(v)} (semidefinite: the "
           "second-order test does not decide)",
           "perturbation of the proof (p_bar = 0, G_k = I): W_k(eps) = eps [I 0] for k <= H, W_(H+1) = 0, with eps a "
           "polynomial variable; loss along W(eps) = loss at 0 as polynomials: " + ("yes" if loss_kept else "NO"),
           f"for every eps in {where} (Sturm on polynomials in eps): ||grad L(W(eps))||^2 > 0 and, for each k <= H, the "
           "sum of squares of the p_hat x p_hat minors of W_k(eps)...W_1(eps) has no root (rank >= p_hat); so points of "
           "equal loss arbitrarily close to W are not critical: W is not a local minimum"]
    if fails:
        first = min((x for x in fails.values() if not isinstance(x, str)), default=None, key=float)
        out.append(f"FAILS in the stated range: {fails}; smallest counterexample eps = {first}")
    else:
        out.append(f"no root of these polynomials in {where}: the construction works for every eps there")
    return out


L41 = ["Lemma 4.1: (A_k (x) B_k^T)^T vec(r) against term-by-term differentiation of the expanded loss, on formal weights"]
L43 = ["Lemma 4.3: the printed diagonal blocks and (W_1, W_k) blocks, and the builder's closed form of every block, "
       "against the loss differentiated twice term by term (an independent route)"]
BC = ["the loss restricted to one W_k is a quadratic whose Hessian is J_k^T J_k (PSD), so it is convex in W_k"]
A7 = ["mixed product (A(x)B)(C(x)D) = AC(x)BD checked on 2x2 symbolic matrices; it gives "
      "(A(x)B)(A^-(x)B^-)(A(x)B) = AA^-A (x) BB^-B for every g-inverse",
      "instance: A^-(x)B^- is a g-inverse of A(x)B and A^+(x)B^+ satisfies the four Penrose equations"]
APPD = ["as printed, W_1 = [w w w] (1x3), W_2 = [1 1 w]^T (3x1), W_3 = w (1x1): W_3 W_2 is undefined (1x1 times 3x1); "
        "with the evident fix W_1 = [w w w]^T, W_2 = [1 1 w] the product is 2w^2 + w^3",
        "f - f(0) = w^2 (2 + w) > 0 on [-1, 0) and (0, 1] (Sturm): strict local minimum; f(-3) = -9 < f(0): not global"]
LIP = ["H = 1, d = 1, X = Y = 1: L = 1/2 (w2 w1 - 1)^2 and d^2L/dw2^2 = w1^2; between w1 = K and w1 = K + 1 (w2 = 0, "
       "distance 1) this entry changes by 2K + 1 > K, so no constant K is a global Lipschitz constant of the Hessian "
       "(any matrix norm dominates the entry); the Hessian is Lipschitz on bounded sets only"]
C32 = ["E_Z[Yhat] computed by enumerating every activation pattern Z of every path (independent Bernoulli(rho), model "
       "A1p-m/A5u-m), scaled by q; with q = 1/rho equal to the deep linear output (symbolic weights and data: for every "
       "W and X of these shapes), hence L(W) = Lbar(W) for every Y"]
SIGN = ["with W_(H+1)...W_1 = -U_p U_p^T Y X^T (X X^T)^-1 the cross terms change sign but the quadratic term does not: "
        "the loss is 1/2(tr YY^T + 3 sum_k Lambda_kk), not 1/2(tr YY^T + sum Lambda_kk); the '+' branch and the "
        "conclusion (a value below 1/2 tr YY^T exists) are right"]
L42 = ["Lemma 4.2: the product against C (C^T C)^- C^T Y X^T (XX^T)^-1 at every critical point of the set"]
