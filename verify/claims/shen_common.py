"""Helpers shared by the Shen claim modules (`shen.py`, `shen_products.py`, `shen_nets.py`).

Parameters arrive as JSON/YAML data: matrices are lists of rows whose entries are integers or exact
rational strings "p/q" (never floats).  `build` helpers here use kernel types and the shared
builders only (trusted base); the `fast_rank` search helper uses flint and is never part of a
verdict: every rank in a predicate comes from an engine certificate the kernel re-checks.
"""

import random
from fractions import Fraction

from ..errors import Unknown
from ..kernel.exact import Matrix, norm
from ..kernel.poly import Poly


def num(x, what="entry"):
    """An exact number from JSON data: int or "p/q"/decimal string; floats are refused."""
    if isinstance(x, bool):
        raise ValueError(f"{what}: a boolean is not a number")
    if isinstance(x, int):
        return x
    if isinstance(x, Fraction):
        return norm(x)
    if isinstance(x, str):
        return norm(Fraction(x.strip()))
    raise ValueError(f"{what}: expected an integer or a 'p/q' string, got {x!r}")


def mat(rows, what="matrix"):
    """A Matrix from a list of rows of exact numbers (or an existing Matrix)."""
    if isinstance(rows, Matrix):
        return rows
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows):
        raise ValueError(f"{what}: expected a non-empty list of rows")
    n = len(rows[0])
    if any(len(r) != n for r in rows):
        raise ValueError(f"{what}: rows of different lengths")
    return Matrix(len(rows), n, [[num(x, what) for x in r] for r in rows])


def enc_num(x):
    x = norm(x)
    return x if isinstance(x, int) else f"{x.numerator}/{x.denominator}"


def enc(M):
    """JSON rows of a rational Matrix (inverse of `mat`)."""
    return [[enc_num(x) for x in r] for r in M.rows]


def rand_matrix(m, n, rng, low=-2, high=2):
    return Matrix(m, n, [[rng.randint(low, high) for _ in range(n)] for _ in range(m)])


def symbolic(m, n, name):
    return Matrix(m, n, [[Poly.var(f"{name}{i}_{j}") for j in range(n)] for i in range(m)])


def matrix_param(params, key, shape=None, seed_key="seed", symbolic_names=False):
    """params[key] as a Matrix; or a random integer matrix of `shape` from params['seed'];
    or fresh variables when params['symbolic'] is true."""
    if key in params:
        return mat(params[key], key)
    if shape is None:
        raise ValueError(f"missing parameter {key}")
    if params.get("symbolic"):
        return symbolic(shape[0], shape[1], key.lower())
    rng = random.Random(f"{params.get(seed_key, 0)}:{key}")
    return rand_matrix(shape[0], shape[1], rng, params.get("low", -2), params.get("high", 2))


def ranks(ctx, objects, names):
    """Exact ranks of the named objects with their certificates: ({name: r}, obligations)."""
    out, obs = {}, []
    for name in names:
        r, ob = ctx.engines.rank_certificate(objects[name], name, method=ctx.method, seed=ctx.seed)
        out[name] = r
        obs.extend(ob)
    return out, obs


def R(name):
    """Expression: the exact rank of `name`."""
    return {"rank": name}


def add(*xs):
    return {"add": list(xs)}


def sub(a, b):
    return {"sub": [a, b]}


def mul(*xs):
    return {"mul": list(xs)}


def fast_rank(M):
    """Untrusted rank over Q for searches (flint); never used for a verdict."""
    import flint

    if M.nrows == 0 or M.ncols == 0:
        return 0
    vals = []
    for r in M.rows:
        for x in r:
            x = Fraction(x)
            vals.append(flint.fmpq(x.numerator, x.denominator))
    return flint.fmpq_mat(M.nrows, M.ncols, vals).rank()


def budget(params, default=5.0):
    return float(Fraction(str(params.get("search_seconds", default))))


def give_up(reason):
    raise Unknown(reason)


def entries_count(*mats):
    return sum(M.nrows * M.ncols for M in mats)


def check_locally(claim, params, seed=b"shen-test", expect="confirmed"):
    """Build, prove and check one claim instance with the kernel (for tests and search scripts):
    returns (verdict, value, proof, objects).  Mirrors what the pipeline does for `check: claim`."""
    from ..kernel.check import check_certificate, check_obligations
    from ..kernel.verdicts import decide
    from .base import Context

    ctx = Context(seed=seed)
    objects = claim.build(params, None)
    proof = claim.prove(objects, params, ctx)
    if proof.witness is not None:
        objects = claim.build(params, proof.witness)
    else:
        objects = dict(objects, **proof.objects)
    cert = {"format": "verify-certificate/1", "check": "claim", "claim": claim.id, "params": params,
            "witness": proof.witness, "expect": {"verdict": expect},
            "objects": {k: {"shape": [M.nrows, M.ncols], "sha256": M.content_hash()} for k, M in objects.items()},
            "obligations": proof.obligations,
            "conclusion": {"predicate": proof.predicate, "report": proof.report}}
    value, verdict = decide(cert, check_obligations(proof.obligations, objects)[0])
    cert["conclusion"].update(value=value, verdict=verdict)
    res = check_certificate(cert, objects)
    return res["verdict"], res["value"], proof, objects
