"""One case's human report, as Markdown and as a self-contained HTML page.

`case_view` turns a result record (CONTRACTS.md section 7) and its certificate (section 3, or None)
into plain data; `render_markdown` and `render_html` print that data.  Nothing is recomputed.
The HTML page makes no network request: inline CSS, no script, MathML for formulas (with a
plain-text fallback), inline SVG for plots, and a Content-Security-Policy that forbids fetching.
"""

import json
import re
from html import escape

from . import mathml, svg, words

NO_CERT = "No certificate was written for this case: nothing was certified, so there is nothing to trust."
SMALL = 12  # matrices up to SMALL x SMALL are shown in full

MAX_OBJECTS = 64       # objects listed on a page (a certificate may name many more)
MAX_PREDICATE = 4000   # characters of a claim predicate shown on a page
MAX_OBLIGATIONS = 200  # obligations described on a page


def rule_counts(rules):
    """"rank_ge, rank_le" or, with repeats, "detbool ×65536, rank_ge ×2" (first-seen order)."""
    counts = {}
    for r in rules:
        counts[r] = counts.get(r, 0) + 1
    return ", ".join(r if n == 1 else f"{r} ×{n}" for r, n in counts.items())

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem;margin:.3rem 0}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ddd}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
pre{background:#f6f6f6;padding:.5rem;overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f2f2f2}td.val{overflow-wrap:anywhere;min-width:8em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
.verdict{display:inline-block;font-size:1.6rem;font-weight:700;padding:.3rem 1rem;border-radius:.4rem;color:#fff}
.badge{display:inline-block;white-space:nowrap;font-weight:700;padding:.05rem .45rem;border-radius:.3rem;color:#fff}
.v-CONFIRMED{background:#1e7d3c}.v-REFUTED{background:#b3261e}.v-COMPUTED{background:#1f5fa8}
.v-UNKNOWN{background:#a86400}.v-ERROR{background:#5a5a5a}
.s-agrees{color:#1e7d3c;font-weight:600}.s-disagrees{color:#b3261e;font-weight:600}
.s-too-close{color:#a86400;font-weight:600}
.reason{border-left:4px solid #a86400;padding:.3rem .7rem;background:#fff8ec}
figure.matrix{margin:.6rem 0;overflow-x:auto}figcaption{font-weight:600}
math{font-family:"STIX Two Math","Latin Modern Math","DejaVu Math TeX Gyre","Cambria Math",math}
math mtd{text-align:right;padding:.1em .45em}
.finding{border:2px solid #ccc;border-radius:.4rem;padding:.2rem 1rem .6rem;margin-top:1rem}
.finding.f-REFUTED{border-color:#b3261e}.finding.f-CONFIRMED{border-color:#1e7d3c}
.finding h2{border:0;margin-top:.8rem}.claim{font-size:1.1rem}
.obl-group>ul{margin:.2rem 0}
table.wide{width:100%;table-layout:fixed}table.wide td,table.wide th{overflow-wrap:anywhere}#cases{font-size:.85rem}
th.sortable{cursor:pointer}th.sortable:after{content:" ↕";color:#999}
svg.plot{max-width:100%;height:auto;border:1px solid #ddd;margin:.4rem 0}
.muted{color:#666}nav a{color:#1f5fa8}
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "script-src {script}; base-uri 'none'; form-action 'none'")


def safe_id(case_id):
    """A file-name-safe form of a case id (valid ids, [A-Za-z0-9._-]+, are unchanged)."""
    s = re.sub(r"[^A-Za-z0-9._-]", "_", str(case_id or ""))
    s = s.lstrip(".")
    return s or "case"


def page_stem(result):
    """The file stem of a case's pages: its id; for an ERROR record without a usable id ("-",
    as the runner writes for a file that could not be split into cases), "error-<file name>",
    the stem the runner gives that record's `.result.json`."""
    cid = result.get("id") if isinstance(result, dict) else None
    if cid in (None, "", "-", "?"):
        f = str((result or {}).get("file") or "")
        base = f.replace("\\", "/").rsplit("/", 1)[-1]
        return "error-" + safe_id(base) if base else "case"
    return safe_id(cid)


def normalise(data):
    """JSON round trip with sorted keys: a record in memory and the same record read back from
    disk (written with or without sort_keys) give the same report, byte for byte (tuples become
    lists, exotic numbers become their str, every mapping is in key order)."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=str, ensure_ascii=False, sort_keys=True))


def jtext(x):
    return json.dumps(x, sort_keys=True, ensure_ascii=False)


def _scalar(x):
    """Text of a cross-check or meta value (floats as Python prints them: deterministic)."""
    if isinstance(x, float):
        return f"{x:.6g}"
    if isinstance(x, (dict, list)):
        return jtext(x)
    return words.scalar_text(x)


CROSS_KEYS = ("backend", "device", "dtype", "library", "status", "rank", "exact_rank", "rank_torch",
              "inertia", "exact_inertia", "det", "exact_det", "tolerance", "gap", "gap_ratio", "margin_orders")
LIST_SHOWN = 8  # lists of numbers up to this length are printed, longer ones summarised
CROSS_DATA = ("singular_values", "eigenvalues")


def _cross_value(k, v):
    """Text of one cross-check field: numbers as %.6g, long lists summarised, windows compact."""
    if isinstance(v, list) and len(v) > LIST_SHOWN:
        return f"{len(v)} values" + (" (plotted)" if k in CROSS_DATA else "")
    if isinstance(v, list):
        return "(" + ", ".join(_scalar(x) for x in v) + ")"
    if isinstance(v, dict) and isinstance(v.get("values"), list):
        first = v.get("first_index", 1)
        vals = v["values"]
        return f"#{first}–{first + len(vals) - 1 if isinstance(first, int) else '?'}: " + ", ".join(
            _scalar(x) for x in vals[:LIST_SHOWN]) + (", …" if len(vals) > LIST_SHOWN else "")
    return _scalar(v)


def _crosscheck_entry(entry, value):
    """Rows (key, text) of one cross-check entry and its plots (SVG strings)."""
    if not isinstance(entry, dict):
        return [("entry", str(entry))], []
    keys = [k for k in CROSS_KEYS if k in entry] + sorted(k for k in entry if k not in CROSS_KEYS)
    rows = [(str(k), _cross_value(k, entry[k])) for k in keys]
    rows = [("backend", backend_label(entry)) if k == "backend" else (k, t) for k, t in rows]
    plots = []
    backend = backend_label(entry)
    where = backend if "emulation" in backend or not entry.get("device") else f"{backend} on {entry['device']}"
    value = value if isinstance(value, dict) else {}
    sv, first = entry.get("singular_values"), 1
    window = entry.get("singular_values_window")
    if not sv and isinstance(window, dict) and window.get("values"):
        sv, first = window["values"], window.get("first_index", 1)
    if sv:
        exact = entry.get("exact_rank")
        if exact is None:
            ranks = value.get("ranks")
            if isinstance(ranks, dict) and entry.get("matrix") in ranks:
                exact = ranks[entry["matrix"]]
            else:
                exact = value.get("rank")
        label = f" of {entry['matrix']}" if isinstance(entry.get("matrix"), str) else ""
        plots.append(svg.singular_values_svg(sv, entry.get("tolerance"), exact,
                                             title=f"singular values{label} ({where})", first_index=first))
    ev, what = entry.get("eigenvalues"), "eigenvalues"
    if not ev and entry.get("smallest_abs_eigenvalues"):
        ev, what = entry["smallest_abs_eigenvalues"], "eigenvalues of smallest magnitude"
    if ev:
        exact = entry.get("exact_inertia") or value.get("inertia")
        plots.append(svg.eigenvalues_svg(ev, entry.get("tolerance"), exact, title=f"{what} ({where})"))
    return rows, [p for p in plots if p]


def _lines(x):
    if not x:
        return []
    if isinstance(x, str):
        return [x]
    return [n if isinstance(n, str) else jtext(n) for n in x] if isinstance(x, list) else [jtext(x)]


def _hash_note(mat, sha):
    """Whether a matrix shown in the report has the content hash the certificate binds it to.
    (The kernel checks the hashes of the rebuilt objects; the entries a certificate carries for
    display are not otherwise checked, so the report says whether they match.)"""
    try:
        from ..kernel.exact import decode_matrix, matrix_hash

        ok = matrix_hash(decode_matrix(mat)) == sha
    except Exception:  # noqa: BLE001 - an undecodable display copy is reported, never fatal
        ok = False
    return "entries match the sha256 in the certificate" if ok else "WARNING: these entries do not match the sha256 in the certificate"


def case_view(result, cert):
    """Plain data for one case report (see module docstring)."""
    result = normalise(result) or {}
    cert = normalise(cert)
    c = cert or {}
    case = c.get("case") if isinstance(c.get("case"), dict) else {}
    check = result.get("check") or c.get("check")
    claim = result.get("claim") or c.get("claim")
    verdict = str(result.get("verdict") or "ERROR")
    value = result.get("value")
    if value is None and cert:
        value = (c.get("conclusion") or {}).get("value")
    view = {
        "id": str(result.get("id") or case.get("id") or "?"),
        "title": str(result.get("title") or ""),
        "source": str(result.get("source") or ""),
        "file": str(result.get("file") or case.get("file") or ""),
        "file_sha256": str(case.get("file_sha256") or ""),
        "check": str(check or ""),
        "check_words": words.CHECK_WORDS.get(check, ""),
        "claim": str(claim or ""),
        "paper": words.paper_of({"claim": claim, "source": result.get("source")})[1],
        "expect": result.get("expect") if result.get("expect") is not None else c.get("expect"),
        "expect_words": words.expect_text(result, cert),
        "verdict": verdict if verdict in words.VERDICTS else "ERROR",
        "verdict_raw": verdict,
        "verdict_meaning": words.VERDICT_MEANING.get(verdict, "unrecognised verdict"),
        "value": value,
        "value_words": words.value_text(value, limit=200),
        "seconds": result.get("seconds"),
        "reason": str(result.get("reason") or ""),
        "checked": [str(x) for x in (result.get("checked") or [])],
        "params": result.get("params") if result.get("params") else c.get("params") or {},
        "witness": c.get("witness"),
        "notes": _lines(result.get("notes")),
        "trusted": words.trusted_base(result, cert),
        "stem": page_stem(result if result.get("id") else {**result, "id": case.get("id")}),
    }
    view["cert_file"] = view["stem"] + ".cert.json" if cert else ""
    obligations = []
    all_obligations = c.get("obligations") or []
    view["obligations_more"] = max(0, len(all_obligations) - MAX_OBLIGATIONS)
    for ob in all_obligations[:MAX_OBLIGATIONS]:
        mats = [(lab, m) for lab, m in words.obligation_matrices(ob)]
        obligations.append((words.obligation_text(ob, cert), mats))
    view["obligations"] = obligations
    view["obligation_groups"] = words.group_obligations(
        [(t, str(ob.get("rule", "?")) if isinstance(ob, dict) else "?")
         for (t, _), ob in zip(obligations, all_obligations)])
    concl = c.get("conclusion") if isinstance(c.get("conclusion"), dict) else {}
    view["predicate"] = words.short(words.expr_text(concl["predicate"]), MAX_PREDICATE) \
        if concl.get("predicate") is not None else ""
    reports = []
    rep = concl.get("report") if isinstance(concl.get("report"), dict) else {}
    for name, expr in rep.items():
        got = value.get(name) if isinstance(value, dict) else None
        reports.append((str(name), words.expr_text(expr), words.value_text(got) if got is not None else "—"))
    view["reports"] = reports
    objects = []
    objs = c.get("objects") if isinstance(c.get("objects"), dict) else {}
    view["objects_more"] = max(0, len(objs) - MAX_OBJECTS)
    for name in sorted(objs)[:MAX_OBJECTS]:
        o = objs[name] if isinstance(objs[name], dict) else {}
        mat = next((o[k] for k in ("matrix", "value", "data") if words.is_matrix(o.get(k))), None)
        if mat is None and words.is_matrix(o):
            mat = {"shape": o["shape"], "rows": o["rows"]}
        shown = mat if mathml.small(mat, SMALL) else None
        objects.append((str(name), words.shape_text(o.get("shape")), str(o.get("kind") or ""),
                        str(o.get("sha256") or ""), shown, _hash_note(shown, o.get("sha256")) if shown else ""))
    view["objects"] = objects
    meta = c.get("meta") if isinstance(c.get("meta"), dict) else {}
    view["engine"] = _scalar(meta.get("engine")) if meta.get("engine") is not None else ""
    view["created_by"] = _scalar(meta.get("created_by")) if meta.get("created_by") is not None else ""
    view["versions"] = [(str(k), _scalar(v)) for k, v in sorted((meta.get("versions") or {}).items())]
    secs = meta.get("seconds") or {}
    view["timings"] = [(str(k), _scalar(v)) for k, v in sorted(secs.items())] if isinstance(secs, dict) else []
    view["meta_other"] = [(str(k), _scalar(meta[k])) for k in sorted(meta)
                          if k not in ("engine", "created_by", "versions", "seconds")]
    entries = [e for e in (result.get("crosscheck") or [])]
    view["crosscheck"] = [_crosscheck_entry(e, value) for e in entries]
    view["cross_words"] = [cross_sentence(e) for e in entries]
    view["counterexample"] = _counterexample(view) if verdict == "REFUTED" else []
    return view


EMULATED = "numpy emulation, no GPU"


def backend_label(entry):
    """The column name of a cross-check entry: its backend, and "numpy emulation, no GPU" when the
    "gpu" backend ran on a machine without one (it is then numpy on the CPU, not a GPU)."""
    if not isinstance(entry, dict):
        return "float"
    name = str(entry.get("backend") or entry.get("name") or "float")
    dev = str(entry.get("device") or "")
    if name == "gpu" and ("no GPU" in dev or "emulation" in dev):
        return f"gpu ({EMULATED})"
    return name


# cross-check field -> words (CASES.md, crosscheck entries); unknown fields get their underscores
# replaced by spaces, so no raw field name reaches a page.
FIELD_WORDS = {
    "backend": "backend", "device": "device", "dtype": "number type", "library": "library",
    "status": "compared with the exact answer", "rank": "float rank (with the tolerance)",
    "exact_rank": "exact rank", "rank_torch": "float rank by the torch rule",
    "rank_torch_source": "how the torch rank was obtained", "inertia": "float inertia (with the tolerance)",
    "exact_inertia": "exact inertia", "inertia_no_tolerance": "float inertia from plain eigenvalue signs",
    "near_tolerance": "eigenvalues within the tolerance of 0", "det": "float determinant",
    "exact_det": "exact determinant", "tolerance": "float tolerance", "tolerance_rule": "tolerance rule",
    "tolerance_torch": "torch tolerance", "tolerance_torch_rule": "torch tolerance rule",
    "gap": "gap", "gap_ratio": "gap ratio σᵣ / σᵣ₊₁", "margin_orders": "margin (orders of magnitude)",
    "sigma_max": "largest singular value", "sigma_r": "σᵣ (r = exact rank)", "sigma_r_plus_1": "σᵣ₊₁",
    "singular_values": "singular values", "singular_values_window": "singular values around the gap",
    "eigenvalues": "eigenvalues", "smallest_abs_eigenvalues": "eigenvalues of smallest magnitude",
    "max_eigenvalue": "largest eigenvalue", "min_eigenvalue": "smallest eigenvalue",
    "object": "matrix", "matrix": "matrix", "shape": "shape", "check": "check", "seconds": "seconds",
    "note": "note", "skipped": "skipped", "log10_abs_det": "log₁₀ |det| (float)",
    "exact_log10_abs_det": "log₁₀ |det| (exact)", "rel_error": "relative error of the float determinant",
    "rel_error_method": "how the relative error was computed", "sign_correct": "sign of det correct",
    "slogdet": "slogdet (sign, log |det|)", "zero_mismatch": "float and exact disagree on det = 0",
}
STATUS_WORDS = {"agrees": "agrees with the exact answer", "disagrees": "disagrees with the exact answer",
                "too-close": "too close to call (the float answer depends on the tolerance)"}


def field_label(key):
    return FIELD_WORDS.get(key, str(key).replace("_", " "))


def _tuple_text(x):
    return "(" + ", ".join(map(str, x)) + ")" if isinstance(x, list) else _scalar(x)


def cross_sentence(e):
    """One sentence saying what a float computation saw and how it compares with the exact answer."""
    if not isinstance(e, dict):
        return str(e)
    who = backend_label(e)
    lib = f" ({e['library']}, {e.get('dtype') or 'float'})" if e.get("library") else ""
    if e.get("skipped"):
        return f"{who}{lib}: not run: {e['skipped']}."
    status = STATUS_WORDS.get(str(e.get("status")), str(e.get("status") or "no comparison"))
    tol = f" with tolerance {_scalar(e['tolerance'])}" if isinstance(e.get("tolerance"), (int, float)) else ""
    if "exact_rank" in e or ("rank" in e and "inertia" not in e):
        seen = f"finds rank {_scalar(e.get('rank'))}{tol}; the exact rank is {_scalar(e.get('exact_rank'))}"
    elif "inertia" in e:
        seen = (f"finds inertia {_tuple_text(e.get('inertia'))}{tol} (plain eigenvalue signs give "
                f"{_tuple_text(e.get('inertia_no_tolerance'))}); the exact inertia is "
                f"{_tuple_text(e.get('exact_inertia'))}")
    elif "det" in e:
        seen = f"finds det ≈ {_scalar(e.get('det'))}; the exact determinant is {words.short(e.get('exact_det'))}"
    else:
        seen = "ran"
    return f"{who}{lib} {seen}: {status}."


def _counterexample(v):
    """[(label, matrix)] of a REFUTED case: the witness, else the small objects of the instance."""
    wit = v["witness"]
    if mathml.small(wit, SMALL):
        return [("witness", wit)]
    if isinstance(wit, dict):
        mats = [(f"witness {k}", m) for k, m in sorted(wit.items()) if mathml.small(m, SMALL)]
        if mats:
            return mats
    return [(f"object {n}: {note}", m) for n, _, _, _, m, note in v["objects"] if m is not None]


# ------------------------------------------------------------------------------ Markdown
def md(text):
    """Escape text for Markdown: no raw HTML, no accidental emphasis, links or table cells."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)
    return text.replace("\n", " ")


def code(text):
    """A Markdown code span that survives backticks in the text (CommonMark: a longer fence)."""
    text = str(text).replace("\n", " ")
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if run or text.startswith(" ") or text.endswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _seconds(x):
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return f"{x:.3f}"
    return "—" if x is None else str(x)


HOLDS = {"CONFIRMED": "The statement holds on this instance",
         "REFUTED": "The statement is false on this instance",
         "COMPUTED": "Computed (no statement was given)",
         "UNKNOWN": "Undecided: neither the statement nor its negation was certified",
         "ERROR": "Not run: the case is malformed or could not be run"}
INDICES = "Indices are 1-based, as in the papers."


def finding_parts(v):
    """(claim, what-holds sentence, why lines): the lead of a page, in that order."""
    claim = v["title"] or v["expect_words"] or v["id"]
    holds = HOLDS.get(v["verdict"], v["verdict_meaning"])
    if v["value"] is not None:
        holds += f": {v['value_words']}"
    elif v["reason"]:
        holds += f": {v['reason']}"
    return claim, holds + ".", v["notes"]


def render_markdown(v):
    claim, holds, why = finding_parts(v)
    out = [f"# {md(mathml.plain_tex(v['title'] or v['id']))}", "",
           f"Case {code(v['id'])}: **{v['verdict_raw']}**: {md(v['verdict_meaning'])}.", "",
           "## Finding", "",
           f"- the claim: {md(mathml.plain_tex(claim))}"
           + (f" ({md(v['source'])}" + (f", {md(v['paper'])}" if v["paper"] != "other" else "") + ")"
              if v["source"] else ""),
           f"- what holds: **{md(holds)}**"]
    if v["counterexample"]:
        out.append("- counterexample (the instance the certificate is about):")
        for label, m in v["counterexample"]:
            out += ["", f"  {md(label)} ({words.shape_text(m['shape'])}):", "", "  ```text",
                    words.matrix_text(m, "  "), "  ```"]
        out.append("")
    if why:
        out.append("- why:" if v["verdict"] == "REFUTED" else "- notes:")
        out += [f"  - {md(n)}" for n in why]
    if v["reason"] and v["value"] is not None:
        out.append(f"- reason: {md(v['reason'])}")
    if v["cert_file"]:
        out.append(f"- certificate: [{md(v['cert_file'])}]({v['cert_file']})")
    if v["obligation_groups"]:
        out += ["", "## What the checker verified", ""]
        k = 0
        for head, lines in v["obligation_groups"]:
            k += 1
            if head is None:
                out.append(f"{k}. {md(lines[0])}")
            else:
                out.append(f"{k}. {md(head)}:")
                out += [f"    - {md(t)}" for t in lines]
        if v["obligations_more"]:
            out.append(f"{k + 1}. … and {v['obligations_more']} more (in the certificate)")
        out += ["", INDICES]
        if v["checked"]:
            out.append(f"Rules accepted by the kernel: {md(rule_counts(v['checked']))}.")
    if v["crosscheck"]:
        out += ["", "## Float cross-check (never part of the verdict)", ""]
        out += [f"- {md(t)}" for t in v["cross_words"]]
        keys, cols = _cross_keys(v["crosscheck"])
        keys = [k for k in keys if k != "backend"]
        out += ["", "| | " + " | ".join(md(d.get("backend", f"entry {i}")) for i, d in enumerate(cols, 1)) + " |"]
        out.append("|---|" + "---|" * len(cols))
        out += [f"| {md(field_label(k))} | " + " | ".join(md(d.get(k, "")) for d in cols) + " |" for k in keys]
    out += ["", "## Statement", "",
            f"- title: {md(mathml.plain_tex(v['title'])) or '—'}",
            f"- source: {md(v['source']) or '—'}" + (f" ({md(v['paper'])})" if v["paper"] != "other" else ""),
            f"- check: {code(v['check'] or '—')}" + (f" ({md(v['check_words'])})" if v["check_words"] else "")]
    if v["claim"]:
        out.append(f"- claim: {code(v['claim'])}")
    if v["file"]:
        out.append(f"- case file: {code(v['file'])}")
    if v["params"]:
        out.append(f"- params: {code(jtext(v['params']))}")
    out.append(f"- statement: {md(v['expect_words'])}")
    out += ["", "## Result", "", f"- verdict: **{v['verdict_raw']}**", f"- value: {md(v['value_words'])}"]
    if v["value"] is not None:
        out.append(f"- value (JSON): {code(jtext(v['value']))}")
    out.append(f"- seconds: {_seconds(v['seconds'])}")
    if v["reason"]:
        out.append(f"- reason: {md(v['reason'])}")
    if v["predicate"]:
        out += ["", "## Claim predicate", "", f"- predicate: {md(v['predicate'])}"]
        out += [f"- {md(name)} = {md(expr)}: {md(val)}" for name, expr, val in v["reports"]]
    if v["objects"]:
        out += ["", "## Objects", "", "| name | shape | kind | sha256 |", "|---|---|---|---|"]
        out += [f"| {md(n)} | {md(s)} | {md(k)} | {code(h)} |" for n, s, k, h, _, _ in v["objects"]]
        if v["objects_more"]:
            out += ["", f"… and {v['objects_more']} more objects (listed in the certificate)."]
    mats = _other_matrices(v)
    if mats:
        out += ["", "## Matrices", ""]
        for label, m in mats:
            out += [f"{md(label)} ({words.shape_text(m['shape'])}):", "", "```text",
                    words.matrix_text(m), "```", ""]
        if out[-1] == "":
            out.pop()
    if _witness_rest(v["witness"]) is not None:
        out += ["", "## Witness", "", f"{code(words.short(jtext(_witness_rest(v['witness'])), 400))}"]
    out += ["", "## Trusted base", ""]
    if v["cert_file"]:
        out += ["To trust this verdict a reader must trust:", ""] + [f"- {md(t)}" for t in v["trusted"]]
        out += ["", "Engines, the pipeline, the cross-check and this report are not part of the trusted base."]
    else:
        out.append(NO_CERT)
    if v["engine"] or v["versions"] or v["timings"] or v["created_by"]:
        out += ["", "## Versions and timings", ""]
        if v["engine"]:
            out.append(f"- engine: {md(v['engine'])}")
        if v["created_by"]:
            out.append(f"- created by: {md(v['created_by'])}")
        out += [f"- {md(k)}: {md(t)}" for k, t in v["versions"] + v["meta_other"]]
        out += [f"- seconds, {md(k)}: {md(t)}" for k, t in v["timings"]]
    return "\n".join(out) + "\n"


def _other_matrices(v):
    """The matrices not already shown as the counterexample."""
    shown = {lab for lab, _ in v["counterexample"]}
    return [(lab, m) for lab, m in _all_matrices(v) if lab not in shown]


def _all_matrices(v):
    """[(label, matrix)] shown in full: small objects, small obligation matrices, a small witness."""
    out = [(f"object {n}: {note}", m) for n, _, _, _, m, note in v["objects"] if m is not None]
    for i, (_, mats) in enumerate(v["obligations"], 1):
        out += [(f"obligation {i}: {lab}", m) for lab, m in mats if mathml.small(m, SMALL)]
    wit = v["witness"]
    if mathml.small(wit, SMALL):
        out.append(("witness", wit))
    elif isinstance(wit, dict):
        out += [(f"witness {k}", m) for k, m in sorted(wit.items()) if mathml.small(m, SMALL)]
    return out


def _witness_rest(wit):
    """The part of a witness not shown as a matrix (None when nothing is left)."""
    if wit is None or words.is_matrix(wit):
        return None
    if isinstance(wit, dict):
        rest = {k: m for k, m in wit.items() if not mathml.small(m, SMALL)}
        return rest or None
    return wit


# ------------------------------------------------------------------------------ HTML
def h(text):
    return escape(str(text), quote=True)


def page(title, body, script=""):
    """A complete self-contained HTML document."""
    csp = CSP.format(script="'unsafe-inline'" if script else "'none'")
    tail = f"<script>{script}</script>" if script else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{h(csp)}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{h(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n{tail}</body></html>\n")


def _dl(pairs):
    return "<dl>" + "".join(f"<dt>{h(k)}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>"


def _table(header, rows):
    head = "".join(f"<th>{h(x)}</th>" for x in header)
    body = "".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cross_keys(entries):
    """(keys, columns): every field any entry has (known fields first), one dict per entry."""
    keys = []
    for rows, _ in entries:
        keys += [k for k, _ in rows if k not in keys]
    known = [k for k in CROSS_KEYS if k in keys]
    return known + sorted(k for k in keys if k not in known), [dict(rows) for rows, _ in entries]


def _cross_table(entries):
    """One column per cross-check entry (backend), one row per field that any entry has."""
    keys, cols = _cross_keys(entries)
    body = []
    for k in keys:
        if k == "backend":
            continue
        cells = [h(field_label(k))]
        for d in cols:
            t = d.get(k, "")
            cls = f' class="s-{h(t)}"' if k == "status" and t in ("agrees", "disagrees", "too-close") else ""
            cells.append(f"<span{cls}>{h(t)}</span>" if cls else h(t))
        body.append(cells)
    header = [""] + [d.get("backend", f"entry {i}") for i, d in enumerate(cols, 1)]
    return _table(header, body)


def _mat_name(label):
    """Short symbol for a matrix caption: "object M" -> M, "obligation 2: N (kernel basis)" -> N."""
    if label.startswith("object "):
        return label[len("object "):].split(":")[0]
    return label.split(":")[-1].strip().split(" ")[0]


def render_html(v):
    vd = v["verdict"]
    claim, holds, why = finding_parts(v)
    src = ""
    if v["source"]:
        src = (f' <span class="muted">({h(v["source"])}'
               + (f", {h(v['paper'])}" if v["paper"] != "other" else "") + ")</span>")
    b = ['<nav><a href="index.html">← all cases</a></nav>',
         f"<header><h1>{mathml.text_with_math(v['title'] or v['id'])}</h1>",
         f'<p class="mono">{h(v["id"])}</p></header>',
         f'<section class="finding f-{vd}" id="finding"><h2>Finding</h2>',
         f'<p class="claim"><strong>The claim:</strong> {mathml.text_with_math(claim)}{src}</p>',
         f'<p><span class="verdict v-{vd}">{h(v["verdict_raw"])}</span></p>',
         f'<p id="holds"><strong>{h(holds)}</strong> <span class="muted">({h(v["verdict_meaning"])}.)</span></p>']
    if v["counterexample"]:
        b.append('<div id="counterexample"><h3>Counterexample</h3>')
        b += [mathml.matrix_block(_mat_name(lab), m, f"{lab} ({words.shape_text(m['shape'])})")
              for lab, m in v["counterexample"]]
        b.append("</div>")
    if why:
        b.append(f'<div id="why"><h3>{"Why it refutes" if vd == "REFUTED" else "Notes"}</h3><ul>'
                 + "".join(f"<li>{mathml.text_with_math(n)}</li>" for n in why) + "</ul></div>")
    if v["reason"]:
        b.append(f'<p class="reason"><strong>Reason:</strong> {h(v["reason"])}</p>')
    if v["cert_file"]:
        b.append(f'<p>Certificate: <a href="{h(v["cert_file"])}">{h(v["cert_file"])}</a></p>')
    b.append("</section>")
    if v["obligation_groups"]:
        b.append('<section id="verified"><h2>What the checker verified</h2><ol>')
        for head, lines in v["obligation_groups"]:
            if head is None:
                b.append(f"<li>{h(lines[0])}</li>")
            else:
                b.append(f'<li class="obl-group">{h(head)}:<ul>' + "".join(f"<li>{h(t)}</li>" for t in lines)
                         + "</ul></li>")
        if v["obligations_more"]:
            b.append(f"<li>… and {v['obligations_more']} more (in the certificate)</li>")
        b.append(f'</ol><p class="muted">{INDICES}')
        if v["checked"]:
            b.append(f" Rules accepted by the kernel: {h(rule_counts(v['checked']))}.")
        b.append("</p></section>")
    if v["crosscheck"]:
        b.append('<section id="crosscheck"><h2>Float cross-check</h2><p class="muted">What a float computation '
                 "sees; never part of the verdict.</p><ul>")
        b += [f"<li>{h(t)}</li>" for t in v["cross_words"]]
        b.append("</ul>")
        b.append(_cross_table(v["crosscheck"]))
        for _, plots in v["crosscheck"]:
            b += plots
        b.append("</section>")
    st = [("title", mathml.text_with_math(v["title"]) or "—"),
          ("source", (h(v["source"]) or "—") + (f' <span class="muted">({h(v["paper"])})</span>'
                                                if v["paper"] != "other" else "")),
          ("check", f"<code>{h(v['check']) or '—'}</code>" + (f" ({h(v['check_words'])})" if v["check_words"] else ""))]
    if v["claim"]:
        st.append(("claim", f"<code>{h(v['claim'])}</code>"))
    if v["file"]:
        st.append(("case file", f"<code>{h(v['file'])}</code>"
                   + (f' <span class="muted mono">sha256 {h(v["file_sha256"])}</span>' if v["file_sha256"] else "")))
    if v["params"]:
        st.append(("params", f"<code>{h(jtext(v['params']))}</code>"))
    st.append(("statement", h(v["expect_words"])))
    b += ["<section><h2>Statement</h2>", _dl(st), "</section>"]
    res = [("verdict", f'<span class="badge v-{vd}">{h(v["verdict_raw"])}</span>'),
           ("value", f"<strong>{h(v['value_words'])}</strong>")]
    if v["value"] is not None:
        res.append(("value (JSON)", f"<code>{h(jtext(v['value']))}</code>"))
    res.append(("seconds", h(_seconds(v["seconds"]))))
    b += ["<section><h2>Result</h2>", _dl(res), "</section>"]
    if v["predicate"]:
        b += ["<section><h2>Claim predicate</h2>", f"<p><code>{h(v['predicate'])}</code></p>"]
        if v["reports"]:
            b.append(_table(["name", "expression", "value"],
                            [(h(n), f"<code>{h(e)}</code>", h(val)) for n, e, val in v["reports"]]))
        b.append("</section>")
    if v["objects"]:
        b += ["<section><h2>Objects</h2>",
              _table(["name", "shape", "kind", "sha256"],
                     [(h(n), h(s), h(k), f'<span class="mono">{h(x)}</span>') for n, s, k, x, _, _ in v["objects"]]),
              f"<p>… and {v['objects_more']} more objects (listed in the certificate).</p>" if v["objects_more"] else "",
              "</section>"]
    mats = _other_matrices(v)
    if mats:
        b.append("<section><h2>Matrices</h2>")
        b += [mathml.matrix_block(_mat_name(lab), m, f"{lab} ({words.shape_text(m['shape'])})") for lab, m in mats]
        b.append("</section>")
    if _witness_rest(v["witness"]) is not None:
        rest = jtext(_witness_rest(v["witness"]))
        b.append(f"<section><h2>Witness</h2><pre>{h(words.short(rest, 2000))}</pre></section>")
    if v["cert_file"]:
        b += ["<section><h2>Trusted base</h2><p>To trust this verdict a reader must trust:</p><ul>"]
        b += [f"<li>{h(t)}</li>" for t in v["trusted"]]
        b.append("</ul><p class=\"muted\">Engines, the pipeline, the cross-check and this report are not part "
                 "of the trusted base.</p></section>")
    else:
        b.append(f"<section><h2>Trusted base</h2><p>{h(NO_CERT)}</p></section>")
    if v["engine"] or v["versions"] or v["timings"] or v["created_by"]:
        rows = []
        if v["engine"]:
            rows.append(("engine", h(v["engine"])))
        if v["created_by"]:
            rows.append(("created by", h(v["created_by"])))
        rows += [(k, h(t)) for k, t in v["versions"] + v["meta_other"]]
        rows += [(f"seconds, {k}", h(t)) for k, t in v["timings"]]
        b += ["<section><h2>Versions and timings</h2>", _dl(rows), "</section>"]
    return page(f"{v['id']}: {v['verdict_raw']}", "\n".join(b))
