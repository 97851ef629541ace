"""Untrusted proofs of the linear-notes claims: which ranks and inertias to certify, and the
exhaustive search for the smallest counterexample to the proof step of (a)1."""

from itertools import product as iproduct

from ...builders import deep_linear as dl
from ...kernel.exact import Matrix, matmul
from ..base import Proof
from . import notes


def ranks(ctx, objects, names):
    return ctx.rank(objects, names)[1]


def search_step_witness(max_dim=3):
    """Smallest (by number of entries, then shape) W_2 (d2 x d1), W_1 (d1 x d0) with 0/1 entries and
    rank(W_2 W_1) < min(rank W_2, rank W_1): exhaustive in that order."""
    shapes = sorted(((a, b, c) for a in range(1, max_dim + 1) for b in range(1, max_dim + 1)
                     for c in range(1, max_dim + 1)), key=lambda s: (s[2] * s[1] + s[1] * s[0], s))
    for d0, d1, d2 in shapes:
        for bits in iproduct((0, 1), repeat=d2 * d1 + d1 * d0):
            W2 = Matrix.from_rows([list(bits[i * d1:(i + 1) * d1]) for i in range(d2)])
            off = d2 * d1
            W1 = Matrix.from_rows([list(bits[off + i * d0: off + (i + 1) * d0]) for i in range(d1)])
            if dl.rank(matmul(W2, W1)) < min(dl.rank(W2), dl.rank(W1)):
                return {"W": [[list(r) for r in W1.rows], [list(r) for r in W2.rows]]}
    return None


def a1(objects, params, ctx):
    names = sorted(n for n in objects if n.startswith("W"))
    if params.get("part", "statement") == "step" and "witness" not in params:
        w = search_step_witness()
        if w is not None:
            from .builds import build_a1

            objects = build_a1(params, w)
            return Proof(ranks(ctx, objects, sorted(objects)), witness=w, notes=notes.A1_STEP(w))
    return Proof(ranks(ctx, objects, names), notes=notes.A1)


def a2(objects, params, ctx):
    return Proof(ranks(ctx, objects, ["W0"]), notes=notes.A2)


def b(objects, params, ctx):
    v, obs = ctx.engines.inertia_certificate(objects["H_notes"], "H_notes", method=ctx.method, seed=ctx.seed)
    return Proof(obs, notes=notes.B(v))


def c(objects, params, ctx):
    return Proof([], notes=notes.C)


def d(objects, params, ctx):
    return Proof(ranks(ctx, objects, ["XtX"]), notes=notes.D)


def e(objects, params, ctx):
    return Proof([], notes=notes.E)


def f(objects, params, ctx):
    obs = ranks(ctx, objects, ["W1", "W2", "XXt"])
    v, o = ctx.engines.inertia_certificate(objects["hess"], "hess", method=ctx.method, seed=ctx.seed)
    return Proof(obs + o, notes=notes.F(v))


def parity_c1(objects, params, ctx):
    return Proof([], notes=notes.PARITY_C1)


def parity_c2(objects, params, ctx):
    return Proof([], notes=notes.PARITY_C2)
