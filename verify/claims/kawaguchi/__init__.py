"""Kawaguchi, "Deep Learning without Poor Local Minima" (paper 002): every `kaw.*` claim of CLAIMS.md.
Trusted: `builds` / `builds_formal` (the objects), `statements` (what the paper asserts); untrusted:
`proofs`; prose: `notes`.

Quantifiers.  A statement whose certificates are sufficient but not necessary (a point is shown a
global minimum, or a saddle, by one certificate among several possible) is one-sided: "exists" (a
false predicate leaves the case UNKNOWN, never REFUTED).  kaw.t23ii and kaw.c24.h2 read their paths
W + t V from the witness; the other "exists" claims take no witness (their instance is the params').
kaw.lipschitz is "forall": a pair of points is a candidate counterexample (default from K, or a
witness).  The rest are exact statements about the instance (None).
"""

from ..base import Claim, Proofs, claims_table, no_obligations
from . import builds, builds_formal as bf, notes, statements as st

proofs = Proofs(__name__ + ".proofs")

SRC = "002 Kawaguchi 2016"


def exists(params):
    return "exists"


def forall(params):
    return "forall"


def build_c24h1(params, witness=None):
    if builds.depth(builds.dims_of(params)) != 1:
        raise ValueError("params.dims: Corollary 2.4's first part is about H = 1")
    return builds.build_no_path_classes(params, witness)


POINTS_DOC = ("dims: [d_x, d_1..d_H, d_y]; seed, m, sv: the data (make_data); points: optional list of "
              "{kind: index, I: [0-based], sign, mid_rank} | {kind: zero, zero: [layers], fill: {k: W}, seed} | "
              "{kind: weights, W: [...]}; default: every index set, the negated top set, zero-layer points")
PATHS_DOC = '; witness {"paths": {tag: [V, ...]}}: directions V (one matrix per layer) of paths W + tV'


def _lemma(cid, title, source, which, statement):
    return Claim(cid, title, f"{SRC}, {source}", builds.build_lemmas, statement,
                 lambda o, p, c: proofs.lemmas(o, p, c, which), params_doc=POINTS_DOC)


CLAIMS = claims_table(
    Claim("kaw.t23ii", "Theorem 2.3 (ii)-(iii): every critical point is a global minimum or a saddle",
          SRC + ", Thm 2.3 (ii),(iii), B.1, B.3", builds.build_classes, st.t23ii, proofs.t23ii,
          params_doc=POINTS_DOC + PATHS_DOC + "; for p < d_y the global minimum is certified by the Ky Fan bound "
          "(objects KF.t, KF.Z, KF.tIZS, KF.YYt)", quantifier=exists),
    Claim("kaw.t23iv", "Theorem 2.3 (iv): rank(W_H...W_2) = p => every saddle has a negative eigenvalue",
          SRC + ", Thm 2.3 (iv), B.4", builds.build_no_path_classes, st.t23iv, proofs.t23iv,
          params_doc=POINTS_DOC, quantifier=exists),
    Claim("kaw.c24.h1", "Corollary 2.4, H = 1: every saddle has a negative Hessian eigenvalue", SRC + ", Cor 2.4, C.1",
          build_c24h1, st.c24h1, proofs.c24h1, params_doc=POINTS_DOC + " (H = 1)", quantifier=exists),
    _lemma("kaw.l42", "Lemma 4.2: at critical points W_(H+1)...W_1 = C(C^TC)^-C^T Y X^T (XX^T)^-1", "Lemma 4.2",
           "l42", st.l42),
    _lemma("kaw.l44", "Lemma 4.4: semidefinite Hessian at a critical point => range condition or X r A_k = 0",
           "Lemma 4.4", "l44", st.l44),
    _lemma("kaw.c45", "Corollary 4.5: semidefinite Hessian => rank(W_(H+1)...W_k) >= rank(W_(k-1)...W_2) or "
           "X r A_k = 0", "Corollary 4.5", "c45", st.c45),
    _lemma("kaw.l46", "Lemma 4.6: PSD Hessian at a critical point => C(C^TC)^-C^T = U_pbar U_pbar^T or X r = 0",
           "Lemma 4.6", "l46", st.l46),
    Claim("kaw.l41", "Lemma 4.1: gradient w.r.t. vec(W_k^T) = (A_k (x) B_k^T)^T vec(r)", SRC + ", Lemma 4.1",
          bf.build_formal, st.l41, no_obligations(notes.L41),
          params_doc="dims: [d_x, d_1..d_H, d_y] (small); m: samples; symbolic_data: X, Y symbolic too"),
    Claim("kaw.l43", "Lemma 4.3: Kronecker block Hessian (and the blocks it does not state)", SRC + ", Lemma 4.3",
          bf.build_formal, st.l43, no_obligations(notes.L43), params_doc="dims, m, symbolic_data"),
    Claim("kaw.blockconvex", "Prop 2.1(i) / Conj 2.2(i): the loss is convex in each W_k separately",
          SRC + ", Prop 2.1(i)", bf.build_formal, st.blockconvex, no_obligations(notes.BC),
          params_doc="dims, m, symbolic_data"),
    Claim("kaw.t23i", "Theorem 2.3 (i): the loss is non-convex and non-concave", SRC + ", Thm 2.3 (i), B.2",
          builds.build_t23i, st.t23i, proofs.t23i, params_doc="dims, seed, m, sv", quantifier=exists),
    Claim("kaw.c24.h2", "Corollary 2.4, H >= 2: a saddle point whose Hessian has no negative eigenvalue",
          SRC + ", Cor 2.4, C.1", builds.build_c24h2, st.c24h2, proofs.c24h2,
          params_doc="dims (H >= 2), seed; W_top: W_(H+1) (default 0)" + PATHS_DOC + " (tag P0)", quantifier=exists),
    Claim("kaw.c24.proof", "Proof of Cor 2.4 (C.1): the Hessian vanishes on {W_H = ... = W_1 = 0}", SRC + ", C.1",
          builds.build_c24proof, st.c24proof, proofs.c24proof,
          params_doc="dims (H >= 2), seed, m, sv; W_top: W_(H+1) (a matrix, or 'symbolic': every W_(H+1))"),
    Claim("kaw.c24.sign", "C.1 display: loss at +-U_pU_p^T YX^T(XX^T)^-1 is 1/2(tr YY^T +- sum Lambda_kk)",
          SRC + ", C.1", builds.build_sign, st.c24sign, no_obligations(notes.SIGN), params_doc="dims, seed, m, sv"),
    Claim("kaw.a7", "A.7: A^- (x) B^- is a g-inverse of A (x) B; (A (x) B)^+ = A^+ (x) B^+", SRC + ", A.7",
          bf.build_a7, st.a7, no_obligations(notes.A7), params_doc="A, B: matrices (rank-deficient allowed)"),
    Claim("kaw.appD", "App. D: f(w) = W_3W_2W_1 = 2w^2 + w^3 has a non-global local minimum at 0", SRC + ", App. D",
          bf.build_appD, st.appD, no_obligations(notes.APPD), params_doc="(none)", quantifier=exists),
    Claim("kaw.lipschitz", "Sec. 2.3: the Hessian of Lbar is (globally) K-Lipschitz", SRC + ", Sec. 2.3",
          bf.build_lipschitz, st.lipschitz, no_obligations(notes.LIP),
          params_doc='K: the candidate Lipschitz constant; witness {"u": [w1, w2], "v": [w1, w2]}: a candidate '
          "counterexample pair", quantifier=forall),
    Claim("kaw.c32", "Cor 3.2: E_Z[Yhat] = Ybar with q = 1/rho (exhaustive enumeration of activation patterns)",
          SRC + ", Cor 3.2, C.2", bf.build_c32, st.c32, no_obligations(notes.C32),
          params_doc="dims, m, rho, q; symbolic (default true: weights and data symbolic), seed"),
    Claim("kaw.caseIII", "B.1 Case III: a loss-preserving perturbation raises rank(W_k...W_1) to p_hat",
          SRC + ", B.1 Case III, B.3", builds.build_caseIII, st.caseIII, proofs.caseIII,
          params_doc="dims (H >= 2), seed; eps_range [lo, hi, lo_closed, hi_closed] (or eps: the range (0, eps])", quantifier=exists),
)
