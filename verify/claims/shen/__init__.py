"""Hao Shen, "Towards a Mathematical Understanding of the Difficulty in Learning with Feedforward
Neural Networks" (paper 001) and its supplement (paper 000): every `shen.*` claim of CLAIMS.md.

Trusted: `builds` (products, rank bounds, parameter readers), `builds_nets` (networks),
`builds_descent` (XOR critical points and descent curves) and the matching `statements*`;
untrusted: `proofs*`; prose: `notes`.  Quantifiers: `search: true` makes a bounded universal
statement whose searched counterexample is the witness ("forall"); `search_tight: true` an
existential one whose searched tight instance is the witness ("exists"); otherwise the statement is
about the instance the params define.
"""

from ..base import Claim, Proofs, claims_table
from . import builds as B
from . import builds_descent as BD
from . import builds_nets as BN
from . import statements as S
from . import statements_descent as SD
from . import statements_nets as SN

P = Proofs(__name__ + ".proofs")  # untrusted: imported only when a proof runs
PD = Proofs(__name__ + ".proofs_descent")
PN = Proofs(__name__ + ".proofs_nets")

SRC0, SRC1 = "000", "001"


def searched(params):
    """exists (search_tight: a tight instance), forall (search: a counterexample) or None."""
    if params.get("search_tight") is True:
        return "exists"
    if params.get("search") is True:
        return "forall"
    return None


def tight_only(params):
    return "exists" if params.get("search_tight") is True else None


def always_exists(params):
    return "exists"


MATRIX_DOC = ("A, B (lists of rows) or shape_a, shape_b with seed (random integers in low..high) or symbolic: true; "
              "rows_a, cols_a, rows_b, cols_b: partitions")
NET_DOC = "net: {widths, activations, weights, dummy, coeffs, pattern, symbolic}, X, Y (default: XOR F(2,2,1))"
PROP2_DOC = ("Psi (n_l x T n_L), Phi (n_(l-1) x T) or n_l, n_L, n_prev, T, seed; search: true (a violation) | "
             "search_tight: true (a tight instance), entries in values (default [1, -1, 0])")


def _c(cid, title, source, build, statement, prove, doc="", quantifier=None):
    return Claim(cid, title, source, build, statement, prove, params_doc=doc,
                 quantifier=quantifier or (lambda params: None))


CLAIMS = claims_table(
    # ------------------------------------------------------------------ products and rank bounds
    _c("shen.def.ts_kr", "Tracy-Singh and block Khatri-Rao products: definitions and sizes",
       "000 eqs (1),(3); 001 eqs (41),(43)", B.build_ts_kr, S.ts_kr, P.ts_kr, MATRIX_DOC),
    _c("shen.ts.rank", "rank(A (*) B) = rank A rank B", "000 eq (2); 001 eq (42)",
       B.build_ts_rank, S.ts_rank, P.ts_rank, MATRIX_DOC),
    _c("shen.kr.select", "A (.) B = Z1^T (A (*) B) Z2 with selection matrices; rank Z1, rank Z2",
       "000 eqs (4),(6),(7); 001 eqs (44),(46),(47)", B.build_kr_select, S.kr_select, P.kr_select, MATRIX_DOC),
    _c("shen.cor1", "Corollary 1: rank(A (.) B) <= rank(A (*) B)", "000 eq (5); 001 eq (45)",
       B.build_kr_pair, S.cor1, P.cor1, MATRIX_DOC),
    _c("shen.frob", "Frobenius rank inequality", "000 eq (8); 001 eq (48)", B.build_abc, S.inequality("frob"),
       P.made_by("inequality", "frob"), "A, B, C or m, n1, n2, p with seed; search_tight: true", tight_only),
    _c("shen.sylv", "Sylvester rank inequality", "000 eq (9); 001 eq (49)", B.build_ac, S.inequality("sylv"),
       P.made_by("inequality", "sylv"), "A, C or m, n, p with seed; search_tight: true", tight_only),
    _c("shen.comb", "Combined inequality rank(ABC) >= rank A + rank B + rank C - n1 - n2", "000 eq (10); 001 eq (50)",
       B.build_abc, S.inequality("comb"), P.made_by("inequality", "comb"), "A, B, C or m, n1, n2, p with seed; search_tight: true",
       tight_only),
    _c("shen.kr.lower", "Lower bound on rank(A (.) B) from R_ts (eq. 12)", "000 eqs (11)-(12); 001 eqs (51)-(52)",
       B.build_kr_pair, S.kr_lower, P.kr_lower, MATRIX_DOC + "; search_tight: true", tight_only),
    _c("shen.prop2", "Proposition 2, eq. (23): rank(Psi (.) Phi) >= n_l rank Phi + sum rank Psi_i - T n_L",
       "000 (13),(16); 001 (23),(55)", B.build_prop2, S.prop2("printed"), P.made_by("prop2", "printed"),
       PROP2_DOC + "; form: printed (default, - T n_L) | fixed (- T n_l)", searched),
    _c("shen.prop2.factor", "Psi (.) Phi = (I (*) Phi) diag(Psi_i), rank(I (*) Phi) = n_l rank Phi",
       "000 (14)-(15); 001 (53)-(54)", B.build_prop2, S.prop2_factor, P.prop2_factor, "as shen.prop2, factor: true"),
    _c("shen.prop2.c1", "Proposition 2 case (1): n_l <= n_L and full ranks => rank >= n_l rank Phi",
       "000 (17); 001 (56)", B.build_prop2, S.prop2("c1"), P.made_by("prop2", "c1"), PROP2_DOC, searched),
    _c("shen.prop2.c2", "Proposition 2 case (2): n_l > n_L, n_{l-1} >= T => rank >= T n_L",
       "000 (18); 001 (57)", B.build_prop2, S.prop2("c2"), P.made_by("prop2", "c2"), PROP2_DOC, searched),
    _c("shen.prop2.c3", "Proposition 2 case (3): n_l > n_L, n_{l-1} < T => rank >= n_L",
       "000 (19); 001 (58)", B.build_prop2, S.prop2("c3"), P.made_by("prop2", "c3"), PROP2_DOC, searched),
    # ------------------------------------------------------------------ networks
    _c("shen.grad", "Gradient by back-propagation (eqs. 14-18) equals exact differentiation and P eps",
       "001 (11)-(18)", BN.build_grad, SN.grad, PN.grad, NET_DOC),
    _c("shen.P.jac", "P(W) = Psi (.) Phi is the transposed Jacobian of the stacked outputs",
       "001 (19),(21),(22)", BN.build_pjac, SN.pjac, PN.pjac, NET_DOC),
    _c("shen.prop3", "Proposition 3 (main paper eq. 24) on an MLP instance", "001 (24),(59),(60)",
       BN.build_blocks, SN.prop3("main"), PN.made_by("prop3", "main"), NET_DOC),
    _c("shen.supp.prop3", "Proposition 3 as printed in the supplement (eq. 20: sum_{l<L} T n_L)",
       "000 (20),(22)", BN.build_blocks, SN.prop3("supp"), PN.made_by("prop3", "supp"), NET_DOC),
    _c("shen.prop3.max", "rank P >= max_l rank(Psi_l (.) Phi_{l-1})", "000 (23); 001 (61)",
       BN.build_blocks, SN.prop3("max"), PN.made_by("prop3", "max"), NET_DOC),
    _c("shen.prop6", "Proposition 6 (dummy units): rank P >= max{n1 n2, n1(n0 + n2 - T (+1))}",
       "000 (25)-(29); 001 (31)-(32),(63)-(65)", BN.build_blocks, SN.prop6, PN.prop6, NET_DOC + "; prop6: true"),
    _c("shen.xor.setup", "XOR data, loss and the shape (4 n_1 + 1) x 4 of P_xor", "001 (33)-(36)",
       BN.build_xor, SN.xor("setup"), PN.made_by("xor", "setup"), NET_DOC),
    _c("shen.xor221.lb", "F(2,2,1): rank P_xor >= 2 under Principles 3, 4", "001 §5.1",
       BN.build_xor, SN.xor("lb221"), PN.made_by("xor", "lb221"), NET_DOC + "; search: true | search_tight: true", searched),
    _c("shen.xor221.blocks", "F(2,2,1): first row block rank >= 2, second >= 1", "001 §5.1",
       BN.build_xor, SN.xor("blocks221"), PN.made_by("xor", "blocks221"), NET_DOC),
    _c("shen.xor231.block1", "F(2,3,1): the first row block can collapse to rank 3", "001 §5.1",
       BN.build_xor, SN.xor("block231"), PN.made_by("xor", "block231"), NET_DOC + " (the default witness)", always_exists),
    _c("shen.xor231.lb", "F(2,3,1): rank P_xor >= 3 under Principles 3, 4", "001 §5.1",
       BN.build_xor, SN.xor("lb231"), PN.made_by("xor", "lb231"), NET_DOC + "; search: true | search_tight: true", searched),
    _c("shen.hess26", "Eq. 26: Hessian = Gauss-Newton term + terms containing Sigma'' only", "001 (26)",
       BN.build_hess, SN.hess26, PN.made_by("hess", "hess26"), NET_DOC),
    _c("shen.hess28", "Eq. 28: at exact learning H = P H_E P^T", "001 (27)-(28)",
       BN.build_hess, SN.hess28, PN.made_by("hess", "hess28"), NET_DOC + "; exact_min: true (E1); form: fixed|printed"),
    _c("shen.prop4", "Proposition 4: rank H(W*) <= T n_L", "001 (29)-(30)",
       BN.build_hess, SN.prop4, PN.made_by("hess", "prop4"), NET_DOC + "; exact_min: true (E1)"),
    _c("shen.ggn.psd", "GGN is PSD, equals the Hessian at exact learning", "001 Rem. 6",
       BN.build_hess, SN.ggn_psd, PN.made_by("hess", "ggn.psd"), NET_DOC + "; exact_min: true (E1)"),
    _c("shen.alg1", "Algorithm 1 computes the (summed) gradient", "001 Alg. 1",
       BN.build_alg1, SN.alg1, PN.alg1, NET_DOC),
    _c("shen.alg2", "Algorithm 2 / eqs. 37-40: xi_N = P xi solves H~ xi_N = vec grad", "001 Alg. 2, (37)-(40)",
       BN.build_alg2, SN.alg2, PN.alg2, NET_DOC + " (witness: xi)", always_exists),
    _c("shen.ggn.conv", "GGN with alpha = 1 converges locally quadratically under exact learning (numerical)",
       "001 Rem. 6, §6", BN.build_ggn_conv, SN.ggn_conv, PN.ggn_conv, "dps, iterations, offset"),
    _c("shen.princ4", "sigma' != 0 for sigmoid, tanh, softplus, softsign, bent identity", "001 Rem. 3",
       BN.build_princ4, SN.princ4, PN.princ4, "points: odds values"),
    _c("shen.princ1", "Listed losses satisfy Principle 1; Morse 'for all phi_L'", "001 Princ. 1, 1.a, Rem. 1",
       BN.build_princ1, SN.princ1, PN.princ1, "loss: squared|cauchy, r: residual"),
    _c("shen.remark4", "Principles 3-5 => rank Psi_l^(i) = min{n_l..n_L}", "001 Princ. 5, Rem. 4",
       BN.build_remark4, SN.remark4, PN.remark4, NET_DOC + "; principle5_upto: L-2|L-1"),
    _c("shen.prop1", "Proposition 1's hypothesis rank P(W) = T n_L (for all W) at a given W", "001 Prop 1",
       BN.build_vacuous, SN.prop1, PN.prop1, NET_DOC),
    _c("shen.prop5", "Proposition 5's condition (2): Phi_1 is a basis for all W_1, at a given W_1",
       "000 Prop 5,(24); 001 (62)", BN.build_vacuous, SN.prop5, PN.prop5, NET_DOC),
    _c("shen.thm1", "Theorem 1's argument at a critical point (eps in row span of P => eps = 0)", "001 Thm 1",
       BN.build_thm1, SN.thm1, PN.thm1, NET_DOC),
    _c("shen.remark2", "Full-rank constraint is open (adds no local minima)", "001 Rem. 2",
       BN.build_remark2, SN.remark2, PN.remark2, NET_DOC),
    _c("shen.xor221.critical",
       "F(2,2,1) XOR: a v = 0 critical point is a saddle (negative curvature or an exact descent curve)",
       "001 §5.1, Thm 1", BD.build, SD.critical, PD.prove,
       "net (default: the PSD point E_1 = [[1,1/4],[1,1],[2,2]], v = 0, b = 1/2); curve: {E, W2, t1} (polynomial "
       "strings in t: the default witness); descent: always; or family: {grid: [odds], rank_drop_only: bool}",
       always_exists),
)
