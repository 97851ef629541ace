"""Trusted statements of the linear-notes claims (paper 003): what the notes assert of the objects
that `builds` makes.  Each returns (predicate, report) in the kernel's expression language; every
number here comes from the params or the objects, never from a proof."""

from ...checks.base import AND, R, eq, equal, implies, le
from .builds import A1_DIMS, A2_DIMS, d_shape


def layers(objects):
    return sorted((n for n in objects if n.startswith("W") and n[1:].isdigit() and n != "W0"), key=lambda n: int(n[1:]))


def full_rank(name, objects):
    M = objects[name]
    return eq(R(name), min(M.nrows, M.ncols))


def a1(params, objects):
    Ws = layers(objects)
    report = {"rank_W0": R("W0")}
    if params.get("part", "statement") == "step":
        return eq(R("W0"), {"min": [R(n) for n in Ws]}), report
    dims = params.get("dims", A1_DIMS)
    return AND(*[le(R("W0"), R(n)) for n in Ws], *[le(R("W0"), d) for d in dims]), report


def a2(params, objects):
    dims = params.get("dims", A2_DIMS)
    return implies(AND(*[le(R("W0"), d) for d in dims]), equal("prod", "W0")), {"rank_W0": R("W0")}


def b(params, objects):
    psd = eq({"index": [{"inertia": "H_notes"}, 1]}, 0)
    return AND(equal("Q", "Qsum"), equal("H_direct", "H_notes"), psd), {"inertia": {"inertia": "H_notes"}}


def c(params, objects):
    return AND(equal("grad_direct", "grad_notes"), equal("gradT_direct", "gradT_notes")), {}


def d(params, objects):
    n, dx, p, dims = d_shape(params)
    hypothesis = min(dims[1:-1]) >= min(dims[0], dims[-1])
    return (implies(hypothesis, AND(full_rank("XtX", objects), {"is_zero": "gradQ"}, equal("lossR", "lossQ"))),
            {"min_Q": {"entry": ["lossQ", 0, 0]}})


def e(params, objects):
    pairs = sorted(n for n in objects if n.endswith(".direct"))
    return AND(*[equal(n, n.replace(".direct", ".notes")) for n in pairs]), {}


def f(params, objects):
    loss, other = {"entry": ["loss", 0, 0]}, {"entry": ["loss_other", 0, 0]}
    hyp = AND(full_rank("W1", objects), full_rank("W2", objects), {"is_zero": "grad"})
    return implies(hyp, le(loss, other)), {"inertia": {"inertia": "hess"}, "loss": loss, "lower_loss": other}


def _bound(j):
    return {"entry": ["bounds", 0, j]}


def parity_c1(params, objects):
    return AND(eq(_bound(3), 0), equal("grad_direct", "grad_notes")), {}


def parity_c2(params, objects):
    pred = AND(eq(_bound(3), 0), le(_bound(0), _bound(1)), le(_bound(1), _bound(2)))
    return pred, {"E_v|grad R_v - a|^2": _bound(0), "E_x|g|^2 / 2^d": _bound(1), "n C^2 / 2^d": _bound(2),
                  "parseval_equality": eq(_bound(0), _bound(1))}


