"""The engines' choice of method for each check kind: which engine proves what, by size and domain.
The pipeline only orchestrates; the check kinds call these.

* rank: large integer matrices held in numpy arrays (`IntArrayMatrix`) go to the modular BLAS
  engine; a large square integer matrix stated to have full rank gets the optimistic proposal
  "every row and column, mod a derived prime": the kernel's check of that minor is the whole
  computation, and when the kernel rejects it the proof's fallback runs the engine after all.
* determinant: `{det: nonzero}` on a matrix over 200 x 200 is settled by the rank alone.
* nullspace: a basis of the right kernel (whatever side the rank certificate chose).
"""

from ..checks.base import Proof
from ..kernel.arrays import IntArrayMatrix


def rank_certificate_auto(M, name, ctx, method=None):
    """(rank, obligations), by the engine that suits M."""
    method = method or ctx.method
    if isinstance(M, IntArrayMatrix) and method in ("auto", "modular"):
        from .modular import rank_certificate_np

        return rank_certificate_np(M.array, name, ctx.seed)
    from .rank import rank_certificate

    return rank_certificate(M, name, method=method, seed=ctx.seed)


def full_rank_proposal(M, name, expect, ctx):
    """Obligations stating full rank of a large square integer matrix without running an engine,
    or None when the proposal does not apply."""
    n = M.nrows
    if not (isinstance(M, IntArrayMatrix) and ctx.method == "auto" and n == M.ncols
            and expect in ("full", f">= {n}", n)):
        return None
    from .modular import derive_small_prime

    return [{"rule": "rank_ge", "matrix": name, "r": n, "rows": list(range(n)), "cols": list(range(n)),
             "prime": derive_small_prime(ctx.seed, f"{name}/full")},
            {"rule": "rank_le", "matrix": name, "r": n, "side": "trivial"}]


def rank_proof(M, name, ctx, expect=None):
    """A Proof of the rank of M (object `name`); `expect` (a rank form) may suggest a shortcut."""
    proposal = full_rank_proposal(M, name, expect, ctx)
    if proposal is not None:
        def fallback():
            r, obs = rank_certificate_auto(M, name, ctx, method="modular")
            return Proof(obs, engine_value={"rank": r})

        return Proof(proposal, fallback=fallback)
    r, obs = rank_certificate_auto(M, name, ctx)
    return Proof(obs, engine_value={"rank": r})


def det_proof(M, name, ctx, nonzero_only=False):
    if nonzero_only and M.nrows > 200:
        return rank_proof(M, name, ctx, expect="full")
    from .det import det_certificate

    _, obs = det_certificate(M, name, method=ctx.method, seed=ctx.seed)
    return Proof(obs)


def inertia_proof(M, name, ctx):
    from .inertia import inertia_certificate

    v, obs = inertia_certificate(M, name, method=ctx.method, seed=ctx.seed)
    return Proof(obs, engine_value={"inertia": list(v)})


def nullspace_proof(M, name, ctx):
    """The rank, with its upper bound given by a basis of the right kernel (the basis is the value)."""
    r, obs = rank_certificate_auto(M, name, ctx)
    if r == M.ncols or any(ob.get("side") == "right" for ob in obs if ob["rule"] == "rank_le"):
        return Proof(obs, engine_value={"rank": r})
    from .backends import backend
    from .rank import _pivfn, _rank_le_for, kernel_basis

    N = kernel_basis(M, method=ctx.method, seed=ctx.seed, name=name)
    vecs = [list(col) for col in zip(*N.rows)] if N.ncols else []
    variables = M.variables() if M.is_polynomial() else None
    le = _rank_le_for(name, M.ncols - len(vecs), "right", vecs, M.ncols, ctx.seed, _pivfn(backend(ctx.method)),
                      variables)
    return Proof([ob for ob in obs if ob["rule"] != "rank_le"] + [le], engine_value={"rank": r})
