"""Run one case: the trusted problem (objects and statement), an untrusted proof from the check
kind's prover, the kernel's derivation of value and verdict from the proof's obligations, and the
certificate (which embeds the case, with its data files inlined, up to a size: `verify.problem`).

The library (`verify.api`) runs case mappings made in Python through the same path
(`certify_document`: the embedded problem is built first, and the case proved is the one the checker
will rebuild from it).

The pipeline only orchestrates: the problem comes from `verify.problem` (trusted), the proof from
the check kind's `prove` (the engines choose their methods), the verdict from the kernel.  A verdict
other than ERROR/UNKNOWN exists only when the kernel accepted the obligations; the value and verdict
written into the certificate are the kernel's own derivation.
"""

import json
import os
import platform
import time
import traceback

from . import __version__, checks
from .errors import CaseError, CertificateError, EngineError, Unknown
from .verdicts import Verdict
from .kernel.check import FORMAT, derive
from .problem import (DEFAULT_LIMITS, EMBED_MAX_BYTES, EMBED_MAX_ENTRIES, NotEmbeddable, build_problem, case_params,
                      embed_case, embedded_case, embedded_from_document, object_table, problem_differences, seed_of)


def versions():
    """Versions of the libraries a run may use, read from the installed metadata (importing them
    only to read a version would cost a second per worker)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"verify": __version__, "python": platform.python_version()}
    for mod, dist in (("flint", "python-flint"), ("sympy", "sympy"), ("numpy", "numpy"), ("networkx", "networkx")):
        try:
            out[mod] = version(dist)
        except PackageNotFoundError:
            out[mod] = None
    return out


def _safe_name(case_id):
    from .report import page_stem

    return page_stem({"id": case_id})


def new_result(case):
    """The result record of a case before it runs (CONTRACTS.md section 7)."""
    return {
        "id": case.id, "title": case.title, "source": case.source, "file": case.file,
        "check": case.check, "claim": case.claim if case.check == "claim" else None,
        "verdict": None, "value": {}, "expect": case.expect, "certificate": None, "report": None,
        "seconds": None, "reason": None, "checked": [], "crosscheck": [], "notes": [],
        "sweep": getattr(case, "sweep_of", None),
        **({"input_notes": list(case.input_notes)} if getattr(case, "input_notes", None) else {}),
    }


def prove_case(case, limits, method, on_partial=None):
    """(problem, proof, outcome, seconds): the trusted problem, the prover's proof (rebuilding the
    problem with its witness, where the statement quantifies over one), and the kernel's outcome.
    `on_partial(problem, obligations, evidence)` is called with what engines certify on the way
    (`verify.engines.partial`)."""
    import contextlib

    from .checks.base import Context

    seconds = {}
    t = time.perf_counter()
    problem = build_problem(case, limits)
    seconds["build"] = time.perf_counter() - t
    seed = seed_of(case, problem["objects"])
    t = time.perf_counter()
    if on_partial is None:
        hooked = contextlib.nullcontext()
    else:
        from .engines import partial

        hooked = partial.hook(lambda obligations, evidence: on_partial(problem, obligations, evidence))
    with hooked:
        proof = checks.kind(case.check).prove(case, problem["objects"],
                                              Context(seed=seed, method=method, limits=limits))
    if proof.witness is not None:
        problem = build_problem(case, limits, proof.witness)
    seconds["engines"] = time.perf_counter() - t
    t = time.perf_counter()
    try:
        outcome = derive(problem, proof.obligations)
    except CertificateError:
        if proof.fallback is None:
            raise
        proof = proof.fallback()  # an optimistic proposal failed: the engines prove it after all
        outcome = derive(problem, proof.obligations)
    seconds["kernel"] = time.perf_counter() - t
    for key, v in proof.engine_value.items():
        if key in outcome["value"] and outcome["value"][key] != v:
            raise EngineError(f"engine value {key}={v} differs from the certified {outcome['value'][key]}")
    return problem, proof, outcome, seconds


def certificate(case, problem, proof, outcome, limits, method, seconds, embedded=None):
    """The certificate of a proved case; `embedded` (the case's embedded problem, or None) makes it
    standalone.  A case that was not read from a file names no case file."""
    cert = {
        "format": FORMAT,
        "case": {"file": case.file if case.file_sha256 else None, "file_sha256": case.file_sha256 or None,
                 "id": case.id},
        "check": case.check,
        "claim": case.claim if case.check == "claim" else None,
        "params": case_params(case),
        "expect": case.expect,
        "witness": proof.witness,
        "limits": {"max_entries": limits["max_entries"]},
        "objects": object_table(problem["objects"]),
        "statement": problem["statement"],
        "obligations": proof.obligations,
        "conclusion": {"value": outcome["value"], "verdict": outcome["verdict"]},
        "meta": {"engine": method, "versions": versions(), "seconds": {k: round(v, 4) for k, v in seconds.items()},
                 "created_by": f"verify {__version__}"},
    }
    if embedded is not None:
        cert["problem"] = embedded
    return cert


EMBED_MODES = ("auto", "always", "never")


def embedding(case, problem, limits, embed="auto"):
    """(embedded problem or None, note or None) for a case read from a file.  "auto" embeds up to
    `EMBED_MAX_ENTRIES` entries of inlined file data and `EMBED_MAX_BYTES` of JSON; "always"
    without those bounds (the run's size limit still applies); "never" not at all.  When file data
    was inlined, the embedded problem is rebuilt here and must be the problem just proved (else it
    is left out, with the reason)."""
    if embed in (False, "never"):
        return None, None
    bounded = embed not in (True, "always")
    try:
        emb = embed_case(case, max_entries=EMBED_MAX_ENTRIES if bounded else limits["max_entries"],
                         max_bytes=EMBED_MAX_BYTES if bounded else None)
    except NotEmbeddable as e:
        return None, f"the certificate does not embed its problem ({e}); `verify check` needs the case file"
    if emb["case"] != case.raw:
        try:
            with embedded_case(emb, case.id) as c:
                again = build_problem(c, limits)
            diffs = problem_differences(problem, again)
        except (CaseError, Unknown, ValueError) as e:
            diffs = [f"{type(e).__name__}: {e}"]
        if diffs:
            return None, ("the certificate does not embed its problem (the inlined case rebuilds differently: "
                          f"{'; '.join(diffs)[:300]})")
    return emb, None


_EMBEDDED_SLOT = "\u0001verify-embedded-problem\u0001"


COMPACT_PROBLEM_BYTES = 1 << 20


def certificate_text(cert):
    """The certificate as JSON text, indented for readers (indent 1, sorted keys); an embedded
    problem or an obligation of more than `COMPACT_PROBLEM_BYTES` of JSON is written on one line
    (its matrices or polynomials would otherwise take a line per entry and double the file)."""
    def compact(x):
        return json.dumps(x, sort_keys=True, separators=(",", ":"))

    big = {}
    doc = dict(cert)
    if doc.get("problem") is not None and len(compact(doc["problem"])) > COMPACT_PROBLEM_BYTES:
        big[json.dumps(_EMBEDDED_SLOT)] = compact(doc["problem"])
        doc["problem"] = _EMBEDDED_SLOT
    obs = doc.get("obligations")
    if isinstance(obs, list):
        doc["obligations"] = list(obs)
        for i, ob in enumerate(obs):
            text = compact(ob)
            if len(text) > COMPACT_PROBLEM_BYTES:
                slot = f"{_EMBEDDED_SLOT}#obligation-{i}"
                big[json.dumps(slot)] = text
                doc["obligations"][i] = slot
    text = json.dumps(doc, indent=1, sort_keys=True)
    for slot, value in big.items():
        assert text.count(slot) == 1
        text = text.replace(slot, value)
    return text + "\n"


def write_certificate(cert, out_dir, case_id):
    """The certificate as `<out_dir>/<id>.cert.json`, written atomically and never through a link
    (`verify.outputs`; an OutputError stops the run)."""
    from .outputs import ensure_dir, write_text

    ensure_dir(out_dir)
    return write_text(os.path.join(out_dir, _safe_name(case_id) + ".cert.json"), certificate_text(cert))


def run_case(case, *, out_dir, method="auto", limits=None, crosscheck=True, embed="auto"):
    """Run one case; returns its result record (CONTRACTS.md section 7) and writes its certificate
    (embedding the problem as `embed` says: "auto", "always" or "never", see `embedding`)."""
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    t0 = time.perf_counter()
    result = new_result(case)

    def on_partial(problem, obligations, evidence):
        from .checks.base import Proof

        outcome = derive(problem, obligations)          # the kernel: only checked facts are kept
        if outcome["verdict"] != Verdict.UNKNOWN:
            return                                      # decided already: the run will finish it
        proof = Proof(obligations, notes=["partial result: the rest of the proof did not finish"])
        embedded, _ = embedding(case, problem, limits, embed)
        cert = certificate(case, problem, proof, outcome, limits, method,
                           {"total": time.perf_counter() - t0}, embedded)
        cert["meta"]["partial"] = True
        if evidence:
            cert["meta"]["evidence"] = evidence
        from .outputs import ensure_dir, write_text

        ensure_dir(out_dir)
        write_text(partial_path(out_dir, case.id, os.getpid()), certificate_text(cert))

    try:
        problem, proof, outcome, seconds = prove_case(case, limits, method, on_partial)
        value, verdict = outcome["value"], outcome["verdict"]
        result.update(value=value, verdict=verdict, checked=outcome["checked"],
                      notes=list(getattr(case, "input_notes", None) or ()) + list(proof.notes))
        if crosscheck and case.crosscheck:
            result["crosscheck"] = run_crosschecks(case, problem["objects"], value, outcome["facts"])
        embedded, note = embedding(case, problem, limits, embed)
        if note:
            result["notes"].append(note)
        seconds["total"] = time.perf_counter() - t0
        cert = certificate(case, problem, proof, outcome, limits, method, seconds, embedded)
        result["certificate"] = write_certificate(cert, out_dir, case.id)
        if verdict == Verdict.UNKNOWN:
            result["reason"] = "the certified facts do not settle the statement: " + "; ".join(outcome["reasons"][:6])
    except CaseError as e:
        result.update(verdict="ERROR", reason=str(e))
    except Unknown as e:
        result.update(verdict=Verdict.UNKNOWN, reason=e.reason)
    except CertificateError as e:
        result.update(verdict=Verdict.UNKNOWN, reason=f"the checker rejected the engines' certificate: {e}")
    except EngineError as e:
        result.update(verdict=Verdict.UNKNOWN, reason=f"engine failure: {e}")
    except RecursionError:
        result.update(verdict=Verdict.UNKNOWN, reason="input too deeply nested for this run")
    except MemoryError:
        result.update(verdict=Verdict.UNKNOWN, reason="out of memory")
    except Exception as e:  # noqa: BLE001 - a bug must not take the whole run down
        result.update(verdict=Verdict.UNKNOWN, reason=f"internal error {type(e).__name__}: {e}",
                      notes=traceback.format_exc().splitlines()[-6:])
    result["seconds"] = round(time.perf_counter() - t0, 4)
    try:
        os.remove(partial_path(out_dir, case.id, os.getpid()))   # the case ended: no partial stands
    except OSError:
        pass
    return result


def partial_path(out_dir, case_id, pid):
    """Where a worker keeps the partial certificate of its case (hidden; see `adopt_partial`)."""
    return os.path.join(out_dir, f".{_safe_name(case_id)}.partial-{pid}.json")


def adopt_partial(result, out_dir, case_id, pid):
    """After the worker `pid` was killed at the time limit: its partial certificate, if it wrote one,
    becomes the case's certificate, and the UNKNOWN result states the certified bounds and the
    labelled evidence.  Returns the result (updated or not)."""
    path = partial_path(out_dir, case_id, pid)
    try:
        with open(path, encoding="utf-8") as f:
            cert = json.load(f)
        final = os.path.join(out_dir, _safe_name(case_id) + ".cert.json")
        os.replace(path, final)
    except (OSError, ValueError):
        return result
    value = cert["conclusion"]["value"]
    bounds = "; ".join(f"{k} within [{v['at_least']}, {v['at_most']}]" if isinstance(v, dict)
                       and "at_least" in v else f"{k} = {v}" for k, v in value.items())
    evidence = cert["meta"].get("evidence")
    result.update(value=value, certificate=final,
                  reason=f"{result.get('reason')}; certified before it: {bounds or 'nothing'}")
    result["notes"] = list(result.get("notes") or []) + ["partial certificate: the obligations finished before the "
                                                         "time limit, checked by the kernel"]
    if evidence:
        result["evidence"] = evidence
        result["notes"].append("evidence, not proof: " + evidence["statement"])
    return result


def crosscheck_targets(case, objects, value, facts, most=6):
    """(object name, check, exact value) triples to cross-check: the case's matrix for the matrix
    checks; otherwise the rational objects whose rank or inertia the kernel certified."""
    if case.check in ("rank", "generic_rank", "rank_at", "determinant", "inertia", "boolean_determinant"):
        name = "M_at" if case.check == "rank_at" else "M"
        return [(name, case.check, value)] if name in objects else []
    out = []
    for (kind, name), v in sorted(facts.values.items()):
        if kind == "inertia":
            out.append((name, "inertia", {"inertia": list(v)}))
    for name in sorted(set(facts.rank_lb) | set(facts.rank_ub)):
        lb, ub = facts.rank_bounds(name)
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


def case_of(doc, file="<python>"):
    """A validated Case from case data (a mapping as in a case file), for library calls and tests."""
    from .cases import cases_from_document

    cases = cases_from_document(doc, file)
    if len(cases) != 1:
        raise CaseError(file, "-", "cases", f"expected one case, got {len(cases)}")
    return cases[0]


def certify_document(doc, *, method="auto", limits=None):
    """Prove a case given as a mapping (as in a case file, matrices inline) and make its standalone
    certificate: the embedded problem is made from `doc` first, and the case proved is the one
    `verify check` rebuilds from it (`verify.problem.embedded_case`), through `prove_case`.
    Returns {"case", "problem", "proof", "outcome", "certificate", "seconds"}; raises CaseError for a
    malformed case, Unknown beyond the limits, CertificateError / EngineError when nothing could be
    certified."""
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    t0 = time.perf_counter()
    try:
        embedded = embedded_from_document(doc)
    except NotEmbeddable as e:
        raise CaseError("<python>", str(doc.get("id", "-")) if isinstance(doc, dict) else "-", "case", str(e)) from None
    with embedded_case(embedded) as case:
        problem, proof, outcome, seconds = prove_case(case, limits, method)
    seconds["total"] = time.perf_counter() - t0
    cert = certificate(case, problem, proof, outcome, limits, method, seconds, embedded)
    return {"case": case, "problem": problem, "proof": proof, "outcome": outcome, "certificate": cert,
            "seconds": seconds}


def prove_claim(claim_id, params, expect="confirmed", *, method="auto", limits=None):
    """Build, prove and kernel-derive one claim instance in this process: the `run_case` path
    without files.  Returns {"verdict", "value", "holds", "reasons", "problem", "proof", "outcome"}."""
    doc = {"id": "claim-instance", "check": "claim", "claim": claim_id, "params": params}
    if expect is not None:
        doc["expect"] = {"verdict": expect}
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    problem, proof, outcome, _ = prove_case(case_of(doc), limits, method)
    return {"verdict": outcome["verdict"], "value": outcome["value"], "holds": outcome["holds"],
            "reasons": outcome["reasons"], "problem": problem, "proof": proof, "outcome": outcome}
