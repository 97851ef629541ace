"""Giannou, Rajput, Papailiopoulos, "The Expressive Power of Tuning Only the Normalization Layers"
(paper 004): every `gia.*` claim of CLAIMS.md.  Trusted: `builds*` (the objects), `statements*`
(what the paper asserts), `upoly` (exact univariate polynomials for the builds); untrusted: `proofs`;
prose: `notes`."""

from ..base import Claim, Proof, Proofs, claims_table, no_obligations
from . import builds, builds_nets, builds_sparse, notes, statements, statements_nets, statements_sparse

proofs = Proofs(__name__ + ".proofs")

SRC = "004 Giannou, Rajput, Papailiopoulos, The Expressive Power of Tuning Only the Normalization Layers"


def _with(defaults, fn):
    """fn with the claim's default params under the case's."""
    return lambda params, *rest: fn({**defaults, **params}, *rest)


def claim(cid, title, where, build, statement, prove, doc, defaults=None, quantifier=None):
    defaults = defaults or {}
    extra = {"quantifier": _with(defaults, quantifier)} if quantifier else {}
    return Claim(cid, title, f"{SRC}, {where}", _with(defaults, build), _with(defaults, statement),
                 lambda objects, params, ctx: prove(objects, {**defaults, **params}, ctx), params_doc=doc, **extra)


CLAIMS = claims_table(
    # ------------------------------------------------------------------ Khatri-Rao and linear algebra
    claim("gia.def.kr", "Column-wise Khatri-Rao product: definition and shape", "Def. 2, Def. 6, eq. (2), (12)",
          builds.build_defkr, statements.defkr, no_obligations(notes.DEFKR), "n, m: A is n x nm, B is m x nm (formal)"),
    claim("gia.lemma1", "Lemma 1/4: C X B = W* iff (C (.) B^T) vecd(X) = vec(W*)", "Lemma 1, Lemma 4 (15)-(20)",
          builds.build_lemma1, statements.lemma1, no_obligations(notes.LEMMA1), "n, m: C is n x nm, X nm x nm, B nm x m"),
    claim("gia.lemma2", "Lemma 2/6: A (.) B is full rank for generic A, B", "Lemma 2, 5, 6, (22)-(24)",
          builds.build_lemma2, statements.generic_full_rank, lambda o, p, c: proofs.generic_rank(o, p, c, notes.generic_rank),
          "n, m: sizes (nm <= 64)"),
    claim("gia.remark5", "Remark 5: (AB) (.) (CD) and A (.) (CD) are generically full rank", "Remark 5",
          builds.build_remark5, statements.generic_full_rank, lambda o, p, c: proofs.generic_rank(o, p, c, notes.generic_rank),
          "n, m; form: four | three"),
    claim("gia.thm5", "Theorem 5: rank(A (x) B) = rank A rank B; mixed-product rule", "Thm 5 (11)",
          builds.build_thm5, statements.thm5, proofs.thm5, "a_shape, rank_a, b_shape, rank_b, seed"),
    claim("gia.thm6", "Theorem 6: mixed products of Khatri-Rao, Kronecker and Hadamard", "Thm 6 (13)-(14)",
          builds.build_thm6, statements.thm6, no_obligations(notes.THM6), "(none)"),
    claim("gia.fact1", "Fact 1 and Remark 4: null(A) n col(B) = 0 and full rank of AB", "Fact 1, Remark 4",
          builds.build_fact1, statements.fact1, proofs.fact1,
          "part: fact (n, m, l, seed) | remark4 (A, B: rational matrices; default the counterexample)"),
    claim("gia.thm7", "Theorem 7 (Rouche-Kronecker-Capelli)", "Thm 7", builds.build_thm7, statements.thm7,
          proofs.thm7, "case: none | unique | infinite; seed"),
    claim("gia.lemma3", "Lemma 3/8: B^{-1} w* has no zero entry for generic A, C", "Lemma 3, Lemma 8 (35)-(37)",
          builds.build_lemma3, statements.lemma3, proofs.lemma3, "n, m, seed (D), w (list), variant: lemma3 | lemma8"),
    # ------------------------------------------------------------------ networks
    claim("gia.prop1", "Proposition 1: a BN layer is Gamma' W x + beta'", "Prop 1 (25)-(26)",
          builds_nets.build_prop1, statements_nets.prop1, no_obligations(notes.PROP1), "d"),
    claim("gia.lemma7", "Lemma 7: two random BN-ReLU layers of width d^2 reproduce any width-d layer",
          "Lemma 7 (27)-(32)", builds_nets.build_wide, statements_nets.wide, proofs.wide,
          "d, l, seed, target_seed | targets, bn (BatchNorm statistics); witness: gamma, beta per layer",
          {"d": 2, "l": 1, "bn": True}, statements_nets.wide_quantifier),
    claim("gia.thm1", "Theorem 1/8: depth-2l width-d^2 random net reproduces any depth-l width-d net",
          "Thm 1, Thm 8", builds_nets.build_wide, statements_nets.wide, proofs.wide,
          "d, l, seed, target_seed | targets; witness: gamma, beta per layer", {"d": 2, "l": 2},
          statements_nets.wide_quantifier),
    claim("gia.cor1", "Corollary 1/2: rank-r target via four layers of width d r", "Cor 1, Cor 2 (33)-(34)",
          builds_nets.build_wide, statements_nets.wide, proofs.wide,
          "d, rank, seed, target_seed; witness: gamma, beta per layer", {"d": 3, "rank": 1},
          statements_nets.wide_quantifier),
    claim("gia.thm2", "Theorem 2/9: skip-connection network of width dk reproduces any width-d layer",
          "Thm 2, Thm 9, (5)-(8), (39)-(56)", builds_nets.build_skip, statements_nets.skip, proofs.skip,
          "d, k, seed, target_seed | targets (one layer); witness: gamma, beta per skip layer "
          "(none for a target whose last column block is zero: a candidate counterexample)",
          {"d": 2, "k": 1}, statements_nets.skip_quantifier),
    # ------------------------------------------------------------------ sparse networks
    claim("gia.def4", "Definition 4/8: Boolean determinant = perfect matching of the support", "Def 4, Def 8",
          builds_sparse.build_def4, statements_sparse.def4, proofs.def4, "n <= 4 (all 2^(n^2) matrices)"),
    claim("gia.lemma9", "Lemma 9: (P o A) (.) (Q o B) invertible a.s. iff DetBool(A (.) B) = 1", "Lemma 9",
          builds_sparse.build_lemma9, statements_sparse.lemma9, proofs.lemma9, "d = 2 (exhaustive up to column order)"),
    claim("gia.detbool.misc", "det != 0 => DetBool = 1; DetBool monotone under entrywise OR", "§4.3 Step 4, Thm 11",
          builds_sparse.build_misc, statements_sparse.misc, proofs.misc, "n, count, seed"),
    claim("gia.lemma10", "Lemma 10 (and the steps of its proof)", "Lemma 10 (57)-(62)", builds_sparse.build_lemma10,
          statements_sparse.lemma10, lambda o, p, c: Proof([], notes=notes.lemma10(p)),
          "d (<= 5); part: statement | step_h | final"),
    claim("gia.thm4", "Use of Basak-Rudelson: Bern(log n / n) matrix singular w.p. <= n^(-c)", "Thm 4, Thm 10, Rem 11",
          builds_sparse.build_thm4, statements_sparse.thm4, no_obligations(notes.THM4),
          "n, k (c = 1/k), log_upper (rational >= ln n)", quantifier=statements_sparse.thm4_quantifier),
    claim("gia.thm3", "Theorem 3/11: sparsity p keeps the Khatri-Rao product invertible (d = 2 exact)",
          "Thm 3, Thm 11", builds_sparse.build_thm3, statements_sparse.thm3, proofs.thm3,
          "p_below, p_above (rationals bracketing P = 1/2)"),
    claim("gia.remark3", "Remark 3: conjecture p = Theta(log d / d)", "Rem 3", builds_sparse.build_remark3,
          statements_sparse.remark3, proofs.remark3,
          "(none: the conjecture, UNKNOWN) | d, p, samples, seed: exact count of DetBool-1 seeded samples"),
    claim("gia.counts", "Parameter counts (intro, Remarks 1-3)", "intro, Rem 1-3, §4.2", builds_sparse.build_counts,
          statements_sparse.counts, no_obligations(notes.COUNTS), "d, l"),
)
