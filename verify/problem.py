"""The problem a case poses, built by trusted code only: its exact objects (the check kind's
`build`, through the case loader) and its statement (the check kind's `statement`).

Both `verify run` (the pipeline) and `verify check` (the checker) derive the problem here, so a
certificate is always checked against what the case says, never against what the certificate
says.  Nothing here imports an engine or a proof.

**Embedded problems** (standalone certificates).  A certificate may carry the case it was made for,

    "problem": {"format": "verify-problem/1", "case": CASE, "sha256": HEX}

where CASE is the case mapping exactly as in a case file, except that every `{file: PATH}` form is
replaced by its data inlined as an exact matrix (a list of rows of integers and "p/q" strings),
and HEX is the SHA-256 of CASE's canonical JSON (sorted keys, no spaces, UTF-8).  The checker
treats CASE as untrusted data: `embedded_case` validates it with the same loader as a case file
(`verify.cases.cases_from_document`: exact numbers only, no float, no code, the loader's own
messages) after refusing anything a case file could not hold (non-JSON values, floats, `file`
forms, sweeps); the objects are then built by the check kind's trusted `build` and the statement by
its trusted `statement`, exactly as from a file.  What binds the certificate to the embedded problem
is the kernel's object table (every object's content hash); the problem's own hash names it in the
checker's output.  Large integer inline matrices (at least `sources.ARRAY_THRESHOLD` entries) are
written by trusted code to a private temporary `.npy` file and read back by the loader's `.npy`
reader, so that they are held as the same `IntArrayMatrix` as when read from the original file.
"""

import contextlib
import hashlib
import json
import os

from . import checks

PROBLEM_FORMAT = "verify-problem/1"
EMBED_MAX_ENTRIES = 1_000_000     # `verify run`: file data inlined into a certificate up to this many entries
EMBED_MAX_BYTES = 16 << 20        # ... and an embedded case of at most this many bytes of JSON
MATRIX_KEYS = ("matrix", "rhs", "A", "B", "C")  # top-level keys that hold matrix forms (besides `let`)
EMBEDDED_FILE = "<embedded problem>"
BYTES_PER_ENTRY = 64              # memory budget per matrix entry for the default size limit
MIN_DEFAULT_ENTRIES = 4_000_000
MAX_DEFAULT_ENTRIES = 1 << 31


def available_memory():
    """Bytes of memory available to this process (MemAvailable, capped by a cgroup limit), or None."""
    avail = None
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    if avail is None:
        try:
            avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            avail = None
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            with open(limit_file, encoding="ascii") as f:
                text = f.read().strip()
            if text == "max":
                continue
            with open(usage_file, encoding="ascii") as f:
                free = int(text) - int(f.read().strip())
            if free > 0 and (avail is None or free < avail):
                avail = free
        except (OSError, ValueError):
            continue
    return avail


def default_max_entries():
    """The default size limit (entries of the largest matrix a case may build): the memory available
    when this module is imported, at `BYTES_PER_ENTRY` bytes per entry, rounded down to a power of
    two (so that runs on one machine record the same limit in their certificates), and at least
    4,000,000 (a 4096 x 4096 integer matrix needs between 1.1 and 2.2 GB available).
    `VERIFY_MAX_ENTRIES` overrides it."""
    env = os.environ.get("VERIFY_MAX_ENTRIES", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    avail = available_memory()
    if not avail or avail // BYTES_PER_ENTRY < 1:
        return MIN_DEFAULT_ENTRIES
    entries = 1 << ((avail // BYTES_PER_ENTRY).bit_length() - 1)
    return max(MIN_DEFAULT_ENTRIES, min(MAX_DEFAULT_ENTRIES, entries))


DEFAULT_LIMITS = {"max_entries": default_max_entries(), "timeout": 600.0}


def case_params(case):
    """The parameters that define a case's problem besides its matrices (JSON)."""
    return json.loads(json.dumps(checks.kind(case.check).params(case), sort_keys=True))


def build_problem(case, limits=None, witness=None):
    """{"objects": {name: Matrix}, "statement": ...} of a case; `witness` only where the case's
    statement quantifies over one (the check kind's `build` refuses it elsewhere)."""
    from .cases import build_objects

    if witness is not None and not getattr(checks.kind(case.check), "TAKES_WITNESS", False):
        from .errors import CertificateError

        raise CertificateError("witness", f"check {case.check} is about the objects the case defines: it takes no "
                                          "witness")
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    objects = build_objects(case, max_entries=limits["max_entries"], witness=witness)
    return {"objects": objects, "statement": checks.kind(case.check).statement(case, objects)}


def seed_of(case, objects):
    """Fiat-Shamir seed: a hash of everything that defines the problem (primes and points derived
    from it cannot be chosen after the fact)."""
    h = hashlib.sha256(f"verify-seed/1 {case.id} {case.check}\n".encode())
    h.update(json.dumps(case_params(case), sort_keys=True).encode())
    for name in sorted(objects):
        h.update(f"{name} {objects[name].content_hash()}\n".encode())
    return h.digest()


def object_table(objects, show_up_to=12, show_at_most=64):
    """The certificate's `objects` table: shape, content hash and kind of each object; matrices up
    to `show_up_to` x `show_up_to` are copied in full for readers when there are at most
    `show_at_most` objects (the checker compares such a copy with the object)."""
    from .kernel.exact import encode_matrix

    out = {}
    for n, M in sorted(objects.items()):
        out[n] = {"shape": [M.nrows, M.ncols], "sha256": M.content_hash(), "kind": "polynomial" if M.is_polynomial() else "integer" if M.is_integer() else "rational"}
        if len(objects) <= show_at_most and M.nrows <= show_up_to and M.ncols <= show_up_to:
            out[n]["matrix"] = encode_matrix(M)
    return out


def file_sha256(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


# ------------------------------------------------------------------------------------ embedding
_PLAIN_TYPES = {int, str, bool, type(None)}


class NotEmbeddable(Exception):
    """The case cannot (or, within the size limits, will not) be embedded; the message says why."""


def canonical_json(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def problem_sha256(case_doc):
    return hashlib.sha256(canonical_json(case_doc).encode("utf-8")).hexdigest()


def plain(value, where="case", depth=0):
    """A JSON-plain copy of case data (dict with text keys, list, text, int, bool, None); anything
    else (a float, a date, an object) raises NotEmbeddable naming where it is."""
    if depth > 200:
        raise NotEmbeddable(f"{where}: nested too deeply")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise NotEmbeddable(f"{where}: a key {k!r} is not text")
            out[str(k)] = plain(v, f"{where}.{k}", depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        if value and all(type(r) is list and set(map(type, r)) <= _PLAIN_TYPES for r in value):
            return [list(r) for r in value]  # rows of plain entries (the common case, without a call per entry)
        return [plain(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
    raise NotEmbeddable(f"{where}: {type(value).__name__} is not plain case data")


def rows_form(M):
    """The inline case-file form (a list of rows) of an exact matrix: ints, "p/q" text, and
    polynomial text (`Poly.to_text`, which the case grammar parses back to the same polynomial)."""
    from .kernel.exact import norm, scalar_text
    from .kernel.poly import Poly

    if hasattr(M, "array"):  # an IntArrayMatrix: its int64 array
        return M.array.tolist()

    def entry(x):
        x = norm(x)
        if isinstance(x, int):
            return x
        return x.to_text() if isinstance(x, Poly) else scalar_text(x)

    return [list(r) if set(map(type, r)) <= {int} else [entry(x) for x in r] for r in M.rows]


def _map_forms(doc, fn):
    """Apply `fn(form, key) -> form` to every matrix form of a case mapping (recursively, leaves
    first are not visited: `fn` sees each mapping form and decides)."""
    def walk(form, key, depth=0):
        if depth > 200:
            raise NotEmbeddable(f"{key}: nested too deeply")
        if isinstance(form, dict):
            form = fn(form, key)
            if isinstance(form, dict):
                return {k: (walk(v, f"{key}.{k}", depth + 1) if isinstance(v, (dict, list)) else v)
                        for k, v in form.items()}
            return form
        if isinstance(form, list):
            if form and all(isinstance(r, list) and not any(isinstance(x, (dict, list)) for x in r) for r in form):
                return form  # rows of entries
            return [walk(v, f"{key}[{i}]", depth + 1) for i, v in enumerate(form)]
        return form

    out = dict(doc)
    for k in MATRIX_KEYS:
        if k in out:
            out[k] = walk(out[k], k)
    if isinstance(out.get("let"), dict):
        out["let"] = {n: walk(v, f"let.{n}") for n, v in out["let"].items()}
    return out


def embed_case(case, *, max_entries=EMBED_MAX_ENTRIES, max_bytes=EMBED_MAX_BYTES):
    """The embedded problem of a loaded case ({"format", "case", "sha256"}): its mapping as read,
    with every `{file: ...}` form replaced by the file's data as an exact inline matrix (read by the
    loader's own readers).  `max_entries` bounds the inlined file data, `max_bytes` the JSON
    (None: no bound); beyond them, or for data a case mapping cannot hold, NotEmbeddable."""
    from .cases import sources
    from .cases.numbers import InputError
    from .errors import Unknown

    doc = plain(case.raw)
    doc.pop("sweep", None)
    doc.pop("sweep_of", None)
    budget = [max_entries if max_entries is not None else float("inf")]

    def inline(form, key):
        if "file" not in form:
            return form
        try:
            M = sources.file_source(form["file"], case.base_dir, budget[0], **_file_options(form))
        except Unknown:
            raise NotEmbeddable(f"the data of {key} is larger than the {max_entries} entries embedded by default "
                                "(verify run --embed embeds it anyway)") from None
        except InputError as e:
            raise NotEmbeddable(f"{key}: {e.message}") from None
        budget[0] -= M.nrows * M.ncols
        return rows_form(M)

    doc = _map_forms(doc, inline)
    try:
        _refuse(doc)  # what the checker would refuse is not embedded
    except EmbeddedProblemError as e:
        raise NotEmbeddable(str(e)) from None
    text = canonical_json(doc)
    if max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        raise NotEmbeddable(f"the case would take {len(text.encode('utf-8'))} bytes, beyond {max_bytes}")
    return {"format": PROBLEM_FORMAT, "case": doc, "sha256": problem_sha256(doc)}


def _file_options(form):
    """Options of a `{file: ...}` form that its reader takes (`exact_floats` for `.npy`)."""
    return {"exact_floats": True} if form.get("exact_floats") is True else {}


def embedded_from_document(doc):
    """The embedded problem of a case mapping made in Python (inline matrices only)."""
    doc = plain(doc)
    return {"format": PROBLEM_FORMAT, "case": doc, "sha256": problem_sha256(doc)}


class EmbeddedProblemError(ValueError):
    """An embedded problem that is not a valid case (the message says why)."""


def _refuse(doc, where="case", depth=0, in_params=False):
    """What a case file could not hold, or an embedded problem may not: floats, non-JSON values,
    `file` forms (an embedded problem reads no file)."""
    if depth > 200:
        raise EmbeddedProblemError(f"{where}: nested too deeply")
    if isinstance(doc, float):
        raise EmbeddedProblemError(f"{where}: the inexact number {doc!r} (exact numbers only: integers and "
                                   "\"p/q\" strings)")
    if isinstance(doc, dict):
        if "file" in doc and not in_params:
            raise EmbeddedProblemError(f"{where}: a file form; an embedded problem holds its data inline and "
                                       "reads no file")
        for k, v in doc.items():
            if not isinstance(k, str):
                raise EmbeddedProblemError(f"{where}: a key that is not text")
            _refuse(v, f"{where}.{k}", depth + 1, in_params or (depth == 0 and k == "params"))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            if isinstance(v, list):  # a row (or an inline matrix): check its entries without recursing per entry
                if set(map(type, v)) <= _PLAIN_TYPES:
                    continue
                for j, x in enumerate(v):
                    if x is not None and not isinstance(x, (str, int)):
                        _refuse(x, f"{where}[{i}][{j}]", depth + 2, in_params)
            elif v is not None and not isinstance(v, (str, int)):
                _refuse(v, f"{where}[{i}]", depth + 1, in_params)
    elif not (doc is None or isinstance(doc, (str, int, bool))):
        raise EmbeddedProblemError(f"{where}: {type(doc).__name__} is not case data")


def _materialize(doc, directory):
    """The case mapping with every large inline integer matrix replaced by a `{file: ...}` form of a
    `.npy` file that trusted code writes into `directory` (so the loader holds it as an
    IntArrayMatrix, as it would the original file).  Smaller or non-integer matrices stay inline."""
    from .cases.sources import ARRAY_THRESHOLD

    count = [0]

    def walk(form, key, depth=0):
        if isinstance(form, dict):
            return {k: (walk(v, f"{key}.{k}", depth + 1) if isinstance(v, (dict, list)) else v) for k, v in form.items()}
        if isinstance(form, list):
            if form and all(type(r) is list for r in form) and len(form) * len(form[0]) >= ARRAY_THRESHOLD \
                    and all(len(r) == len(form[0]) and set(map(type, r)) == {int} for r in form) \
                    and -(1 << 63) <= min(map(min, form)) and max(map(max, form)) < (1 << 63):
                import numpy as np

                name = f"inline-{count[0]}.npy"
                count[0] += 1
                np.save(os.path.join(directory, name), np.array(form, dtype=np.int64), allow_pickle=False)
                return {"file": name}
            return [walk(v, f"{key}[{i}]", depth + 1) for i, v in enumerate(form)]
        return form

    out = dict(doc)
    for k in MATRIX_KEYS:
        if k in out:
            out[k] = walk(out[k], k)
    if isinstance(out.get("let"), dict):
        out["let"] = {n: walk(v, f"let.{n}") for n, v in out["let"].items()}
    return out


@contextlib.contextmanager
def embedded_case(problem, case_id=None):
    """The validated `Case` of an embedded problem (a context: large inline matrices live in a
    private temporary directory while it is open).  EmbeddedProblemError for anything that is not a
    valid embedded problem; `verify.errors.CaseError` (the loader's message, file "<embedded
    problem>") for a case the loader refuses."""
    import tempfile

    from .cases import cases_from_document

    if not isinstance(problem, dict) or set(problem) != {"format", "case", "sha256"}:
        raise EmbeddedProblemError("an embedded problem is {\"format\", \"case\", \"sha256\"}")
    if problem["format"] != PROBLEM_FORMAT:
        raise EmbeddedProblemError(f"unknown embedded problem format {problem['format']!r} (expected {PROBLEM_FORMAT})")
    doc = problem["case"]
    if not isinstance(doc, dict):
        raise EmbeddedProblemError("the embedded case is not a mapping (one case, as in a case file)")
    for key in ("cases", "sweep", "sweep_of"):
        if key in doc:
            raise EmbeddedProblemError(f"the embedded case has a '{key}' key: it must be one expanded case")
    _refuse(doc)
    if problem["sha256"] != problem_sha256(doc):
        raise EmbeddedProblemError("the embedded case does not have the sha256 recorded with it (it was edited)")
    if case_id is not None and doc.get("id") != case_id:
        raise EmbeddedProblemError(f"the embedded case is {doc.get('id')!r}, the certificate is for case {case_id!r}")
    with tempfile.TemporaryDirectory(prefix="verify-embedded-", ignore_cleanup_errors=True) as tmp:
        cases = cases_from_document(_materialize(doc, tmp), EMBEDDED_FILE, base_dir=tmp)
        if len(cases) != 1:
            raise EmbeddedProblemError(f"the embedded case stands for {len(cases)} cases, not one")
        yield cases[0]


def problem_differences(a, b):
    """What differs between two problems (objects by name and content hash, and the statement); an
    empty list when they are the same problem."""
    out = []
    oa, ob = a["objects"], b["objects"]
    if set(oa) != set(ob):
        out.append(f"objects {sorted(oa)} vs {sorted(ob)}")
    for n in sorted(set(oa) & set(ob)):
        if oa[n].shape != ob[n].shape or oa[n].content_hash() != ob[n].content_hash():
            out.append(f"object {n} differs")
    if a["statement"] != b["statement"]:
        out.append("the statement differs")
    return out
