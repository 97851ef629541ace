"""Run one case: build its exact objects, ask the engines for obligations, have the independent
kernel check them, derive the verdict from the checked facts, and write the certificate.

A verdict other than ERROR/UNKNOWN exists only when the kernel accepted the certificate's
obligations; the value and verdict written into the certificate are the kernel's own derivation.
"""

import hashlib
import json
import os
import platform
import time
import traceback

from . import __version__
from .errors import CaseError, CertificateError, EngineError, Unknown
from .kernel.check import FORMAT, check_obligations
from .kernel.verdicts import decide

DEFAULT_LIMITS = {"max_entries": 4_000_000, "timeout": 600.0}


# ---------------------------------------------------------------------------------- problem
def case_params(case):
    """The parameters that define a case's problem besides its matrices (bound into the cert)."""
    if case.check == "claim":
        return dict(case.params or {})
    if case.check == "rank_inequality":
        return {"inequality": case.inequality}
    if case.check == "rank_at":
        return {"point": {k: _json_scalar(v) for k, v in sorted((case.point or {}).items())}}
    return {}


def _json_scalar(v):
    from .kernel.exact import encode_entry

    return encode_entry(v)


def build_problem(case, limits, witness=None):
    """The problem objects of a case (trusted builders: the case loader or the claim's `build`)."""
    if case.check == "claim":
        claim = claim_for(case)
        return claim.build(dict(case.params or {}), witness)
    from .cases import build_objects

    return build_objects(case, max_entries=limits.get("max_entries", DEFAULT_LIMITS["max_entries"]))


def claim_for(case):
    from .claims import registry

    claims = registry()
    if case.claim not in claims:
        raise CaseError(case.file, case.id, "claim", f"unknown claim id {case.claim!r} (see `verify claims`)")
    return claims[case.claim]


def seed_of(case, objects):
    """Fiat-Shamir seed: a hash of everything that defines the problem."""
    h = hashlib.sha256(f"verify-seed/1 {case.id} {case.check}\n".encode())
    h.update(json.dumps(case_params(case), sort_keys=True, default=str).encode())
    for name in sorted(objects):
        h.update(f"{name} {objects[name].content_hash()}\n".encode())
    return h.digest()


# ---------------------------------------------------------------------------------- proving
def rank_certificate(M, name, *, method, seed):
    """Exact rank with certificate: the modular BLAS engine for large integer matrices held in
    arrays (`IntArrayMatrix`), the general engines otherwise."""
    from .kernel.exact import IntArrayMatrix

    if isinstance(M, IntArrayMatrix) and method in ("auto", "modular"):
        from .engines.modular import rank_certificate_np

        return rank_certificate_np(M.array, name, seed)
    from . import engines

    return engines.rank_certificate(M, name, method=method, seed=seed)


def full_rank_proposal(M, name, expect, method, seed):
    """For a large square integer matrix stated to have full rank: the certificate (a prime, every
    row, every column) proposed without running an engine, since the kernel's check of that minor is
    the whole computation.  None when it does not apply; `run_case` falls back to the engines when
    the kernel rejects the proposal (the matrix is singular mod that prime, or deficient)."""
    from .kernel.exact import IntArrayMatrix

    if not (isinstance(M, IntArrayMatrix) and method == "auto" and M.nrows == M.ncols
            and (expect or {}).get("rank") in ("full", f">= {M.nrows}", M.nrows)):
        return None
    from .engines.modular import derive_small_prime

    n = M.nrows
    return [{"rule": "rank_ge", "matrix": name, "r": n, "rows": list(range(n)), "cols": list(range(n)),
             "prime": derive_small_prime(seed, f"{name}/full")},
            {"rule": "rank_le", "matrix": name, "r": n, "side": "trivial"}]


def describe_objects(objects, show_up_to=12, show_at_most=64):
    """The certificate's `objects` table; matrices up to `show_up_to` x `show_up_to` are included
    in full for readers when there are at most `show_at_most` objects (the kernel binds them by
    hash, not by this copy)."""
    from .kernel.exact import encode_matrix

    out = {}
    for n, M in sorted(objects.items()):
        out[n] = {"shape": [M.nrows, M.ncols], "sha256": M.content_hash(), "kind": M.kind()}
        if len(objects) <= show_at_most and M.nrows <= show_up_to and M.ncols <= show_up_to:
            out[n]["matrix"] = encode_matrix(M)
    return out


def prove_standard(case, objects, seed, method):
    """Obligations for the built-in checks, and the engines' own values (for a consistency test)."""
    from . import engines

    check, expect = case.check, case.expect or {}
    kw = {"method": method, "seed": seed}
    if check in ("rank", "generic_rank"):
        optimistic = full_rank_proposal(objects["M"], "M", expect, method, seed)
        if optimistic:
            return optimistic, {}
        r, obs = rank_certificate(objects["M"], "M", **kw)
        return obs, {"rank": r}
    if check == "rank_at":
        r, obs = rank_certificate(objects["M_at"], "M_at", **kw)
        return obs, {"rank": r}
    if check == "determinant":
        if expect.get("det") == "nonzero" and objects["M"].nrows > 200:
            r, obs = rank_certificate(objects["M"], "M", **kw)
            return obs, {}
        d, obs = engines.det_certificate(objects["M"], "M", **kw)
        return obs, {}
    if check == "inertia":
        v, obs = engines.inertia_certificate(objects["M"], "M", **kw)
        return obs, {"inertia": list(v)}
    if check == "boolean_determinant":
        v, obs = engines.detbool_certificate(objects["M"], "M")
        return obs, {"detbool": v}
    if check == "rank_inequality":
        obs = []
        for name in sorted(objects):
            obs += rank_certificate(objects[name], name, **kw)[1]
        return obs, {}
    raise CaseError(case.file, case.id, "check", f"unknown check {check!r}")


def derive(cert, objects):
    """The kernel's checks of every obligation, then its value and verdict."""
    facts, checked = check_obligations(cert["obligations"], objects)
    value, verdict = decide(cert, facts)
    return value, verdict, checked, facts


def versions():
    out = {"verify": __version__, "python": platform.python_version()}
    for mod in ("flint", "sympy", "numpy", "networkx"):
        try:
            out[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing optional library is reported as absent
            out[mod] = None
    return out


def _safe_name(case_id):
    from .report import page_stem

    return page_stem({"id": case_id})


def run_case(case, *, out_dir, method="auto", limits=None, crosscheck=True):
    """Run one case; returns its result record (CONTRACTS.md section 7) and writes its files."""
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    t0 = time.perf_counter()
    result = {
        "id": case.id, "title": case.title, "source": case.source, "file": case.file,
        "check": case.check, "claim": case.claim if case.check == "claim" else None,
        "verdict": None, "value": {}, "expect": case.expect, "certificate": None, "report": None,
        "seconds": None, "reason": None, "checked": [], "crosscheck": [], "notes": [],
        "sweep": getattr(case, "sweep_of", None),
    }
    seconds = {}
    try:
        t = time.perf_counter()
        objects = build_problem(case, limits)
        seconds["build"] = time.perf_counter() - t
        seed = seed_of(case, objects)
        t = time.perf_counter()
        witness, predicate, report, notes = None, None, {}, []
        if case.check == "claim":
            from .claims.base import Context

            proof = claim_for(case).prove(objects, dict(case.params or {}), Context(seed=seed, method=method, limits=limits))
            obligations, engine_value = proof.obligations, {}
            witness, predicate, report, notes = proof.witness, proof.predicate, proof.report, list(proof.notes)
            if witness is not None or proof.objects:
                objects = build_problem(case, limits, witness)
                for name, M in proof.objects.items():
                    if objects.get(name) != M:
                        raise EngineError(f"claim {case.claim}: build(params, witness) does not rebuild object {name}")
        else:
            obligations, engine_value = prove_standard(case, objects, seed, method)
        seconds["engines"] = time.perf_counter() - t
        cert = {
            "format": FORMAT,
            "case": {"file": case.file, "file_sha256": _file_hash(case.file), "id": case.id},
            "check": case.check,
            "claim": result["claim"],
            "params": case_params(case),
            "witness": witness,
            "expect": case.expect,
            "objects": describe_objects(objects),
            "obligations": obligations,
            "conclusion": {"predicate": predicate, "report": report},
        }
        t = time.perf_counter()
        try:
            value, verdict, checked, facts = derive(cert, objects)
        except CertificateError:
            if case.check == "claim" or not full_rank_proposal(objects.get("M"), "M", case.expect, method, seed):
                raise
            # the full-rank proposal failed: prove the rank with the engines after all
            cert["obligations"], engine_value = prove_standard(case, objects, seed, "modular")
            value, verdict, checked, facts = derive(cert, objects)
        seconds["kernel"] = time.perf_counter() - t
        for key, v in engine_value.items():
            if key in value and value[key] != v:
                raise EngineError(f"engine value {key}={v} differs from the certified {value[key]}")
        cert["conclusion"].update({"value": value, "verdict": verdict})
        result.update(value=value, verdict=verdict, checked=checked, notes=notes)
        if crosscheck and case.crosscheck:
            result["crosscheck"] = run_crosschecks(case, objects, value, facts)
        seconds["total"] = time.perf_counter() - t0
        cert["meta"] = {"engine": method, "versions": versions(), "seconds": _round(seconds),
                        "created_by": f"verify {__version__}"}
        os.makedirs(out_dir, exist_ok=True)
        path = os.path.join(out_dir, _safe_name(case.id) + ".cert.json")
        with open(path, "w") as f:
            json.dump(cert, f, indent=1, sort_keys=True)
            f.write("\n")
        result["certificate"] = path
        if verdict == "UNKNOWN":
            result["reason"] = "the certified facts do not settle the statement"
    except CaseError as e:
        result.update(verdict="ERROR", reason=str(e))
    except Unknown as e:
        result.update(verdict="UNKNOWN", reason=e.reason)
    except CertificateError as e:
        result.update(verdict="UNKNOWN", reason=f"the checker rejected the engines' certificate: {e}")
    except EngineError as e:
        result.update(verdict="UNKNOWN", reason=f"engine failure: {e}")
    except RecursionError:
        result.update(verdict="UNKNOWN", reason="input too deeply nested for this run")
    except MemoryError:
        result.update(verdict="UNKNOWN", reason="out of memory")
    except Exception as e:  # noqa: BLE001 - a bug must not take the whole run down
        result.update(verdict="UNKNOWN", reason=f"internal error {type(e).__name__}: {e}",
                      notes=traceback.format_exc().splitlines()[-6:])
    result["seconds"] = round(time.perf_counter() - t0, 4)
    return result


def _round(seconds):
    return {k: round(v, 4) for k, v in seconds.items()}


def _file_hash(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


def crosscheck_targets(case, objects, value, facts, most=6):
    """(object name, check, exact value) triples to cross-check: the case's matrix for the
    matrix checks; for claims, the rational objects whose rank or inertia the kernel certified."""
    if case.check != "claim":
        name = "M_at" if case.check == "rank_at" else "M"
        return [(name, case.check, value)] if name in objects else []
    out = []
    for name, inertia in sorted(facts.inertia.items()):
        out.append((name, "inertia", {"inertia": list(inertia)}))
    for name in sorted(set(facts.rank_lb) | set(facts.rank_ub)):
        lb, ub = facts.bounds(name)
        if lb == ub and not objects[name].is_polynomial():
            out.append((name, "rank", {"rank": lb}))
    return out[:most]


def run_crosschecks(case, objects, value, facts):
    """Float cross-checks beside the exact values (never part of a verdict)."""
    try:
        from .crosscheck import run_crosscheck
    except ImportError:
        return []
    backends = tuple(case.crosscheck)
    entries = []
    for name, check, exact in crosscheck_targets(case, objects, value, facts):
        try:
            got = run_crosscheck(objects[name], check, exact, backends=backends)
        except Exception as e:  # noqa: BLE001 - the cross-check is informational
            got = [{"backend": b, "status": "too-close", "error": f"{type(e).__name__}: {e}"} for b in backends]
        for entry in got:
            entry.setdefault("object", name)
        entries += got
    return entries
