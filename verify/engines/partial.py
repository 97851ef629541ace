"""Partial results: what an engine has certified so far, handed on while it works on the rest.

An engine that has finished part of a proof (the rank >= r half of a generic rank, found at a point
in milliseconds, while the exact kernel over Q(x) for rank <= r may take longer than the case's time
limit) calls `report(obligations, evidence)`.  When the case runs under `verify run`, the worker's
hook (`pipeline.prove_case`) checks those obligations with the kernel and writes them, atomically,
as an UNKNOWN certificate with the certified bounds; if the case then runs out of time, that is its
result instead of silence.  Outside a hook, `report` does nothing and costs nothing.

`evidence` is never part of a verdict or a certificate's obligations: it is a Monte-Carlo estimate
(`rank_evidence`), labelled as such wherever it is shown.
"""

import contextlib

_HOOK = [None]


def active():
    return _HOOK[0] is not None


def report(obligations, evidence=None):
    """Hand on finished obligations (and, optionally, labelled evidence) to the current hook."""
    if _HOOK[0] is not None:
        try:
            _HOOK[0](list(obligations), evidence)
        except Exception:  # noqa: BLE001 - a partial result is a courtesy; the proof goes on
            pass


@contextlib.contextmanager
def hook(fn):
    old, _HOOK[0] = _HOOK[0], fn
    try:
        yield
    finally:
        _HOOK[0] = old


def _row_degrees(M):
    out = []
    for row in M.rows:
        d = 0
        for x in row:
            terms = getattr(x, "terms", None)
            if terms:
                d = max(d, max(sum(e for _, e in mono) for mono in terms))
        out.append(d)
    return out


def _mod(x, p):
    den = getattr(x, "denominator", 1)
    return x % p if den == 1 else int(x.numerator) * pow(int(den), -1, p) % p


def rank_evidence(M, name, seed, pivfn, points=4):
    """Evidence, not proof: the rank of the polynomial matrix M at `points` hash-derived integer points
    (coordinates nonzero in [-2^20, 2^20]), each modulo a hash-derived prime in [2^61, 2^62).

    Each is a lower bound of the generic rank.  If the generic rank r_g exceeds the largest rank
    seen, r, some (r+1)-minor is a nonzero polynomial of total degree <= D (the sum of the r+1
    largest row degrees) that vanished at every point: by Schwartz-Zippel, with probability at most
    D / 2^21 per point, plus the chance that the prime divides a nonzero value (at most
    bits / 61 primes of the ~5e16 in the range: negligible, not counted).  So P(r_g > r) <= (D/2^21)^points.
    """
    from .fiatshamir import derive_point, derive_prime

    variables = M.variables()
    ranks = []
    for k in range(points):
        label = f"evidence:{name}#{k}"
        pt = derive_point(seed, variables, label)
        p = derive_prime(seed, label)
        rows = [[_mod(x, p) for x in r] for r in M.evaluate(pt).rows]
        res = pivfn(rows, M.ncols, p)
        ranks.append(res[0] if res else 0)
    r = max(ranks)
    degs = sorted(_row_degrees(M), reverse=True)
    D = sum(degs[:r + 1]) if r < min(M.shape) else 0
    bound = min(1.0, (D / 2 ** 21) ** points) if D else 0.0
    return {"kind": "Monte-Carlo rank (evidence, not proof)", "object": name, "ranks_at_random_points": ranks,
            "points": points, "prime_bits": 62, "degree_bound": D,
            "probability_generic_rank_exceeds": f"<= {bound:.3g}",
            "statement": (f"rank {r} at {points} random points modulo 62-bit primes: the generic rank exceeds {r} "
                          f"with probability at most {bound:.3g} (Schwartz-Zippel, minors of degree <= {D})")}
