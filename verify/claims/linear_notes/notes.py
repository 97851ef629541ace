"""Report prose for the linear-notes claims (plain text; never part of a verdict)."""


def A1_STEP(w):
    return ["proof step 'rank(W_0) = min_i rank(W_i)' of (a)1: smallest 0/1 counterexample by exhaustive search "
            f"(shapes ordered by entry count): W_1 = {w['W'][0]}, W_2 = {w['W'][1]}; only '<=' holds",
            "the statement rank(W_0) <= min_i d_i itself holds (rank(AB) <= min(rank A, rank B) <= widths)"]


A1 = ["(a)1: rank(W_L...W_1) <= rank W_i for every layer, and <= every width d_i"]
A2 = ["factorisation by W_0 = F G (pivot columns F, reduced rows G) instead of the notes' SVD: every factor is "
      "rational; the notes' proof needs V_L U_{L-1} = I (false in general), the rank factorisation avoids it"]


def B(inertia):
    return [f"Hessian of Q w.r.t. column-major vec(W) is X^T X (x) I_p, inertia {list(inertia)}: PSD, so Q is convex",
            "1/2 sum_i ||W x_i - y_i||^2 = 1/2 ||W X^T - Y^T||_F^2 identically (the notes' middle line with "
            "||Wbar[j] x_i - y_i||^2 summed over output rows j mixes vector and scalar notation)"]


C = ["the matrix of partial derivatives dQ/dW_ij is W X^T X - Y^T X (p x d); the notes' (..)^T = X^T X W^T - X^T Y "
     "is its transpose (denominator layout); both checked on symbolic W"]
D = ["W_0 = Y^T X (X^T X)^-1 has grad Q(W_0) = 0, so it minimises the convex Q; min_i d_i >= min(p, d) >= rank W_0 "
     "lets (a)2 factor it, and Rhat at the factors equals min Q, a lower bound of Rhat: the global minima agree"]
E = ["dRhat/dW_i = (W_L...W_{i+1})^T grad Q(Wbar) (W_{i-1}...W_1)^T on symbolic weights (the notes' garbled "
     "index W_(L+1:H) read as W_L...W_{i+1})"]


def F(inertia):
    return [f"d_x = d_y = 2, one hidden unit: W_2 = u_2, W_1 = u_2^T Y X^T (XX^T)^-1 (second eigenvector of Sigma) "
            f"has full-rank layers and zero gradient but a higher loss than the u_1 point; inertia {list(inertia)} "
            "(a saddle)",
            "smallest shape: with d_y = 1 every critical point with C = W_L...W_2 != 0 is global (Lemma 4.2), so a "
            "counterexample needs d_y >= 2; d_1 = 1 is the smallest width, m = d_x = 2 keeps XX^T invertible"]


PARITY_C1 = ["for every parity v in {0,1}^d, the hinge-loss gradient E_x[-y grad f 1(y f < 1)] equals "
             "a + E_x[(-1)^(v.x) g(x)] with a = -E[grad f (1(f<1) - 1(-f<1))/2], g = -grad f (1(f<1) + 1(-f<1))/2; "
             "no input has |f(x)| = 1 (where the hinge is not differentiable)"]
PARITY_C2 = ["E_v ||grad R_v - a||^2 = E_x||g||^2 / 2^d exactly (Parseval over the 2^d parities); the second bound "
             "reads n C^2 / 2^d with n = number of parameters and C = max |df/dp_j|; the notes write d for n "
             "(equal here: one parameter per input bit)"]
