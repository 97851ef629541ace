"""What float64 would have concluded: rank, inertia and determinant beside the exact value.

Each `*_fields(ops, A, exact)` takes an `ArrayOps` (see `arrays.py`), the float64 matrix `A` and
the exact value (or `None` when the exact run did not settle one), runs the float computation on
the ops' device, and returns the entry fields, `status` included:

- `agrees`: float reaches the exact answer with room to spare;
- `too-close`: float reaches the exact answer, but only just (or there is no exact value to
  compare with);
- `disagrees`: float reaches a different answer.

"Only just" for rank and inertia: a number float counts as nonzero (sigma_r, |lambda|) is below
`10**CLOSE_ORDERS * tol`, or a number it counts as zero (sigma_{r+1}, |lambda|) is above
`tol / 10**NOISE_ORDERS`.  The band is asymmetric on purpose: an exactly zero singular value comes
out of a float SVD as roundoff of size about eps * sigma_1, while the default tolerance is
max(m, n) * eps * sigma_1, so the roundoff floor sits only log10(max(m, n)) orders below the
tolerance (measured: sigma_{r+1} / tol = 0.006 .. 0.14 for random integer matrices of rank r,
sizes 6 .. 200).  A symmetric band of 3 orders would call every rank-deficient matrix "too close";
one order below the tolerance flags roundoff that comes near it.

`eps` in the tolerances is the backend's `ops.eps` where it has one (the float32 backends), else
float64's.  Floats never decide a verdict; these fields are reported beside it.  JSON-safe numbers: finite
floats stay JSON numbers, +-inf and nan become the strings "inf", "-inf", "nan".
"""

import math
from fractions import Fraction

import numpy as np

from .convert import log10_abs, scalar_to_float

EPS = float(np.finfo(np.float64).eps)
CLOSE_ORDERS = 3  # a number counted nonzero must clear the tolerance by this many orders
NOISE_ORDERS = 1  # a number counted zero must stay this many orders below the tolerance
CLOSE = 10.0 ** CLOSE_ORDERS
NOISE = 10.0 ** NOISE_ORDERS
WINDOW = 3  # singular values / eigenvalues shown on each side of the gap
PLOT_MAX = 200  # whole spectrum reported when the dimension is at most this
DET_RTOL = 1e-6  # relative error above which a float determinant is "too close to call"

NUMPY_RANK_RULE = "numpy.linalg.matrix_rank default: tol = S.max * max(m, n) * eps"
TORCH_RANK_RULE = ("torch.linalg.matrix_rank default: atol = 0, rtol = max(m, n) * eps, "
                   "tol = max(atol, rtol * S.max) = S.max * max(m, n) * eps: the same scaling with "
                   "the largest singular value as numpy's, so the two ranks differ only through the "
                   "library's singular values (and eps of the dtype)")


def num(x):
    """A float as a JSON-safe value: finite -> float, otherwise "inf" / "-inf" / "nan"."""
    x = float(x)
    if math.isfinite(x):
        return x
    if math.isnan(x):
        return "nan"
    return "inf" if x > 0 else "-inf"


def nums(xs):
    return [num(x) for x in xs]


def _orders(a, b):
    """log10(a / b) for a, b >= 0 (inf when b is 0 and a is not; -inf when a is 0)."""
    if a == 0:
        return -math.inf if b > 0 else 0.0
    if b == 0:
        return math.inf
    return math.log10(a) - math.log10(b)


# ------------------------------------------------------------------------------------- rank
def rank_fields(ops, A, exact_rank):
    """Float rank under numpy's and torch's default tolerance, and the spectrum around the gap.

    `gap_ratio` is sigma_r / sigma_{r+1} at the exact rank r (1-based singular values in
    decreasing order; null where one side does not exist).  `margin_orders` is how many orders
    of magnitude the gap clears the tolerance: min(log10(sigma_r / tol), log10(tol / sigma_{r+1})).
    """
    m, n = A.shape
    k = min(m, n)
    eps = getattr(ops, "eps", EPS)  # machine epsilon of the backend's dtype (float64 unless said)
    S = np.sort(np.asarray(ops.svdvals(A), dtype=np.float64))[::-1] if k else np.zeros(0)
    if not np.all(np.isfinite(S)):
        return {"status": "disagrees", "singular_values": nums(S),
                "note": "the float SVD produced inf/nan (entries too large for float64 arithmetic)"}
    smax = float(S[0]) if k else 0.0
    tol = smax * max(m, n) * eps
    rank = int(np.count_nonzero(S > tol))
    native = ops.native_matrix_rank(A)
    rtol = max(m, n) * eps
    rank_torch = native if native is not None else int(np.count_nonzero(S > max(0.0, rtol * smax)))
    out = {
        "rank": rank,
        "rank_torch": rank_torch,
        "exact_rank": exact_rank,
        "tolerance": num(tol),
        "tolerance_rule": NUMPY_RANK_RULE,
        "tolerance_torch": num(max(0.0, rtol * smax)),
        "tolerance_torch_rule": TORCH_RANK_RULE,
        "rank_torch_source": "torch.linalg.matrix_rank" if native is not None else "formula on these singular values",
        "sigma_max": num(smax),
    }
    r = exact_rank if exact_rank is not None else rank
    s_r = float(S[r - 1]) if 1 <= r <= k else None
    s_next = float(S[r]) if 0 <= r < k else None
    out["sigma_r"] = None if s_r is None else num(s_r)
    out["sigma_r_plus_1"] = None if s_next is None else num(s_next)
    if s_r is not None and s_next is not None:
        out["gap_ratio"] = num(s_r / s_next) if s_next > 0 else "inf"
    else:
        out["gap_ratio"] = None
    margins = []
    if s_r is not None:
        margins.append(_orders(s_r, tol))
    if s_next is not None:
        margins.append(_orders(tol, s_next))
    out["margin_orders"] = num(min(margins)) if margins else None
    lo, hi = max(0, r - WINDOW), min(k, r + WINDOW)
    out["singular_values_window"] = {"first_index": lo + 1, "values": nums(S[lo:hi])}
    if max(m, n) <= PLOT_MAX:
        out["singular_values"] = nums(S)

    if exact_rank is None:
        out["status"] = "too-close"
        out["note"] = "no exact rank to compare with (the exact run did not settle it)"
    elif rank != exact_rank or rank_torch != exact_rank:
        out["status"] = "disagrees"
    elif (s_r is not None and s_r < CLOSE * tol) or (s_next is not None and s_next > tol / NOISE):
        out["status"] = "too-close"
    else:
        out["status"] = "agrees"
    return out


# ---------------------------------------------------------------------------------- inertia
def _inertia(lam, tol):
    return [int(np.count_nonzero(lam > tol)), int(np.count_nonzero(lam < -tol)),
            int(np.count_nonzero(np.abs(lam) <= tol))]


def inertia_fields(ops, A, exact_inertia):
    """Float inertia from `eigvalsh`, signs counted with tol = max|lambda| * n * eps.

    Also reports `inertia_no_tolerance` (plain signs of the float eigenvalues: what a test like
    `eigvals >= 0` sees, which is how definiteness is usually read off in practice) and
    `near_tolerance`, the number of eigenvalues with tol / 10**NOISE_ORDERS < |lambda| <
    10**CLOSE_ORDERS * tol.  Status `too-close` when the tolerance-counted inertia agrees but some
    eigenvalue is near the tolerance, or the plain signs disagree (the tolerance, not the
    eigenvalues, decides: e.g. the zero eigenvalues of a singular PSD matrix coming out as tiny
    negatives).
    """
    n = A.shape[0]
    out, notes = {}, []
    if not np.array_equal(A, A.T):
        notes.append("the float matrix is not symmetric: eigvalsh reads only its lower triangle")
    lam = np.sort(np.asarray(ops.eigvalsh(A), dtype=np.float64))
    if not np.all(np.isfinite(lam)):
        notes.append("the float eigenvalues contain inf/nan (entries too large for float64 arithmetic)")
        out.update(status="disagrees", eigenvalues=nums(lam), note="; ".join(notes))
        return out
    amax = float(np.max(np.abs(lam))) if n else 0.0
    tol = amax * n * getattr(ops, "eps", EPS)
    inertia = _inertia(lam, tol)
    naive = [int(np.count_nonzero(lam > 0)), int(np.count_nonzero(lam < 0)), int(np.count_nonzero(lam == 0))]
    mag = np.abs(lam)
    near = int(np.count_nonzero((mag > tol / NOISE) & (mag < tol * CLOSE))) if tol > 0 else 0
    order = np.argsort(mag, kind="stable")
    out.update({
        "inertia": inertia,
        "exact_inertia": list(exact_inertia) if exact_inertia is not None else None,
        "inertia_no_tolerance": naive,
        "tolerance": num(tol),
        "tolerance_rule": "signs counted with tol = max|lambda| * n * eps (numpy.linalg.eigvalsh)",
        "min_eigenvalue": num(lam[0]) if n else None,
        "max_eigenvalue": num(lam[-1]) if n else None,
        "smallest_abs_eigenvalues": nums(lam[order[:2 * WINDOW]]),
        "near_tolerance": near,
    })
    if n <= PLOT_MAX:
        out["eigenvalues"] = nums(lam)
    if exact_inertia is None:
        out["status"] = "too-close"
        notes.append("no exact inertia to compare with (the exact run did not settle it)")
    elif inertia != list(exact_inertia):
        out["status"] = "disagrees"
    elif near:
        out["status"] = "too-close"
    elif naive != list(exact_inertia):
        out["status"] = "too-close"
        notes.append(f"plain eigenvalue signs give {naive}: only the tolerance recovers the exact "
                     "inertia (roundoff decides the signs of the zero eigenvalues)")
    else:
        out["status"] = "agrees"
    if notes:
        out["note"] = "; ".join(notes)
    return out


# ------------------------------------------------------------------------------ determinant
def _sign(q):
    return (q > 0) - (q < 0)


def _ln_abs(q):
    return math.log(abs(q.numerator)) - math.log(q.denominator)


def det_fields(ops, A, exact_det):
    """Float determinant (`det`, and `slogdet` for range) against the exact one.

    The relative error |det_float - det| / |det| is computed exactly (Fraction of the float)
    when the float det is finite and nonzero, otherwise from logarithms
    (|expm1(logabsdet - ln|det|)|), so a determinant beyond float range never overflows.
    """
    d = ops.det(A)
    sign, logabs = ops.slogdet(A)
    out = {
        "det": num(d),
        "slogdet": [num(sign), num(logabs)],
        "log10_abs_det": num(logabs / math.log(10)) if sign != 0 else None,
    }
    notes = []
    if sign != 0 and math.isfinite(logabs) and (d == 0.0 or not math.isfinite(d)):
        notes.append("det() leaves the float64 range (" + ("underflow to 0" if d == 0.0 else "overflow")
                     + "); slogdet gives the sign and size")
    float_zero = sign == 0 or not math.isfinite(logabs)
    if exact_det is None:
        out.update(status="too-close", exact_det=None)
        notes.append("no exact determinant to compare with")
    else:
        D = Fraction(exact_det)
        out["exact_det"] = str(D.numerator) if D.denominator == 1 else f"{D.numerator}/{D.denominator}"
        if len(out["exact_det"]) > 60:
            out["exact_det"] = out["exact_det"][:25] + f"...({len(out['exact_det'])} chars)..." + out["exact_det"][-25:]
        out["exact_log10_abs_det"] = num(log10_abs(D)) if D != 0 else None
        exact_zero = D == 0
        out["zero_mismatch"] = exact_zero != float_zero
        out["sign_correct"] = (0 if float_zero else int(sign)) == _sign(D)
        if exact_zero:
            out["rel_error"] = 0.0 if float_zero else None
            if not float_zero:
                notes.append("the exact determinant is 0 but the float one is not")
        elif float_zero:
            out["rel_error"] = 1.0
        elif math.isfinite(d) and d != 0.0:
            rel = abs(Fraction(d) - D) / abs(D)
            out["rel_error"] = num(scalar_to_float(rel))
            out["rel_error_method"] = "exact: |Fraction(det) - det_exact| / |det_exact|"
        else:
            delta = logabs - _ln_abs(D)
            out["rel_error"] = num(abs(math.expm1(delta)) if delta < 700 else math.inf)
            out["rel_error_method"] = ("logarithms: |expm1(logabsdet - ln|det_exact|)| "
                                       "(resolution about eps * |ln|det_exact||)")
        if out["zero_mismatch"] or not out["sign_correct"]:
            out["status"] = "disagrees"
        elif exact_zero:
            out["status"] = "agrees"
        else:
            rel = out["rel_error"]
            out["status"] = "too-close" if (rel == "inf" or rel > DET_RTOL) else "agrees"
    if notes:
        out["note"] = "; ".join(notes)
    return out
