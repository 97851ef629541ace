"""Reading and validating case files (CASES.md), and building their problem objects.

Files are YAML (`.yaml`, `.yml`; read by a safe loader that constructs only plain data, rejects
duplicate keys and tags such as `!!python/object`, keeps float literals as their text) or TOML
(`.toml`, `tomllib`).  A file holds one case (a mapping) or several under `cases:` (a list; a bare
top-level list is accepted too).

Top-level keys of a case (anything else is an error that lists these):

| key | for | meaning |
|---|---|---|
| `id` | all (required) | `[A-Za-z0-9._-]+`, unique in a run |
| `check` | all (required) | one of `CHECKS` |
| `title`, `source`, `notes` | all | free text (`notes` may be a list of strings) |
| `matrix` | rank, determinant, inertia, generic_rank, rank_at, boolean_determinant (required) | a matrix form (see `expressions`) |
| `let` | all but claim | name -> matrix form; names are identifiers |
| `point` | rank_at (required) | variable -> exact number; must cover exactly the matrix's variables |
| `inequality` | rank_inequality (required) | `sylvester`, `frobenius` or `combined` |
| `A`, `B`, `C` | rank_inequality | matrix forms; each may instead be defined under `let` |
| `claim`, `params` | claim (`claim` required) | CLAIMS.md id and its parameters (plain data, no floats) |
| `expect` | all | the statement to certify (forms per check, below) |
| `crosscheck` | all | list of float cross-check backends, e.g. `[float64, gpu]` |
| `limits` | all | `max_entries`, `max_work`, `seconds` (positive integers) |

`rank_inequality`: frobenius and combined take three matrices `A`, `B`, `C` and give the objects
`A, B, C, AB, BC, ABC`.  Sylvester takes two: `A` and a second one written `B` (as in CASES.md) or
`C`; the objects are `A`, `C` (the second matrix) and `AC`, as in CONTRACTS.md section 4.

`expect` is validated per check and stored in a canonical JSON form:
rank / generic_rank / rank_at: `{"rank": r | ">= r" | "<= r" | "full" | "deficient"}`;
determinant: `{"det": "nonzero" | value}` with value JSON-encoded by `kernel.exact.encode_entry`
(int, `"p/q"` string, or `{"poly": ...}`); inertia: `{"inertia": [p, n, z]}` and/or
`{"definiteness": "pd"|"psd"|"nd"|"nsd"|"indefinite"}`; boolean_determinant: `{"detbool": 0|1}`;
rank_inequality: `{"holds": bool}` and/or `{"tight": bool}`; claim: `{"verdict": "confirmed"|"refuted"}`.

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

from ..errors import CaseError
from ..kernel.exact import decode_entry, encode_entry, is_symmetric, matmul
from ..kernel.poly import Poly
from ..sweeps import SweepError, expand_case
from .expressions import MAX_ENTRIES, MAX_WORK, Evaluator
from .numbers import FloatLiteral, InputError, OddLiteral, describe, float_error, parse_int, parse_number
from .sources import IDENT, parse_entry

CHECKS = ("rank", "determinant", "inertia", "generic_rank", "rank_at", "rank_inequality",
          "boolean_determinant", "claim")
MATRIX_CHECKS = ("rank", "determinant", "inertia", "generic_rank", "rank_at", "boolean_determinant")
INEQUALITIES = ("sylvester", "frobenius", "combined")
ALLOWED_KEYS = ("id", "title", "source", "notes", "check", "matrix", "let", "point", "inequality",
                "A", "B", "C", "claim", "params", "expect", "crosscheck", "limits", "sweep")
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


def load_file(path):
    """All cases of one file (list of `Case`); CaseError for anything malformed."""
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
    return cases_from_document(doc, file, base_dir=os.path.dirname(os.path.abspath(path)),
                               file_sha256=hashlib.sha256(data).hexdigest())


def cases_from_document(doc, file, *, base_dir=".", file_sha256=""):
    """Validate a loaded document (a mapping, a list, or {cases: [...]}) into a list of Case."""
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
            expanded = expand_case(item)
        except SweepError as e:
            label = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            raise CaseError(file, label, e.key.replace("case.", "", 1), str(e)) from None
        for doc in expanded:
            sweep_of = doc.pop("sweep_of", None) if doc is not item else None
            case = validate_case(doc, file, index, base_dir=base_dir, file_sha256=file_sha256)
            case.sweep_of = sweep_of
            if case.id in ids:
                raise CaseError(file, case.id, "id", f"duplicate id (also case #{ids[case.id] + 1} of this file)")
            ids[case.id] = index
            out.append(case)
    return out


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
    for k in item:
        if not isinstance(k, str) or k not in ALLOWED_KEYS:
            raise CaseError(file, label, str(k), f"unknown key (allowed: {', '.join(ALLOWED_KEYS)})")
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

    # keys that depend on the check
    uses = {
        "matrix": check in MATRIX_CHECKS, "let": check != "claim", "point": check == "rank_at",
        "inequality": check == "rank_inequality", "A": check == "rank_inequality",
        "B": check == "rank_inequality", "C": check == "rank_inequality", "claim": check == "claim",
    }
    for k, ok in uses.items():
        if k in item and not ok:
            raise err(k, f"not used by check {check}")
    if check in MATRIX_CHECKS and "matrix" not in item:
        raise err("matrix", f"required by check {check}")

    lets = item.get("let", {})
    if lets is None:
        lets = {}
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
        case.notes = [_text(n, file, cid, f"notes[{i}]") for i, n in enumerate(notes)]

    if check == "rank_at":
        case.point = _validate_point(item.get("point"), err)
    if check == "rank_inequality":
        _validate_inequality(item, lets, case, err)
    if check == "claim":
        claim = item.get("claim")
        if not isinstance(claim, str) or not claim.strip():
            raise err("claim", f"required: a claim id from CLAIMS.md, got {describe(claim)}")
        case.claim = claim.strip()
    if "params" in item:
        params = item["params"]
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise err("params", f"expected a mapping, got {describe(params)}")
        _check_plain(params, "params", err, [0])
        case.params = params
    if "expect" in item and item["expect"] is not None:
        case.expect = validate_expect(check, item["expect"], err)
    case.crosscheck = _validate_crosscheck(item.get("crosscheck"), err)
    case.limits = _validate_limits(item.get("limits"), err)
    return case


def _validate_point(point, err):
    if point is None:
        raise err("point", "required by check rank_at: a mapping variable -> exact value")
    if not isinstance(point, dict):
        raise err("point", f"expected a mapping variable -> exact value, got {describe(point)}")
    out = {}
    for name, v in point.items():
        if not isinstance(name, str) or not IDENT.fullmatch(name):
            raise err(f"point.{name}", "a variable name must be an identifier")
        try:
            out[name] = parse_number(v)
        except InputError as e:
            raise err(f"point.{name}", e.message) from None
    return out


def _validate_inequality(item, lets, case, err):
    ineq = item.get("inequality")
    if not isinstance(ineq, str) or ineq not in INEQUALITIES:
        raise err("inequality", f"required: one of {', '.join(INEQUALITIES)}, got {describe(ineq)}")
    case.inequality = ineq
    given = {k: item[k] for k in ("A", "B", "C") if k in item}
    for k in given:
        if k in lets:
            raise err(k, f"{k} is defined both as a top-level key and under let")
    have = {k for k in ("A", "B", "C") if k in given or k in lets}
    if ineq == "sylvester":
        if "A" not in have or not ({"B", "C"} & have):
            raise err("inequality", "sylvester needs two matrices: A and B (or A and C)")
        if {"B", "C"} <= have:
            raise err("C", "sylvester takes two matrices, A and B (or C); both B and C are given")
    else:
        missing = [k for k in ("A", "B", "C") if k not in have]
        if missing:
            raise err(missing[0], f"{ineq} needs matrices A, B and C (at top level or under let)")
    case.operands = given


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
        for i, v in enumerate(value):
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
    for i, b in enumerate(value):
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
            raise err(f"limits.{k}", f"unknown limit (allowed: {', '.join(LIMIT_KEYS)})")
        try:
            out[k] = parse_int(v, minimum=1, what="a positive integer")
        except InputError as e:
            raise err(f"limits.{k}", e.message) from None
    return out


# ---------------------------------------------------------------------------------------- expect
_RANK_TEXT = re.compile(r"\s*(>=|<=|=)?\s*([0-9]+)\s*", re.ASCII)
DEFINITENESS = ("pd", "psd", "nd", "nsd", "indefinite")


def _only(expect, allowed, err):
    if not isinstance(expect, dict) or not expect:
        raise err("expect", f"expected a mapping with {' or '.join(allowed)}, got {describe(expect)}")
    for k in expect:
        if k not in allowed:
            raise err(f"expect.{k}", f"not an expectation of this check (allowed: {', '.join(allowed)})")


def _rank_form(v, err):
    if isinstance(v, int) and not isinstance(v, bool):
        if v < 0:
            raise err("expect.rank", f"a rank is non-negative, got {v}")
        return v
    if isinstance(v, str) and not isinstance(v, (FloatLiteral, OddLiteral)):
        s = v.strip()
        if s in ("full", "deficient"):
            return s
        m = _RANK_TEXT.fullmatch(s)
        if m:
            op, r = m.groups()
            return int(r) if op in (None, "=") else f"{op} {int(r)}"
    if isinstance(v, (FloatLiteral, OddLiteral)):
        try:
            parse_number(v)
        except InputError as e:
            raise err("expect.rank", e.message) from None
    raise err("expect.rank", f"expected r, \">= r\", \"<= r\", full or deficient, got {describe(v)}")


def validate_expect(check, expect, err):
    """The canonical form of `expect` for `check` (module docstring), or CaseError."""
    if check in ("rank", "generic_rank", "rank_at"):
        _only(expect, ("rank",), err)
        return {"rank": _rank_form(expect["rank"], err)}
    if check == "determinant":
        _only(expect, ("det",), err)
        v = expect["det"]
        if isinstance(v, str) and v.strip() == "nonzero":
            return {"det": "nonzero"}
        try:
            return {"det": encode_entry(parse_entry(v))}
        except InputError as e:
            raise err("expect.det", e.message + " (or write nonzero)") from None
    if check == "inertia":
        _only(expect, ("inertia", "definiteness"), err)
        out = {}
        if "inertia" in expect:
            v = expect["inertia"]
            if not isinstance(v, list) or len(v) != 3:
                raise err("expect.inertia", f"expected [positive, negative, zero] counts, got {describe(v)}")
            try:
                out["inertia"] = [parse_int(x, minimum=0, what="a count") for x in v]
            except InputError as e:
                raise err("expect.inertia", e.message) from None
        if "definiteness" in expect:
            v = expect["definiteness"]
            if v not in DEFINITENESS:
                raise err("expect.definiteness", f"expected one of {', '.join(DEFINITENESS)}, got {describe(v)}")
            out["definiteness"] = v
        return out
    if check == "boolean_determinant":
        _only(expect, ("detbool",), err)
        v = expect["detbool"]
        if isinstance(v, bool) or v not in (0, 1) or not isinstance(v, int):
            raise err("expect.detbool", f"expected 0 or 1, got {describe(v)}")
        return {"detbool": v}
    if check == "rank_inequality":
        _only(expect, ("holds", "tight"), err)
        out = {}
        for k in ("holds", "tight"):
            if k in expect:
                if not isinstance(expect[k], bool):
                    raise err(f"expect.{k}", f"expected true or false, got {describe(expect[k])}")
                out[k] = expect[k]
        return out
    if check == "claim":
        _only(expect, ("verdict",), err)
        v = expect["verdict"]
        if not isinstance(v, str) or v.strip().lower() not in ("confirmed", "refuted"):
            raise err("expect.verdict", f"expected confirmed or refuted, got {describe(v)}")
        return {"verdict": v.strip().lower()}
    raise err("check", f"unknown check {check}")  # unreachable: validated before


# ---------------------------------------------------------------------------------------- objects
def build_objects(case, *, max_entries=MAX_ENTRIES):
    """The exact problem objects of a case (names fixed by CONTRACTS.md section 4).

    rank, determinant, inertia, generic_rank, boolean_determinant: {"M"}; rank_at: {"M", "M_at"};
    rank_inequality: sylvester {"A", "C", "AC"}, frobenius / combined {"A", "B", "C", "AB", "BC",
    "ABC"}; claim: {} (the claim module builds its own).  Every `let` entry is built (so that every
    error in the file is reported).  `case.limits["max_entries"]` (if given) replaces `max_entries`.
    Raises CaseError for malformed input and `verify.errors.Unknown` beyond the limits.
    """
    if case.check == "claim":
        return {}
    max_entries = case.limits.get("max_entries", max_entries)
    ev = Evaluator(case.file, case.id, case.base_dir, case.let, max_entries=max_entries,
                   max_work=case.limits.get("max_work", MAX_WORK))
    ev.build_all_lets()
    if case.check in MATRIX_CHECKS:
        M = ev.build(case.matrix, "matrix")
        objects = {"M": M}
        _check_matrix(case, M)
        if case.check == "rank_at":
            have, given = set(M.variables()), set(case.point)
            missing, extra = sorted(have - given), sorted(given - have)
            if missing:
                raise case.error("point", f"no value for the variable(s) {', '.join(_few(missing))}")
            if extra:
                raise case.error("point", f"variable(s) {', '.join(_few(extra))} do not occur in the matrix")
            objects["M_at"] = M.evaluate(case.point)
        return objects
    # rank_inequality
    def operand(name):
        if name in case.operands:
            return ev.build(case.operands[name], name)
        return ev.name(name, f"let.{name}")

    def product(X, Y, kx, ky, what):
        if X.ncols != Y.nrows:
            raise case.error(ky, f"{what}: {kx} is {X.nrows} x {X.ncols} but {ky} is {Y.nrows} x {Y.ncols}")
        ev.check(X.nrows, Y.ncols, what, f"the product {what}", (X, Y))
        return matmul(X, Y)

    A = operand("A")
    if case.inequality == "sylvester":
        second = "C" if ("C" in case.operands or "C" in case.let) else "B"
        C = operand(second)
        return {"A": A, "C": C, "AC": product(A, C, "A", second, "AC")}
    B, C = operand("B"), operand("C")
    AB = product(A, B, "A", "B", "AB")
    BC = product(B, C, "B", "C", "BC")
    ABC = product(AB, C, "A", "C", "ABC")
    return {"A": A, "B": B, "C": C, "AB": AB, "BC": BC, "ABC": ABC}


def _few(names, k=8):
    return names if len(names) <= k else names[:k] + [f"... ({len(names)} in all)"]


def _check_matrix(case, M):
    check = case.check
    poly = M.is_polynomial()
    if check == "rank" and poly:
        raise case.error("matrix", "has polynomial entries: use check generic_rank (rank over Q(x)) or "
                                   "rank_at (rank at a point)")
    if check in ("determinant", "inertia", "boolean_determinant") and M.nrows != M.ncols:
        raise case.error("matrix", f"check {check} needs a square matrix, got {M.nrows} x {M.ncols}")
    if check == "determinant" and case.expect and isinstance(case.expect["det"], dict):
        extra = sorted(set(decode_entry(case.expect["det"]).variables()) - set(M.variables()))
        if extra:
            raise case.error("expect.det", f"variable(s) {', '.join(_few(extra))} do not occur in the matrix "
                                           f"(expect {{det: nonzero}}, or the exact value)")
    if check == "inertia":
        if poly:
            raise case.error("matrix", "check inertia needs a rational (not polynomial) matrix")
        if not is_symmetric(M):
            i, j = next((i, j) for i in range(M.nrows) for j in range(i) if M.rows[i][j] != M.rows[j][i])
            raise case.error("matrix", f"check inertia needs a symmetric matrix: entry ({i + 1}, {j + 1}) "
                                       f"differs from entry ({j + 1}, {i + 1})")
        if case.expect and "inertia" in case.expect and sum(case.expect["inertia"]) != M.nrows:
            raise case.error("expect.inertia", f"the counts add up to {sum(case.expect['inertia'])}, "
                                               f"not to the size {M.nrows}")
    if check == "boolean_determinant":
        bad = next(((i, j) for i, r in enumerate(M.rows) for j, x in enumerate(r) if x not in (0, 1)
                    or isinstance(x, Poly)), None)
        if bad:
            raise case.error("matrix", f"check boolean_determinant needs a 0/1 matrix: entry "
                                       f"({bad[0] + 1}, {bad[1] + 1}) is {M.rows[bad[0]][bad[1]]!r}")
