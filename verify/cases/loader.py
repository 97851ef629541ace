"""Reading and validating case files (CASES.md), and building their problem objects.

Files are YAML (`.yaml`, `.yml`; read by a safe loader that constructs only plain data, rejects
duplicate keys and tags such as `!!python/object`, keeps float literals as their text) or TOML
(`.toml`, `tomllib`).  A file holds one case (a mapping) or several under `cases:` (a list; a bare
top-level list is accepted too).

Top-level keys common to every case (anything else is an error that lists the allowed keys):
`id` (required, `[A-Za-z0-9._-]+`, unique in a run), `check` (required, one of `CHECKS`), `title`,
`source`, `notes` (free text), `let` (name -> matrix form, for every check but claim), `params`
(plain data, no floats), `expect` (the statement to certify), `crosscheck` (float cross-check
backends, e.g. `[float64]`), `limits` (`max_entries`, `max_work`, `seconds`), `sweep` (`verify.sweeps`).
Each check kind (`verify/checks/<kind>.py`) declares its own keys (`KEYS`, `REQUIRED`), validates
them and its `expect` forms into a canonical JSON form (`validate`), and builds the problem objects
(`build`); this module reads the files, validates the common keys and asks the check's module.

Every problem is reported as `verify.errors.CaseError(file, case, key, message)`, where `case` is
the id, or `#k` (k = 1-based position in the file) while the id is unknown.
"""

import difflib
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from .. import checks
from ..checks import CHECKS
from ..errors import CaseError
from ..sweeps import SweepError, expand_case
from .expressions import MAX_ENTRIES, MAX_WORK, Evaluator
from .numbers import FloatLiteral, InputError, OddLiteral, describe, did_you_mean, float_error, normalize_text, parse_int  # noqa: F401
from .sources import IDENT

COMMON_KEYS = ("id", "title", "source", "notes", "check", "let", "params", "expect", "crosscheck", "limits", "sweep")


def allowed_keys():
    """Every top-level key a case may have: the common ones and those of the check kinds."""
    return COMMON_KEYS + tuple(k for k in checks.all_keys() if k not in COMMON_KEYS)

LIMIT_KEYS = ("max_entries", "max_work", "seconds")
EXTENSIONS = (".yaml", ".yml", ".toml")
ID_RE = re.compile(r"[A-Za-z0-9._-]+", re.ASCII)
MAX_FILE_BYTES = 64 << 20
MAX_ALIASES = 1000


@dataclass
class Case:
    """One validated case.  Matrix forms stay unevaluated until `build_objects`.

    id, title, source, notes: text; file: the path as loaded (relative to the working directory
    when inside it); index: 0-based position in the file; check: one of CHECKS; expect: canonical
    JSON form (module docstring) or None; params: plain data for claims ({} otherwise); claim: id or
    None; point: {variable: int | Fraction} (rank_at) or None; inequality: name or None;
    crosscheck: list of backend names; raw: the case mapping as read; limits: validated dict;
    matrix: the `matrix` form or None; let: name -> form; operands: {"A": form, ...} given at top
    level (rank_inequality); base_dir: directory that file paths are relative to; file_sha256: hex
    SHA-256 of the file's bytes.
    """

    id: str
    title: str
    source: str
    file: str
    index: int
    check: str
    expect: Any = None
    params: dict = field(default_factory=dict)
    claim: Any = None
    point: Any = None
    inequality: Any = None
    crosscheck: list = field(default_factory=list)
    raw: Any = None
    limits: dict = field(default_factory=dict)
    matrix: Any = None
    let: dict = field(default_factory=dict)
    operands: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    base_dir: str = "."
    file_sha256: str = ""
    sweep_of: Any = None
    input_notes: list = field(default_factory=list)

    def error(self, key, message):
        return CaseError(self.file, self.id, key, message)


# ---------------------------------------------------------------------------------------- YAML
class _SafeCaseLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """yaml's safe loader, plus: duplicate keys are errors, float literals stay text
    (`FloatLiteral`), integers other than plain decimal stay text (`OddLiteral`), and `1e-3`
    (a float in YAML 1.2, a string in PyYAML's YAML 1.1) is a float literal."""


def _construct_mapping(loader, node, deep=False):
    if not isinstance(node, yaml.MappingNode):
        raise yaml.constructor.ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
    seen = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError("while reading a mapping", node.start_mark,
                                                    "found an unhashable key", key_node.start_mark) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark,
                f"duplicate key {key!r} (first given on line {seen[key].start_mark.line + 1})", key_node.start_mark)
        seen[key] = key_node
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)", re.ASCII)


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if _PLAIN_INT.fullmatch(text) and len(text) <= 4000:
        return int(text)
    return OddLiteral(text)


def _construct_float(loader, node):
    return FloatLiteral(loader.construct_scalar(node))


_SafeCaseLoader.add_constructor("tag:yaml.org,2002:map", lambda l, n: _construct_mapping(l, n, deep=True))
_SafeCaseLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_SafeCaseLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_SafeCaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"))


def _count_aliases(text):
    """Number of alias events (guards against exponential 'billion laughs' documents)."""
    n = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent):
            n += 1
            if n > MAX_ALIASES:
                break
    return n


def read_yaml(text, file):
    try:
        if "*" in text and _count_aliases(text) > MAX_ALIASES:
            raise CaseError(file, "-", "yaml", f"more than {MAX_ALIASES} aliases")
        return yaml.load(text, Loader=_SafeCaseLoader)
    except yaml.YAMLError as e:
        msg = " ".join(str(e).split()).replace(' in "<unicode string>"', "")
        if "python/" in msg:
            msg += " (tags that construct Python objects are not allowed)"
        raise CaseError(file, "-", "yaml", msg) from None
    except (ValueError, TypeError, RecursionError) as e:
        if isinstance(e, RecursionError):
            raise CaseError(file, "-", "yaml", "the document is nested too deeply") from None
        raise CaseError(file, "-", "yaml", f"cannot read the document: {e}") from None


def read_toml(text, file):
    try:
        return tomllib.loads(text, parse_float=FloatLiteral)
    except tomllib.TOMLDecodeError as e:
        raise CaseError(file, "-", "toml", str(e)) from None
    except (ValueError, TypeError, RecursionError) as e:
        if isinstance(e, RecursionError):
            raise CaseError(file, "-", "toml", "the document is nested too deeply") from None
        raise CaseError(file, "-", "toml", f"cannot read the document: {e}") from None


# ---------------------------------------------------------------------------------------- loading
def _display_path(path):
    p = os.path.normpath(path)
    if os.path.isabs(p):
        rel = os.path.relpath(p)
        if not rel.startswith(".."):
            return rel
    return p


def case_lines(text, ext):
    """The 1-based line where each case of a file starts (None where unknown), for messages."""
    try:
        if ext == ".toml":
            starts = [k + 1 for k, ln in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*cases\s*\]\]", ln)]
            return starts or [1]
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # noqa: BLE001 - only for messages; the document was read already
        return []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "cases" and isinstance(v, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in v.value]
        return [node.start_mark.line + 1]
    if isinstance(node, yaml.SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    return []


def load_file(path, errors=None):
    """All cases of one file (list of `Case`); CaseError for anything malformed.

    With a list `errors`, a malformed case does not stop the others: its CaseError (with the case's
    id when it has a readable one, and the line where the case starts) is appended to `errors` and
    the file's other cases are returned; a file that cannot be read at all still raises."""
    file = _display_path(path)
    ext = os.path.splitext(path)[1].lower()
    if ext not in EXTENSIONS:
        raise CaseError(file, "-", "file", f"not a case file (extensions: {', '.join(EXTENSIONS)})")
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise CaseError(file, "-", "file", f"larger than {MAX_FILE_BYTES} bytes")
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CaseError(file, "-", "file", f"cannot read: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CaseError(file, "-", "file", f"not UTF-8 text: {e}") from None
    doc = read_toml(text, file) if ext == ".toml" else read_yaml(text, file)
    found = [] if errors is not None else None
    cases = cases_from_document(doc, file, base_dir=os.path.dirname(os.path.abspath(path)),
                                file_sha256=hashlib.sha256(data).hexdigest(), errors=found)
    if found:
        lines = case_lines(text, ext)
        for index, e in found:
            errors.append(e.at_line(lines[index]) if index is not None and index < len(lines) else e)
    return cases


def _label(item, index):
    """A case's id for messages when it is a valid id, else `#k` (its 1-based position)."""
    cid = item.get("id") if isinstance(item, dict) else None
    if isinstance(cid, (str, int)) and not isinstance(cid, bool) and ID_RE.fullmatch(str(cid)) and len(str(cid)) <= 200:
        return str(cid)
    return f"#{index + 1}"


def cases_from_document(doc, file, *, base_dir=".", file_sha256="", errors=None):
    """Validate a loaded document (a mapping, a list, or {cases: [...]}) into a list of Case.

    `errors`: None, raise the first CaseError; a list, append (index, CaseError) for each
    malformed case (index: its 0-based position in the file) and return the others."""
    if doc is None:
        raise CaseError(file, "-", "file", "empty document (expected a case or cases: [...])")
    if isinstance(doc, dict) and "cases" in doc:
        extra = [str(k) for k in doc if k != "cases"]
        if extra:
            raise CaseError(file, "-", extra[0], "a file with 'cases' may not have other top-level keys")
        items = doc["cases"]
        if not isinstance(items, list):
            raise CaseError(file, "-", "cases", f"expected a list of cases, got {describe(items)}")
    elif isinstance(doc, list):
        items = doc
    elif isinstance(doc, dict):
        items = [doc]
    else:
        raise CaseError(file, "-", "file", f"expected a case (a mapping) or cases: [...], got {describe(doc)}")
    if not items:
        raise CaseError(file, "-", "cases", "no cases in the file")
    out, ids = [], {}
    for index, item in enumerate(items):
        try:
            out.extend(_cases_of_item(item, index, file, ids, base_dir, file_sha256))
        except CaseError as e:
            if errors is None:
                raise
            errors.append((index, e))
    return out


FREE_TEXT_KEYS = ("id", "title", "source", "notes")


def normalize_pasted(node, key, notes, depth=0):
    """`node` with the characters pasted from PDFs mapped (numbers.normalize_text) in every string
    and appends, per string changed, a note naming its key."""
    if depth > 200:
        return node
    if isinstance(node, dict):
        return {k: normalize_pasted(v, f"{key}.{k}" if key else str(k), notes, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [normalize_pasted(v, f"{key}[{i + 1}]", notes, depth + 1) for i, v in enumerate(node)]
    if isinstance(node, str) and not isinstance(node, (FloatLiteral, OddLiteral)):
        text, found = normalize_text(node)
        if found:
            notes.append(f"{key}: {', '.join(found)} (pasted text)")
            return type(node)(text) if type(node) is not str else text
    return node


def _cases_of_item(item, index, file, ids, base_dir, file_sha256):
    notes = []
    if isinstance(item, dict):
        item = {k: v if k in FREE_TEXT_KEYS else normalize_pasted(v, str(k), notes) for k, v in item.items()}
    try:
        expanded = expand_case(item)
    except SweepError as e:
        raise CaseError(file, _label(item, index), e.key.replace("case.", "", 1), str(e)) from None
    new = []
    for doc in expanded:
        sweep_of = doc.pop("sweep_of", None) if doc is not item else None
        case = validate_case(doc, file, index, base_dir=base_dir, file_sha256=file_sha256)
        case.sweep_of = sweep_of
        case.input_notes = list(notes)
        if case.id in ids:
            raise CaseError(file, case.id, "id", f"duplicate id (also case #{ids[case.id] + 1} of this file)")
        new.append(case)
    for case in new:
        ids[case.id] = index
    return new


def case_files(paths):
    """(files, missing): the case files named by `paths` (directories recursively, sorted, files
    ending in .yaml .yml .toml, skipping names that start with '.'), and the paths that do not exist."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files, missing = [], []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(root, n) for n in names
                          if not n.startswith(".") and os.path.splitext(n)[1].lower() in EXTENSIONS]
            files += sorted(found)
        elif os.path.exists(p):
            files.append(p)
        else:
            missing.append(p)
    return files, missing


def load_paths(paths):
    """Cases of all files named (see `case_files`); ids must be unique across the run."""
    files, missing = case_files(paths)
    if missing:
        raise CaseError(_display_path(missing[0]), "-", "path", "no such file or directory")
    cases, seen = [], {}
    for f in files:
        for case in load_file(f):
            if case.id in seen:
                raise CaseError(case.file, case.id, "id", f"duplicate id: also defined in {seen[case.id]}")
            seen[case.id] = case.file
            cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------- validation
def _text(value, file, case, key):
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise CaseError(file, case, key, f"expected text, got {describe(value)}")
    return str(value)


def validate_case(item, file, index, *, base_dir=".", file_sha256=""):
    label = f"#{index + 1}"
    if not isinstance(item, dict):
        raise CaseError(file, label, "case", f"a case is a mapping of keys, got {describe(item)}")
    label = _label(item, index)
    for k in item:
        if not isinstance(k, str) or k not in allowed_keys():
            raise CaseError(file, label, str(k), f"unknown key{did_you_mean(k, allowed_keys())} "
                                                 f"(allowed: {', '.join(allowed_keys())})")
    cid = item.get("id")
    if cid is None:
        raise CaseError(file, label, "id", "required (letters, digits, '.', '_', '-')")
    if isinstance(cid, bool) or not isinstance(cid, (str, int)) or not ID_RE.fullmatch(str(cid)) or len(str(cid)) > 200:
        raise CaseError(file, label, "id", f"must match [A-Za-z0-9._-]+ (at most 200 characters), got {describe(cid)}")
    cid = str(cid)

    def err(key, message):
        return CaseError(file, cid, key, message)

    check = item.get("check")
    if check is None:
        raise err("check", f"required (one of: {', '.join(CHECKS)})")
    if not isinstance(check, str) or check not in CHECKS:
        near = difflib.get_close_matches(check, CHECKS, n=1) if isinstance(check, str) else []
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise err("check", f"unknown check {check!r}{hint} (one of: {', '.join(CHECKS)})"
                  if isinstance(check, str) else f"unknown check {describe(check)} (one of: {', '.join(CHECKS)})")

    kind = checks.kind(check)
    for k, used_by in checks.all_keys().items():
        if k in item and k not in kind.KEYS:
            raise err(k, f"not used by check {check} (used by {', '.join(used_by)})")
    for k in kind.REQUIRED:
        if k not in item:
            doc = checks.KEY_DOC.get(k, "")
            raise err(k, f"required by check {check}" + (f": {doc}" if doc else ""))
    lets = item.get("let", {})
    if lets is None:
        lets = {}
    if not getattr(kind, "USES_LET", True) and lets:
        raise err("let", f"not used by check {check}")
    if not isinstance(lets, dict):
        raise err("let", f"expected a mapping name -> matrix, got {describe(lets)}")
    for name in lets:
        if not isinstance(name, str) or not IDENT.fullmatch(name):
            raise err(f"let.{name}", "a name must be an identifier [A-Za-z_][A-Za-z0-9_]*")

    case = Case(id=cid, title=_text(item.get("title"), file, cid, "title"),
                source=_text(item.get("source"), file, cid, "source"), file=file, index=index, check=check,
                raw=item, matrix=item.get("matrix"), let=lets, base_dir=base_dir, file_sha256=file_sha256)
    notes = item.get("notes")
    if notes is not None:
        notes = notes if isinstance(notes, list) else [notes]
        case.notes = [_text(n, file, cid, f"notes[{i}]") for i, n in enumerate(notes, 1)]
    if "params" in item:
        params = item["params"]
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise err("params", f"expected a mapping, got {describe(params)}")
        _check_plain(params, "params", err, [0])
        case.params = params
    if "expect" in item and item["expect"] is not None:
        case.expect = item["expect"]
    kind.validate(item, case, err)
    case.crosscheck = _validate_crosscheck(item.get("crosscheck"), err)
    case.limits = _validate_limits(item.get("limits"), err)
    return case


def _check_plain(value, key, err, count, depth=0):
    count[0] += 1
    if count[0] > 100_000:
        raise err(key, "too large (more than 100000 values)")
    if depth > 50:
        raise err(key, "nested deeper than 50 levels")
    if isinstance(value, FloatLiteral) or isinstance(value, float):
        raise err(key, float_error(value).message)
    if isinstance(value, OddLiteral):
        raise err(key, f"integer literal {value} is not a plain decimal integer")
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise err(f"{key}.{k}", "keys must be text")
            _check_plain(v, f"{key}.{k}", err, count, depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value, 1):
            _check_plain(v, f"{key}[{i}]", err, count, depth + 1)
    elif value is not None and not isinstance(value, (str, int, bool)):
        raise err(key, f"unsupported value {describe(value)} (use numbers, strings, lists and mappings)")


def _validate_crosscheck(value, err):
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise err("crosscheck", f"expected a list of backends such as [float64, gpu], got {describe(value)}")
    for i, b in enumerate(value, 1):
        if not isinstance(b, str) or not ID_RE.fullmatch(b):
            raise err(f"crosscheck[{i}]", f"expected a backend name such as float64 or gpu, got {describe(b)}")
    return list(value)


def _validate_limits(value, err):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise err("limits", f"expected a mapping ({', '.join(LIMIT_KEYS)}), got {describe(value)}")
    out = {}
    for k, v in value.items():
        if k not in LIMIT_KEYS:
            raise err(f"limits.{k}", f"unknown limit{did_you_mean(k, LIMIT_KEYS)} (allowed: {', '.join(LIMIT_KEYS)})")
        try:
            out[k] = parse_int(v, minimum=1, what="a positive integer")
        except InputError as e:
            raise err(f"limits.{k}", e.message) from None
    return out


# ---------------------------------------------------------------------------------------- objects
def build_objects(case, *, max_entries=MAX_ENTRIES, witness=None):
    """The exact problem objects of a case, by its check kind's trusted `build` (names fixed by
    each check module).  `case.limits["max_entries"]` (if given) replaces `max_entries`.  A witness
    reaches only a claim whose statement quantifies over one (`checks/claim.py`).  Raises CaseError
    for malformed input and `verify.errors.Unknown` beyond the limits."""
    max_entries = case.limits.get("max_entries", max_entries)
    ev = Evaluator(case.file, case.id, case.base_dir, case.let, max_entries=max_entries,
                   max_work=case.limits.get("max_work", MAX_WORK))
    return checks.kind(case.check).build(case, ev, witness)
