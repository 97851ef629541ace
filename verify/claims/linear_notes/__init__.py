"""Worked notes on linear neural networks and learning parities (paper 003): every `hw.*` claim of
CLAIMS.md.  Trusted: `builds` (the objects), `statements` (what the notes assert); untrusted:
`proofs`; prose: `notes`."""

from ..base import Claim, Proofs, claims_table
from . import builds, statements

proofs = Proofs(__name__ + ".proofs")

SRC = "003 notes"


def a1_quantifier(params):
    """Part step without a fixed witness states 'rank W_0 = min rank W_i' for all layers: a
    searched counterexample refutes it."""
    return "forall" if params.get("part", "statement") == "step" and "witness" not in params else None


CLAIMS = claims_table(
    Claim("hw.linear.a1", "(a)1: W_L...W_1 = W_0 => rank W_0 <= min d_i (part: statement | step)", SRC + " (a)1",
          builds.build_a1, statements.a1, proofs.a1,
          params_doc="part: statement|step; dims, seed (statement); witness {W: [W_1, W_2]} (step, optional)",
          quantifier=a1_quantifier),
    Claim("hw.linear.a2", "(a)2: rank W_0 <= min d_i => a factorisation W_L...W_1 = W_0 exists", SRC + " (a)2",
          builds.build_a2, statements.a2, proofs.a2, params_doc="dims [d_0..d_L], rank, seed"),
    Claim("hw.linear.b", "(b): Phat = Q(Wbar) = 1/2||Wbar X^T - Y^T||^2 with Hessian X^T X (x) I, convex", SRC + " (b)",
          builds.build_bc, statements.b, proofs.b, params_doc="n, d, p, seed"),
    Claim("hw.linear.c", "(c): grad Q(Wbar) = Wbar X^T X - Y^T X (transpose: X^T X Wbar^T - X^T Y)", SRC + " (c)",
          builds.build_bc, statements.c, proofs.c, params_doc="n, d, p, seed"),
    Claim("hw.linear.d", "(d): min d_i >= min(p, d) => global min of Rhat = min Q", SRC + " (d)",
          builds.build_d, statements.d, proofs.d, params_doc="n, d, p, hidden: widths, seed"),
    Claim("hw.linear.e", "(e): dRhat/dW_i = (W_L...W_{i+1})^T grad Q (W_{i-1}...W_1)^T", SRC + " (e)",
          builds.build_e, statements.e, proofs.e, params_doc="dims, n, seed"),
    Claim("hw.linear.f", "(f): all W_i full rank => every critical point is a global minimum", SRC + " (f)",
          builds.build_f, statements.f, proofs.f, params_doc="seed"),
    Claim("hw.parity.c1", "(c)(i): hinge gradient grad R_v = a + E_x[(-1)^(v.x) g(x)] for every parity v",
          SRC + " parity (c)(i)", builds.build_parity, statements.parity_c1, proofs.parity_c1,
          params_doc="d, model: linear|quadratic, p: parameters"),
    Claim("hw.parity.c2", "(c)(ii): E_v||grad R_v - a||^2 <= E||g||^2/2^d <= d C^2/2^d", SRC + " parity (c)(ii)",
          builds.build_parity, statements.parity_c2, proofs.parity_c2, params_doc="d, model, p"),
)
