"""Report prose for the Giannou et al. claims (plain text; never part of a verdict)."""

DEFKR = ["Formal A (n x nm), B (m x nm): the column-wise product equals Definition 2 read literally (column j = "
         "A_j (x) B_j) and the block-wise product with one row block and singleton column blocks; shape nm x nm."]
LEMMA1 = ["Identity vec_row(C diag(x) B) = (C (.) B^T) x on formal C, B, x; hence C X B = W* iff "
          "(C (.) B^T) vecd(X) = vec(W*).",
          "Typo: Lemma 1 prints C in R^{n x m}; C X B with X of size nm x nm needs C in R^{n x nm} (as in Lemma 4). "
          "Checked with the corrected shape."]
THM5 = ["(11) on seeded low-rank integer instances; the mixed-product rule on formal 2 x 2 factors."]
THM6 = ["(13) (AC) (.) (BD) = (A (x) B)(C (.) D) and (14) (A (.) B) o (C (.) D) = (A o C) (.) (B o D) as polynomial "
        "identities on formal matrices (A 2x2, C 2x3, B 2x2, D 2x3; E, F, G, H 2x3)."]
PROP1 = ["Gamma (W x - mu)/s + beta = Gamma' W x + beta' with Gamma' = Gamma/s, beta' = beta - Gamma' mu, as a "
         "polynomial identity (t = 1/s per neuron, so also for per-neuron variances)."]
LEMMA3 = ["(B^-1 w*)_i = det B_i / det B with B_i = B with column i replaced by w* (Cramer): every entry is a "
          "nonzero rational function of the formal A, C iff B and every B_i have full rank over Q(A, C).",
          "Proof gap: at the proof's assignment (Lemma 2's A, C) B = D and B^-1 w* = D^-1 w* has a zero entry "
          "wherever w* does: the assignment witnesses row i only when w*_i != 0, so the two 'without loss of "
          "generality' choices (row 1, and w*_1 != 0) cannot be made at once; a permuted assignment (A (.) C a "
          "permutation matrix) repairs it."]
LEMMA9 = ["d = 2, every support pattern of (P o A) (.) (Q o B) up to column order (715 multisets of the 10 column "
          "patterns a (x) b): generic full rank (rank over Q(P, Q), certified) iff DetBool = 1.",
          "Typo: Lemma 9 calls A, B d^2 x d^2; they are d x d^2 like P, Q."]
MISC = ["det != 0 => DetBool = 1 and monotonicity under entrywise OR on seeded 0/1 instances (both hold in general: "
        "a nonzero permutation term is a matching; a matching of E is one of E v F)."]
REMARK3_UNKNOWN = ("Remark 3 is a conjecture about an asymptotic rate (p = Theta(log d / d)); no finite exact "
                   "computation settles it.  bench/giannou_sparsity.py plots Monte-Carlo singularity frequencies against "
                   "p for d = 3..8 beside p = log d / d and sqrt(log d / d); params {d, p, samples, seed} give an exact, "
                   "kernel-checked count of DetBool-1 samples instead (a count, not a probability).")
REMARK3_SAMPLES = ["Exact count over seeded samples (verify-random/1): each sample's DetBool is a perfect matching or "
                   "a Hall violator checked by the kernel.  The count is not a probability bound."]
COUNTS = ["Remark 1: f of Theorem 1 has 2l(d^2 + d) trainable and 2 d^3 l frozen weights; the target has l(d^2 + 2d) "
          "parameters: trainable counts agree within a factor 2 (checked for these d, l).",
          "Informal theorem: 'd'l' >= 2 d^2 l, d' >= d, l' >= 2l' is met with equality by Theorem 1 (d' = d^2, "
          "l' = 2l); Theorem 2's skip-connection network (d' = dk, l' = (d/k + 1) l) has d'l' = (d^2 + dk) l < 2 d^2 l "
          "for k < d and is not fully connected (Remark 10), so no formal result covers a plain fully connected "
          "width-d network as the informal statement suggests."]
THM4 = ["rho = log(n)/n: P(singular) >= P(some row is zero) >= n a - C(n,2) a^2 with a = (1 - r/n)^n, r >= ln n "
        "(certified by the exponential series) -- about 1/2 at n = 64.",
        "So P(singular) > n^(-1/k): the bound n^(-c) fails for c = 1/k at this n; as n grows P(a zero row or column) "
        "-> 1 - e^(-2), so no c > 0 works.  Theorem 1.1 of Basak-Rudelson bounds the event intersected with the "
        "complement of Omega_0 (no zero row/column); the paper drops Omega_0.  Remark 11 also misstates "
        "n rho >= log(1/rho) as rho >= log n/n - log log n (should be (log n - log log n)/n) and says 'non-singular' "
        "for 'singular'."]


def generic_rank(params, r):
    n, m = params.get("n", 2), params.get("m", 2)
    return [f"A (n x nm) and B (m x nm) formal, n={n}, m={m}: generic rank of the product {r} of {n * m}.",
            "The proof's assignment (23)-(24) (with B = D = I in Remark 5's forms) gives exactly the identity."]


def fact1(params, r):
    if params.get("part", "fact") == "remark4":
        return ["Remark 4 calls null(A) n col(B) = 0 'necessary and sufficient' for AB to be full rank.",
                f"Here rank A = {r['A']}, rank B = {r['B']}, rank AB = {r['AB']}, rank [N | B] = {r['NB']} with "
                f"rank N = {r['N']}.  For the default instance n=1, m=3, l=2, A=[1 0 0], B=[e1 e2]: AB=[1 0] has "
                "full rank 1 = min{n, l} but v = e2 = B[0,1]^T lies in null(A) n col(B).",
                "It is the smallest: necessity holds when l <= n (rank AB = l forces A injective on col B), so a "
                "counterexample needs l > n and m > l, i.e. m >= 3, n = 1, l = 2."]
    return ["Hypotheses certified on the seeded instance: A, B full rank; N spans null(A) (A N = 0, rank N = m - rank A); "
            "null(A) n col(B) = 0 as rank [N | B] = rank N + rank B."]


def thm7(params):
    return [f"Case '{params.get('case', 'unique')}' of Rouche-Capelli on a 3 x 3 seeded system.",
            "Typo: Theorem 7 prints b in R^n; with A in R^{m x n} it is b in R^m."]


def wide(params):
    d, l, r = params.get("d", 2), params.get("l", 1), params.get("rank")
    out = [f"d={d}, depth l={l}, frozen-weight seed {params.get('seed', 1)} (verify-random/1, -9..9 without 0), "
           f"target seed {params.get('target_seed', 100)}; bn={params.get('bn', False)}, rank={r}.",
           "Witness: Gamma of each Khatri-Rao layer solves (V (.) W^T) x = vec(W*) exactly (unique: full rank), "
           "scaled by the layer's BatchNorm s (Gamma' = s s' Gamma* in Lemma 7's proof); beta activates every hidden "
           "ReLU on the box with margin 1; the last beta cancels the bias."]
    if r is not None:
        out.append("Corollary 1's proof feeds B* x to the next pair 'as x', but a ReLU sits between layers 2 and 3: "
                   "the construction shifts beta_2 so that B* x + shift > 0 on the box and removes it in beta_4 "
                   "(certified as an active ReLU); without it the reconstruction fails where B* x < 0.")
    return out


def skip(params, zeros):
    d, k = params.get("d", 2), params.get("k", 1)
    return [f"d={d}, k={k}: {-(-d // k)} skip layers of width {d * k}; frozen seed {params.get('seed', 2)}.",
            f"Gamma blocks solved from the last block down; {zeros} zero entries in the Gammas.",
            "Theorem 2's L_1 = Gamma_1 W_1 z_1 + beta_1 has W_1 in R^{dk x dk} and z_1 in R^k: read as "
            "Gamma_1 W_1 A_1 z_1 + beta_1 (as eq. (7) has it); no ReLU after the last linear layer (Remark 9)."]


def skip_obstructed(params):
    return ["The target's last column block W* S_m^T is zero.  The input block x_m enters f only through "
            "W_last Gamma_m W_m A_m x_m, so f == g forces W_last Gamma_m W_m A_m = W* S_m^T = 0, i.e. "
            "K_m vecd(Gamma_m) = 0 (Lemma 4).  K_m has full rank (certified), so Gamma_m = 0 and f = W_last beta_m is "
            "constant, while g is not: no normalization parameters exist.  K_m of full rank at one weight draw means "
            "det K_m is a nonzero polynomial in the weights, so this happens for almost every draw: Theorem 2 fails "
            "for this target with probability 1.  Lemma 3/8 needs w* != 0, which the theorem does not assume."]


def def4(count):
    return [f"All {count} 0/1 matrices: Definition 4's recursion (object R) equals the matching value (perfect "
            "matching / Hall violator, certified).",
            "Typo in Definition 8: max over i in {0, ..., d} should be {0, ..., d-1}."]


def lemma10(params):
    d, part = params.get("d", 2), params.get("part", "statement")
    if part == "statement":
        return [f"d={d}: for every nonempty S (classes of equal |S| and equal probability polynomial), "
                "(1 - p^2/(2d))^|S| - P(sum u v = 0) >= 0 on [0, 1] (Sturm: > 0 on (0, 1], else its odd part > 0 on (0, 1)); q = p^2/(2d) is the "
                "worst case of p >= sqrt(2qd).  S = {} gives equality."]
    if part == "step_h":
        return ["Step after (62): P(sum_l u_l sum_{j<a_l} v_j = 0) <= P(sum_{l<h} u_l sum_{j<h} v_j = 0).  "
                "Smallest counterexample: a = (1, 1) (S = {0, d}), h = 2: LHS = 1 - 2p^2 + p^3, RHS = 1 - (2p - p^2)^2; "
                "RHS - LHS = -p^2 (1 - p)(2 - p) < 0 on (0, 1) (Sturm).",
                "Also (60)-(61): 'p + q^{|A0|-k} - p q^{|A0|-k}' should read (1-p) + (1-p)^{|A0|-k} - (1-p)^{|A0|-k+1}."]
    return [f"Final step: (1-p)^h (2-(1-p)^h) <= (1 - p^2/(2d))^(2dh) on [0, 1] for h = 1..{d}."]


def thm3(params):
    return ["d = 2: P(M1 (.) M2 singular for generic weights) = P(DetBool = 0) as an exact polynomial in p (sum over "
            "the 715 column multisets, each DetBool certified).",
            f"It exceeds 1/d = 1/2 on [0, {params.get('p_below', '1/2')}] and is below 1/2 on "
            f"[{params.get('p_above', '3/4')}, 1] (Sturm).  Theorem 3 is asymptotic (p = Theta(sqrt(log d / d)) with "
            "unspecified constants): small d only illustrates it."]
