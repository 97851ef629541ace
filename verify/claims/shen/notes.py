"""Report prose for Shen's claims (plain text; never part of a verdict)."""


def _rows(M):
    return [[str(x) for x in r] for r in M.rows]


# ====================================================================== products
TS_KR = ["TS = A (*) B with the given partitions has size (m p) x (n q) (eq. 1); with trivial partitions it is "
         "the Kronecker product; KR = A (.) B has size (sum_i m_i p_i) x (sum_j n_j q_j) (eq. 3)."]
KR_COL = ["The column-wise Khatri-Rao product equals the block-wise one with one row block and singleton column "
          "blocks (CLAIMS.md conventions)."]


def ts_rank(rk, symbolic):
    out = [f"rank A = {rk['A']}, rank B = {rk['B']}, rank(A (*) B) = {rk['TS']} (eq. 2)."]
    if symbolic:
        out.append("Symbolic entries: TS = P1 (A (x) B) P2 with permutation matrices P1, P2 derived from the "
                   "partitions, so rank(A (*) B) = rank(A (x) B) = rank A rank B for every matrix of this "
                   "partitioned shape.")
    return out


def kr_select(rk, symbolic):
    return ["A (.) B = Z1^T (A (*) B) Z2 (eq. 4) checked entry by entry"
            + (" on symbolic A, B, i.e. for every matrix of this partitioned shape" if symbolic else ""),
            f"Z1^T Z1 = I, Z2^T Z2 = I; rank Z1 = {rk['Z1']} = sum m_i p_i, rank Z2 = {rk['Z2']} = sum n_j q_j "
            "(6), (7)."]


def cor1(rk):
    return [f"rank(A (.) B) = {rk['KR']} <= rank(A (*) B) = {rk['TS']} (Corollary 1; follows from eq. 4)."]


def kr_lower(rk):
    return [f"rank(A (.) B) = {rk['KR']}, R_ts = rank(A (*) B) = {rk['TS']} (eq. 12; the hypothesis 'A (*) B has "
            "full rank' is not needed: the bound is eq. 10 applied to Z1^T (A (*) B) Z2)."]


KR_TIGHT = ["Searched: smallest column-partitioned 0/1 instance where the bound is positive and attained."]
TIGHT = ["Tightness witness searched over 0/1 matrices (smallest shape first), non-zero factors, with a rank "
         "loss in the product."]
INEQ = {"sylv": "Sylvester (eq. 9/49): rank(AC) >= rank A + rank C - n",
        "frob": "Frobenius (eq. 8/48): rank(ABC) + rank B >= rank AB + rank BC",
        "comb": "combined (eq. 10/50): rank(ABC) >= rank A + rank B + rank C - n1 - n2"}


def inequality(kind, rk):
    return [f"{INEQ[kind]}; ranks {rk}."]


def prop2(variant, objects, rk):
    out = [f"Proposition 2 ({variant}) on Psi {objects['Psi'].shape}, Phi {objects['Phi'].shape}; ranks {rk}."]
    if variant == "printed":
        out.append("Printed eq. (23) subtracts T n_L; Sylvester's inequality applied to the factorisation "
                   "(I (*) Phi) diag(Psi_i) (eq. 54) has inner dimension n_l T, so the evident fix subtracts "
                   "T n_l (form 'fixed').")
    return out


def prop2_found(tight, params):
    what = "tight instance (hypothesis true, bound attained)" if tight else "violation"
    return [f"Smallest {what} found by exhaustive search over shapes ordered by entry count, entries in "
            f"{params.get('values', [1, -1, 0])}."]


def prop2_none(tight, params, finished):
    what = "a tight instance" if tight else "a violation"
    return [f"The search for {what} over shapes n_l<=3, n_L<=2, n_(l-1)<=2, T<=3 with entries in "
            f"{params.get('values', [1, -1, 0])} found none"
            + ("" if finished else f" within {params.get('search_seconds', 5)} s")
            + "; the statement quantifies over every such instance, which one instance does not certify."]


def prop2_factor(rk, nl, symbolic):
    return ["Psi (.) Phi = (I_{n_l} (*) Phi) diag(Psi_1..Psi_T) (eqs. 14-15 / 53-54) checked entry by entry"
            + (" on symbolic Psi, Phi (every instance of the shape)" if symbolic else ""),
            f"rank(I (*) Phi) = {rk['I_ts_Phi']} = n_l rank Phi = {nl} x {rk['Phi']}."]


# ====================================================================== networks
def grad(symbolic):
    return ["vec grad_J(W_l) = sum_i phi_{l-1} omega_l^T with omega from eq. (15) (G_rec) equals "
            + ("the formal derivative of the summed loss (symbolic weights, polynomial activation)" if symbolic
               else "T times the exact gradient of the total loss by forward jets")
            + ", and equals P(W) eps(W) (eq. 18-19).",
            "Eq. 16 drops the 1/T of eq. 6: G_rec is the gradient of sum_i E, i.e. T grad J."]


def pjac(symbolic):
    return ["P(W) = Psi (.) Phi from the recursion Psi_l = Sigma'_l W_{l+1} Psi_{l+1} (eqs. 17, 21-22) equals the "
            "transposed Jacobian of the stacked outputs, computed "
            + ("by formal differentiation of the output polynomials (symbolic weights)" if symbolic
               else "by forward jets (an independent chain-rule order)") + "."]


def prop3(form, rk):
    out = [f"rank P = {rk['P']}; ranks of the row blocks "
           f"{[v for k, v in sorted(rk.items()) if k.startswith('P_')]}."]
    if form == "supp":
        out.append("Supplement eq. (20) subtracts sum_{l<L} T n_L where the main paper's eq. (24) (and eq. (10) "
                   "applied to eq. (21)) gives sum_{l<L} T n_l; they differ when a hidden layer is wider than "
                   "the output.")
    return out


def prop6(rk):
    return [f"rank P = {rk['P']}, rank [X^T, 1] = {rk['X1']}.",
            "The proof's step 'rank(Phi_1) >= n_1' fails when hidden units are constant on the data while W_1 "
            "keeps full rank."]


def xor(n1, rk):
    return [f"F(2,{n1},1) XOR: rank P_xor = {rk['P']}, first row block (hidden outputs, with the dummy row) rank "
            f"{rk['P_top']}, second row block rank {rk['P_bottom']}."]


def xor_found(tight):
    return [f"{'Point' if tight else 'Counterexample'} found by search (odds grid {{1, 2, 1/2, 3}}, output weights "
            "v = 0, bias weight 1)."]


def xor_none(tight, target, least):
    if tight:
        return [f"no point with rank P_xor = {target} found by the search (least rank seen {least})"]
    return [f"no point with rank P_xor < {target} found by the search over the odds grid (least rank seen {least}); "
            "the bound is stated for every W, which one instance does not certify"]


def xor231_pair(weights, searched):
    if weights is None:
        return [f"no affinely related pair of units found (odds of heights {searched} searched)"]
    E1 = weights[0]
    return [f"Counterexample: hidden odds E_1 = {E1} (columns: units; rows: x1, x2, dummy), W_2 = (0, 0, 0, 1). "
            "Units 1 and 2 give outputs h_1, h_2 on the XOR inputs with h_2 = alpha + beta h_1 (the odds "
            "parametrisation: a unit's outputs are o/(1+o) with o00 o11 = o01 o10, and h_2 = alpha + beta h_1 "
            "stays of that form on a conic in (alpha, beta)); unit 3 is constant on the data (weights 0, 0, "
            "log 2). With v = 0 the second row block of P_xor vanishes and rank P_xor = rank [h_1; h_2; h_3; 1] "
            "= 2, while W_1 = log E_1 has full rank 3 (certified, rule log_minor_nonzero) and W_2 != 0: Principles "
            "3 and 4 hold and the printed bound 3 fails.",
            f"Smallest such pair: odds heights max(numerator, denominator) = {searched[:-1]} searched exhaustively "
            f"without a pair, height {searched[-1]} the first with one; among those the least sum of numerators "
            "and denominators. The bound 2 is the true one: rank [h; 1] >= 2 as soon as one unit is non-constant, "
            "which full-rank W_1 forces (a human argument, not certified here)."]


def hess(kind, params, x):
    if kind == "hess26":
        out = ["Eq. 26 writes the Hessian as the Gauss-Newton term plus terms that each contain Sigma''. Where every "
               "Sigma'' vanishes (S2 = 0) eq. 26 gives H = GGN; H here is the exact Hessian (Taylor model, formal "
               "differentiation), and the cross terms sum_k (grad_E)_k d^2 F_k / dW_l dW_m with l != m contain "
               "Sigma' only."]
    elif kind == "hess28":
        out = ["Eq. 28 as printed, H = P H_E P^T, omits the 1/T of the total loss (eq. 6); the evident fix is "
               "H = (1/T) P H_E P^T (form 'fixed')."]
    elif kind == "prop4":
        out = [f"rank H = {x['H']}."]
    else:
        out = [f"GGN inertia {x}."]
    if params.get("exact_min") is True:
        out.append("Exact-learning point of F(2,2,1): hidden odds E_1 = params.E1 (default [[2, 3], [2, 3], "
                   "[1/4, 1/81]]), output weights solved exactly by Cramer's rule in the build.")
    return out


ALG1 = ["Algorithm 1 (Step 1-2, batch) accumulates sum_i phi_{l-1} omega_l^T = T grad J (eq. 16 has no 1/T).",
        "Printed Step 2(1) omega_{l-1} <- diag(phi'_l) W_l omega_l is ill-typed (n_l x n_l times n_{l-1} x n_l); "
        "implemented with the evident fix diag(phi'_{l-1}) as in eq. (15)."]
ALG2 = ["xi solves H~ P xi = P eps (eq. 39); xi_N = P xi solves H~ xi_N = P eps = vec grad (eq. 38, summed-loss "
        "convention of eq. 16); xi_N lies in range(H~) = range(P), so it is the minimum-norm (pseudo-inverse) "
        "Gauss-Newton step."]


def ggn_conv(dps, losses, orders):
    return ("GGN / approximate Newton (alpha = 1) from a perturbed exact-learning point of the F(2,2,1) XOR net, "
            f"mpmath {dps} digits: losses {losses}; successive orders log J_(k+1)/log J_k = {orders} (about 2 "
            "means quadratic). A floating-point experiment cannot certify a convergence order.")


PRINC4 = ["sigma' at rational points for logistic (o/(1+o)^2), tanh (4o/(1+o)^2), softplus (o/(1+o)), softsign "
          "(1/(1+|z|)^2), identity (1), bent identity (1 + z/(2 sqrt(z^2+1)) at z with rational root): all non-zero. "
          "Everywhere: each is a quotient of positive quantities for every real z (o = e^z > 0; bent identity' > "
          "1/2), which is the symbolic argument behind Remark 3."]


def princ1(params, rk):
    return [f"Hessian of the {params.get('loss', 'squared')} loss at residual r = {params.get('r', [1, 0])}: rank "
            f"{rk['HE']}.",
            "Squared loss: H_E = 2 I at every phi_L (Principle 1 and 1.a hold). Cauchy loss log(1 + |r|^2): the "
            "gradient 2r/(1+|r|^2) vanishes only at r = 0 (Principle 1 holds) but H_E is singular on |r| = 1, so it "
            "is not Morse 'for all phi_L' (Principle 1.a)."]


def remark4(rk):
    return [f"ranks {rk}.",
            "Principle 5 does not constrain layer L-1, and with '<=' it allows plateaus, so products "
            "W_{l+1} Sigma' ... W_L can lose rank."]


def prop1(rk):
    return ["Proposition 1 assumes rank P(W) = T n_L for *all* W. At the given W (all weights zero: odds 1, W_2 = 0) "
            f"rank P = {rk['P']} < T n_L, so the hypothesis never holds for this architecture (the proposition is "
            "vacuous, not false)."]


def prop5(rk):
    return ["Condition (2) of Proposition 5 asks that the T hidden outputs form a basis for *all* W_1; at W_1 = 0 "
            f"every hidden output is sigma(0), rank Phi_1 = {rk['Phi_1']} < T, so the hypothesis cannot hold (the "
            "proposition is vacuous). The proof's steps (P_2 square, rank T n_2 when Phi_1 is invertible) are right."]


def thm1(inert):
    return ["Theorem 1's step: P eps = 0 and eps = P^T a give |eps|^2 = a^T P eps = 0. At a critical point of the "
            "XOR net with eps != 0, eps is not in the row span of P (inconsistency certificate), as it must not be.",
            f"Exact Hessian inertia (n+, n-, n0) = {inert}: "
            + ("a negative-curvature direction exists, the point is a saddle." if inert[1] > 0 else
               "no negative eigenvalue: the second-order test is inconclusive.")]


REMARK2 = ["Every W_l has full rank at this point; full rank is an open condition (a non-zero maximal minor stays "
           "non-zero nearby), so a local minimum of J restricted to full-rank weights is a local minimum of J: "
           "Remark 2's first sentence is the openness argument. Its second sentence (whether global minima are "
           "excluded) is stated as open."]


# ====================================================================== critical points
def critical_point(prefix, objects, inert, found):
    out = [f"{prefix or 'point'}: hidden odds E_1 = {_rows(objects[prefix + 'E_1'])}, W_2 = "
           f"{_rows(objects[prefix + 'W_2'])}; Hessian inertia (n+, n-, n0) = {inert}."]
    if found is not None:
        E_t, W2_t, t1, m = found
        out.append(f"{prefix or 'point'}: descent curve E(t) = {_rows(E_t)}, W_2(t) = {_rows(W2_t)}, t1 = {t1} "
                   f"(I_k of order t^{m}, loss change of order t^{2 * m}): J(W(t)) < J(W(0)) for 0 < t <= t1.")
    elif inert[1] == 0:
        out.append(f"{prefix or 'point'}: no negative eigenvalue and no descent curve found by the search.")
    return out


CRITICAL = ["A saddle here: critical, not a local maximum (n+ > 0), not a local minimum (n- > 0, or the certified "
            "descent curve W(t) = log E(t) through the point)."]


def family(params, n, ncurves):
    fam = params["family"]
    return (f"{n} critical points with v = 0, b = 1/2 and hidden odds in {fam.get('grid')} "
            f"({'rank-drop points only, ' if fam.get('rank_drop_only', True) else ''}up to swapping units and "
            f"inputs): {n - ncurves} need no curve (negative curvature, if certified), {ncurves} with a PSD Hessian "
            "carry a descent curve (listed below).")
