"""Hao Shen, "Towards a Mathematical Understanding of the Difficulty in Learning with Feedforward
Neural Networks" (paper 001) and its supplement (paper 000): every `shen.*` claim of CLAIMS.md.

The claims live in two helper modules: `shen_products` (Tracy-Singh / Khatri-Rao products and the
rank bounds of Propositions 2 and Corollary 1, eqs. (1)-(19) of 000) and `shen_nets` (the MLP
machinery: gradient, Jacobian P(W), Propositions 3-6, the XOR networks, Hessians, GGN, principles and
remarks).  This module only assembles the `CLAIMS` dict that `verify.claims.registry()` reads.
"""

from .shen_products import PRODUCT_CLAIMS

CLAIMS = dict(PRODUCT_CLAIMS)

from .shen_nets import NET_CLAIMS  # noqa: E402

CLAIMS.update(NET_CLAIMS)
