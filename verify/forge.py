"""Forge certificates the way an adversary would, and see what the checker makes of them.

`python -m verify.forge reports/ [--case-root DIR] [--most N]` takes every certificate under the
directory, writes mutants of it (statement copies set to true / false / negated, verdicts and
values flipped, every number of the obligations and the witness changed, object names retargeted,
object tables swapped, certificates exchanged between cases, the case path moved outside the case
root, embedded matrices edited, obligations dropped or duplicated; and, for a certificate that
embeds its problem, that problem's matrices, parameters, expectation and id edited, swapped for
another certificate's, removed, or given a file form, a float or a sweep, each with and without the
hashes re-computed, and re-bound (object table re-hashed to the edited problem)), lets each mutant
re-derive its own conclusion with the kernel (as a forger with the kernel's code would), and checks
it with the same code as `verify check` (`--problem embedded` checks only against the embedded
problems, as a reviewer who has only the certificates would).  A mutant that is accepted must
certify the original verdict (or nothing, UNKNOWN); one that certifies another verdict about the
same problem is a soundness failure, reported and counted.  (A mutant accepted from its embedded
problem alone whose problem hash differs from the original's is a certificate of another problem,
and the checker's output names that problem by its hash: it is counted apart, as "re-bound".)

Exit status 0 when no mutant changed a verdict, 1 otherwise.
"""

import argparse
import copy
import json
import os
import random
import sys

from .checker import Unreadable, resolve_problem
from .errors import CaseError, CertificateError, Unknown
from .kernel.check import MALFORMED, check, derive
from .verdicts import VERDICTS_CHECKED as VERDICTS, Verdict


# ------------------------------------------------------------------------------------ mutations
def _numbers(obj, path=()):
    """Paths of every number (int, or an exact "p/q" / decimal string) inside obj."""
    if isinstance(obj, bool):
        return
    if isinstance(obj, int):
        yield path
    elif isinstance(obj, str) and obj.lstrip("-").replace("/", "", 1).isdigit():
        yield path
    elif isinstance(obj, dict):
        for k in sorted(obj, key=str):
            yield from _numbers(obj[k], path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _numbers(v, path + (i,))


def _get(obj, path):
    for k in path:
        obj = obj[k]
    return obj


def _set(obj, path, value):
    _get(obj, path[:-1])[path[-1]] = value


def _bumped(v):
    """Other numbers near v (same type as in the certificate)."""
    if isinstance(v, int):
        return [v + 1, v - 1, 0 if v else 1, -v if v else 2]
    num, _, den = v.partition("/")
    n = int(num)
    return [f"{n + 1}/{den}" if den else str(n + 1), f"{-n}/{den}" if den else str(-n)]


def number_mutants(cert, key, rng, most):
    """Certificates with one number under cert[key] changed."""
    paths = list(_numbers(cert.get(key), (key,)))
    rng.shuffle(paths)
    for path in paths[:most]:
        for new in _bumped(_get(cert, path))[:2]:
            m = copy.deepcopy(cert)
            _set(m, path, new)
            yield f"{'/'.join(map(str, path))} -> {new}", m


def statement_mutants(cert):
    st = cert.get("statement")
    if not isinstance(st, dict):
        return
    pred = st.get("predicate")
    for label, new in (("true", True), ("false", False), ("negated", {"not": pred}),
                       ("rank 0 >= 0", {"ge": [0, 0]})):
        m = copy.deepcopy(cert)
        m["statement"]["predicate"] = new
        yield f"statement.predicate {label}", m
    for key, alts in (("polarity", ("confirmed", "refuted", None)), ("quantifier", (None, "exists", "forall"))):
        for alt in alts:
            if alt != st.get(key):
                m = copy.deepcopy(cert)
                m["statement"][key] = alt
                yield f"statement.{key} {alt}", m
    m = copy.deepcopy(cert)
    m["statement"]["report"] = {"holds": True}
    yield "statement.report replaced", m
    m = copy.deepcopy(cert)
    del m["statement"]
    yield "statement copy removed", m


def verdict_mutants(cert):
    for v in VERDICTS:
        if v != cert["conclusion"].get("verdict"):
            m = copy.deepcopy(cert)
            m["conclusion"]["verdict"] = v
            yield f"verdict {v} (conclusion not re-derived)", m, False


def name_mutants(cert):
    names = sorted((cert.get("objects") or {}).keys())
    for i, ob in enumerate(cert.get("obligations") or []):
        for key in ("matrix", "rhs"):
            if isinstance(ob, dict) and ob.get(key) in names:
                for other in names:
                    if other != ob[key]:
                        m = copy.deepcopy(cert)
                        m["obligations"][i][key] = other
                        yield f"obligations/{i}/{key} -> {other}", m
                        break


def table_mutants(cert):
    table = cert.get("objects") or {}
    names = sorted(table)
    if len(names) >= 2:
        a, b = names[0], names[1]
        m = copy.deepcopy(cert)
        m["objects"][a], m["objects"][b] = m["objects"][b], m["objects"][a]
        yield f"objects {a} <-> {b}", m
    for n in names:
        if "matrix" in table[n] and table[n]["matrix"].get("rows") and table[n]["matrix"]["rows"][0]:
            m = copy.deepcopy(cert)
            row = m["objects"][n]["matrix"]["rows"][0]
            row[0] = (row[0] + 1) if isinstance(row[0], int) else 1
            yield f"embedded copy of {n} edited", m
            break


def obligation_mutants(cert):
    obs = cert.get("obligations") or []
    for i in range(len(obs)):
        m = copy.deepcopy(cert)
        del m["obligations"][i]
        yield f"obligation {i} dropped", m
        if i >= 3:
            break
    if obs:
        m = copy.deepcopy(cert)
        m["obligations"] = obs + [copy.deepcopy(obs[0])]
        yield "obligation 0 duplicated", m


def case_mutants(cert, others):
    info = cert.get("case") or {}
    for label, new in (("absolute path", os.path.abspath(info.get("file") or "x")),
                       ("path through ..", os.path.join("..", os.path.basename(os.getcwd()), info.get("file") or "x")),
                       ("sha256 changed", None)):
        m = copy.deepcopy(cert)
        if new is None:
            m["case"]["file_sha256"] = "0" * 64
        else:
            m["case"]["file"] = new
        yield f"case {label}", m
    for o in others:
        m = copy.deepcopy(cert)
        m["case"] = copy.deepcopy(o.get("case"))
        for k in ("check", "claim", "params", "expect"):
            m[k] = copy.deepcopy(o.get(k))
        m["_forge_baseline"] = (o.get("conclusion") or {}).get("verdict")
        yield f"case of {(o.get('case') or {}).get('id')} (certificate moved to another case)", m
        m = copy.deepcopy(o)
        m["obligations"] = copy.deepcopy(cert.get("obligations"))
        m["witness"] = copy.deepcopy(cert.get("witness"))
        m["conclusion"] = copy.deepcopy(cert.get("conclusion"))
        m["_forge_baseline"] = (o.get("conclusion") or {}).get("verdict")  # judged against that case's own verdict
        yield f"obligations moved onto {(o.get('case') or {}).get('id')}", m


def witness_mutants(cert, others, rng, most):
    if cert.get("witness") is not None:
        m = copy.deepcopy(cert)
        m["witness"] = None
        yield "witness removed", m
        yield from number_mutants(cert, "witness", rng, most)
    for o in others:
        if o.get("witness") is not None and o.get("claim") == cert.get("claim"):
            m = copy.deepcopy(cert)
            m["witness"] = copy.deepcopy(o["witness"])
            yield f"witness of {(o.get('case') or {}).get('id')}", m
            break
    for junk in ("a string", 0, [], {"weights": [[[0]]]}):
        m = copy.deepcopy(cert)
        m["witness"] = junk
        yield f"witness {junk!r}", m


def _first_inline_entry(doc):
    """The path (within the embedded case) of the first entry of an inline matrix, or None."""
    def walk(obj, path):
        if isinstance(obj, list) and obj and all(isinstance(r, list) for r in obj) and obj[0] \
                and not isinstance(obj[0][0], (list, dict)):
            return path + (0, 0)
        if isinstance(obj, dict):
            for k in sorted(obj):
                if k in ("params", "expect", "point", "limits"):
                    continue
                got = walk(obj[k], path + (k,))
                if got:
                    return got
        if isinstance(obj, list):
            for i, v in enumerate(obj):
                got = walk(v, path + (i,))
                if got:
                    return got
        return None

    return walk(doc, ())


def _rehash(m):
    from .problem import problem_sha256

    m["problem"]["sha256"] = problem_sha256(m["problem"]["case"])
    return m


def _rebind(m):
    """Re-hash the embedded problem and re-bind the object table to the objects it now builds (as a
    forger with the loader's code would); the certificate is unchanged when the problem cannot be
    built."""
    from .problem import build_problem, embedded_case, object_table

    _rehash(m)
    try:
        with embedded_case(m["problem"], (m.get("case") or {}).get("id")) as case:
            problem = build_problem(case, None, m.get("witness"))
        m["objects"] = object_table(problem["objects"])
        m["statement"] = problem["statement"]
    except Exception:  # noqa: BLE001 - the forger's attempt failed; the mutant is judged as it is
        pass
    return m


def embedded_mutants(cert, others, rng, most):
    """Mutants of the embedded problem (none when the certificate has none)."""
    emb = cert.get("problem")
    if not isinstance(emb, dict) or not isinstance(emb.get("case"), dict):
        return
    doc = emb["case"]
    path = _first_inline_entry(doc)
    if path is not None:
        old = _get(doc, path)
        new = (old + 1) if isinstance(old, int) else 1
        for label, fix in (("", lambda m: m), (", rehashed", _rehash), (", rehashed and re-bound", _rebind)):
            m = copy.deepcopy(cert)
            _set(m["problem"]["case"], path, new)
            yield f"embedded matrix entry {'/'.join(map(str, path))} -> {new}{label}", fix(m)
    params = list(_numbers(doc.get("params"), ("params",)))
    rng.shuffle(params)
    for p in params[:max(1, most // 4)]:
        for new in _bumped(_get(doc, p))[:1]:
            for label, fix in (("", lambda m: m), (", rehashed and re-bound", _rebind)):
                m = copy.deepcopy(cert)
                _set(m["problem"]["case"], p, new)
                yield f"embedded {'/'.join(map(str, p))} -> {new}{label}", fix(m)
                m = copy.deepcopy(cert)
                _set(m["problem"]["case"], p, new)
                _set(m, p, new)  # the certificate's own copy of the params too
                yield f"embedded and certificate {'/'.join(map(str, p))} -> {new}{label}", fix(m)
    if doc.get("expect") is not None:
        for label, fix in (("", lambda m: m), (", rehashed", _rehash), (", rehashed and re-bound", _rebind)):
            m = copy.deepcopy(cert)
            del m["problem"]["case"]["expect"]
            m["expect"] = None
            yield f"embedded expect removed (and the certificate's){label}", fix(m)
    m = copy.deepcopy(cert)
    m["problem"]["case"]["id"] = str(doc.get("id")) + "x"
    yield "embedded id changed", _rehash(m)
    m = copy.deepcopy(cert)
    del m["problem"]
    yield "embedded problem removed", m
    m = copy.deepcopy(cert)
    m["problem"]["sha256"] = "0" * 64
    yield "embedded sha256 changed", m
    m = copy.deepcopy(cert)
    m["problem"]["format"] = "verify-problem/0"
    yield "embedded format changed", m
    for label, edit in (("a file form", lambda d: d.update(let={**(d.get("let") or {}), "Z": {"file": "/etc/passwd"}})),
                        ("a .npy file form", lambda d: d.update(matrix={"file": "../../x.npy"}) if "matrix" in d else
                         d.update(let={"Z": {"file": "x.npy"}})),
                        ("a sweep", lambda d: d.update(sweep={"grid": {"n": [1, 2]}})),
                        ("a float entry", lambda d: _set(d, path, 0.5) if path else d.update(title=0.5))):
        m = copy.deepcopy(cert)
        edit(m["problem"]["case"])
        yield f"embedded problem given {label}", _rehash(m)
    for o in others:
        if isinstance(o.get("problem"), dict):
            m = copy.deepcopy(cert)
            m["problem"] = copy.deepcopy(o["problem"])
            yield f"embedded problem of {(o.get('case') or {}).get('id')}", m
            m = copy.deepcopy(cert)
            m["problem"] = copy.deepcopy(o["problem"])
            m["problem"]["case"]["id"] = (cert.get("case") or {}).get("id")
            yield f"embedded problem of {(o.get('case') or {}).get('id')}, renamed, re-bound", _rebind(m)
            m = copy.deepcopy(cert)
            m["problem"] = copy.deepcopy(o["problem"])
            m["problem"]["case"]["id"] = (cert.get("case") or {}).get("id")
            for k in ("check", "claim", "params", "expect", "witness"):
                m[k] = copy.deepcopy(o.get(k))
            yield (f"embedded problem and definition of {(o.get('case') or {}).get('id')} under these obligations, "
                   "re-bound"), _rebind(m)


def mutants(cert, others, rng, most=12):
    """(label, mutant, rederive) for one certificate: rederive says whether the forger re-derives
    the conclusion with the kernel before presenting the mutant."""
    yield from verdict_mutants(cert)
    groups = [statement_mutants(cert), number_mutants(cert, "obligations", rng, most), name_mutants(cert),
              table_mutants(cert), obligation_mutants(cert), case_mutants(cert, others),
              witness_mutants(cert, others, rng, most), embedded_mutants(cert, others, rng, most)]
    for g in groups:
        for label, m in g:
            yield label, m, True


# ------------------------------------------------------------------------------------ checking
def _problem(cert, case_root, cache, source="auto"):
    """("ok", problem, source record) or ("rejected", reason, None), cached by what defines it."""
    import hashlib

    key = hashlib.sha256(json.dumps([cert.get("case"), cert.get("check"), cert.get("claim"), cert.get("params"),
                                     cert.get("expect"), cert.get("witness"), cert.get("limits"), "problem" in cert,
                                     cert.get("problem")], sort_keys=True, default=str).encode()).hexdigest()
    if key not in cache:
        try:
            got, _, record = resolve_problem(cert, case_root, source)
            cache[key] = ("ok", got, record)
        except (CertificateError, Unreadable, CaseError, Unknown) as e:
            cache[key] = ("rejected", str(e), None)
        except MALFORMED as e:
            cache[key] = ("rejected", f"{type(e).__name__}: {e}", None)
    return cache[key]


def judge_mutant(mutant, rederive, case_root, cache, source="auto"):
    """(accepted, verdict or reason, the source record of the problem it was checked against)."""
    status, problem, record = _problem(mutant, case_root, cache, source)
    if status != "ok":
        return False, problem, None
    try:
        if rederive:  # as a forger would: the conclusion its own statement copy (if any) gives
            forged = dict(problem, statement=mutant["statement"]) if isinstance(mutant.get("statement"), dict) else problem
            try:
                out = derive(forged, mutant.get("obligations"))
                mutant["conclusion"] = {"value": out["value"], "verdict": out["verdict"]}
            except (CertificateError, *MALFORMED):
                pass
        out = check(problem, mutant)
        return True, out["verdict"], record
    except CertificateError as e:
        return False, str(e), None
    except MALFORMED as e:
        return False, f"{type(e).__name__}: {e}", None


def _another_problem(record, cert):
    """Whether the checker took the problem from an embedded problem that is not the original's
    (its hash, which the checker reports, differs): a certificate of another problem."""
    original = (cert.get("problem") or {}).get("sha256") if isinstance(cert.get("problem"), dict) else None
    return bool(record) and record.get("from") == "embedded" and record.get("embedded_sha256") != original


def forge_certificate(path, others, case_root=None, seed=0, most=12, source="auto"):
    """{"mutants": n, "accepted": k, "rebound": j, "failures": [(label, verdict)]} for one
    certificate file (`source` as `verify check --problem`)."""
    with open(path, encoding="utf-8") as f:
        cert = json.load(f)
    original = cert["conclusion"]["verdict"]
    rng = random.Random(f"{seed}:{os.path.basename(path)}")
    cache, n, accepted, rebound, failures = {}, 0, 0, 0, []
    for label, m, rederive in mutants(cert, others, rng, most):
        n += 1
        baseline = m.pop("_forge_baseline", original)  # the true verdict of the case the mutant is about
        ok, verdict, record = judge_mutant(m, rederive, case_root, cache, source)
        if ok:
            accepted += 1
            if _another_problem(record, cert):
                rebound += 1
            elif verdict not in (baseline, Verdict.UNKNOWN):
                failures.append((label, verdict))
    return {"certificate": path, "verdict": original, "mutants": n, "accepted": accepted, "rebound": rebound,
            "failures": failures}


def certificate_files(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            out += sorted(os.path.join(p, n) for n in os.listdir(p) if n.endswith(".cert.json"))
        else:
            out.append(p)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m verify.forge", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="certificate files or directories")
    ap.add_argument("--case-root", help="as for verify check")
    ap.add_argument("--most", type=int, default=12, help="numbers changed per certificate part (default 12)")
    ap.add_argument("--json", action="store_true", help="one JSON line per certificate")
    ap.add_argument("--problem", choices=["auto", "embedded", "case"], default="auto",
                    help="where the checker takes the problem from, as for verify check (default auto)")
    a = ap.parse_args(argv)
    files = certificate_files(a.paths)
    certs = {}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            certs[f] = json.load(fh)
    total = accepted = bad = rebound = 0
    for i, f in enumerate(files):
        others = [certs[files[(i + 1) % len(files)]], certs[files[(i + 7) % len(files)]]] if len(files) > 1 else []
        res = forge_certificate(f, others, a.case_root, most=a.most, source=a.problem)
        total, accepted, bad = total + res["mutants"], accepted + res["accepted"], bad + len(res["failures"])
        rebound += res["rebound"]
        if a.json:
            print(json.dumps(res, default=str), flush=True)
        elif res["failures"]:
            for label, verdict in res["failures"]:
                print(f"FORGED  {f}: {label}: accepted as {verdict} (original {res['verdict']})", flush=True)
    print(f"verify.forge: {len(files)} certificates, {total} mutants, {accepted} accepted "
          f"({rebound} of them re-bound to another embedded problem, named by its hash), "
          f"{bad} accepted with a changed verdict", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
