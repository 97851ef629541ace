"""Shared helpers of the Giannou et al. claim modules (paper 004): expression builders and engine
calls.  Expressions follow CONTRACTS.md section 4; nothing here decides a verdict."""

from ..kernel.exact import encode_entry

SOURCE = "004 Giannou, Rajput, Papailiopoulos, The Expressive Power of Tuning Only the Normalization Layers"


def lit(x):
    return encode_entry(x)


def entry(name, i=0, j=0):
    return {"entry": [name, i, j]}


def AND(*xs):
    return {"and": list(xs)}


def eq(a, b):
    return {"eq": [a, b]}


def rank_is(name, r):
    return {"eq": [{"rank": name}, r]}


def equal(a, b):
    return {"equal": [a, b]}


def fact(label):
    return {"fact": label}


def equal_ob(a, b, label=None):
    ob = {"rule": "equal", "lhs": a, "rhs": b}
    if label:
        ob["label"] = label
    return ob


def rank(ctx, M, name):
    """(rank, obligations) from the engines."""
    return ctx.engines.rank_certificate(M, name, method=ctx.method, seed=ctx.seed)


def positive_on_box(P, b, lo, hi, objects):
    """Expression: every row of z -> P z + b is > 0 on the box [lo, hi] (interval lower bound)."""
    M = objects[P]
    out = []
    for r in range(M.nrows):
        terms = [entry(b, r)] + [{"min": [{"mul": [entry(P, r, j), entry(lo, j)]},
                                          {"mul": [entry(P, r, j), entry(hi, j)]}]} for j in range(M.ncols)]
        out.append({"gt": [{"add": terms}, 0]})
    return {"and": out}


def box_contains_relu(G, g, lo, hi, lo2, hi2, objects):
    """Expression: relu(G z + g) for z in [lo, hi] lies in [lo2, hi2] (lo2 <= 0, hi2 >= interval max, hi2 >= 0)."""
    M = objects[G]
    out = []
    for r in range(M.nrows):
        top = {"add": [entry(g, r)] + [{"max": [{"mul": [entry(G, r, j), entry(lo, j)]},
                                                {"mul": [entry(G, r, j), entry(hi, j)]}]} for j in range(M.ncols)]}
        out += [{"le": [entry(lo2, r), 0]}, {"ge": [entry(hi2, r), top]}, {"ge": [entry(hi2, r), 0]}]
    return {"and": out}


def box_contains_ball(lo, hi, objects):
    """Expression: the box [lo, hi] contains the unit ball (lo_j <= -1 and hi_j >= 1)."""
    n = objects[lo].nrows
    return {"and": [x for j in range(n) for x in ({"le": [entry(lo, j), -1]}, {"ge": [entry(hi, j), 1]})]}
