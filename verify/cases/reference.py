"""The case-file reference for people and editors: `docs/cases.md` (installed with the package as
`verify/cases/reference.md`, the same text; a test compares the two), its sections per check kind
(`verify explain [CHECK]`), and a JSON Schema of case files built from the loader's own tables
(`verify schema`; a committed copy is `docs/cases.schema.json`)."""

import os
import re

from .. import checks
from ..checks import CHECKS

REFERENCE = os.path.join(os.path.dirname(__file__), "reference.md")
SCHEMA_ID = "https://verify.invalid/cases.schema.json"


def text():
    with open(REFERENCE, encoding="utf-8") as f:
        return f.read()


def sections(doc=None):
    """{check: its section's text} for every `### \\`check\\`` heading of the reference."""
    doc = text() if doc is None else doc
    out = {}
    parts = re.split(r"^### ", doc, flags=re.M)
    for part in parts[1:]:
        m = re.match(r"`([a-z_]+)`", part)
        if m:
            body = re.split(r"^## ", part, flags=re.M)[0]
            out[m.group(1)] = "### " + body.rstrip() + "\n"
    return out


def examples(section):
    """The YAML examples of a section (their text)."""
    return re.findall(r"```yaml\n(.*?)```", section, flags=re.S)


def explain(name=None):
    """(text, exit status): one check's section, or the list of checks and the sections' overview."""
    secs = sections()
    if name is None:
        lines = ["Check kinds (`verify explain CHECK` for one; the whole reference: `verify explain all`):", ""]
        for c in CHECKS:
            lines.append(f"  {c:<24} {checks.kind(c).SUMMARY}")
        return "\n".join(lines) + "\n", 0
    if name == "all":
        return text(), 0
    if name not in secs:
        from .numbers import did_you_mean

        return f"verify explain: unknown check {name!r}{did_you_mean(name, CHECKS)} (one of: {', '.join(CHECKS)})\n", 2
    return secs[name], 0


# ------------------------------------------------------------------------------------ schema
def _number():
    return {"anyOf": [{"type": "integer"},
                      {"type": "string", "pattern": r"^\s*[+\-\u2212]?([0-9]+(/[0-9]+)?|[0-9]*\.[0-9]*([eE][+\-\u2212]?[0-9]+)?|[0-9]+[eE][+\-\u2212]?[0-9]+)\s*$"}],
            "description": "an exact number: an integer, or a string \"p/q\", \"0.125\", \"1e-3\" (never a float literal)"}


def schema():
    """A JSON Schema (draft 2020-12) of case files, from the loader's tables (`verify schema`)."""
    from .expressions import OPERATORS
    from .loader import COMMON_KEYS, LIMIT_KEYS, allowed_keys

    entry = {"anyOf": [{"$ref": "#/$defs/number"}, {"type": "string", "description": "a polynomial, e.g. \"x*y - 1/2\""}]}
    matrix_ops = []
    for op, options in OPERATORS.items():
        props = {op: {"description": f"matrix operator {op}"}}
        for o in options:
            props[o] = {}
        matrix_ops.append({"type": "object", "required": [op], "properties": props, "additionalProperties": False})
    matrix = {"anyOf": [
        {"type": "string", "description": "the name of a let entry"},
        {"type": "array", "items": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
         "description": "a list of rows"},
        *matrix_ops]}
    key_schema = {
        "id": {"type": ["string", "integer"], "pattern": "^[A-Za-z0-9._-]+$"},
        "check": {"enum": list(CHECKS)},
        "title": {"type": "string"}, "source": {"type": ["string", "integer"]},
        "notes": {"type": ["string", "array"]},
        "let": {"type": "object", "additionalProperties": {"$ref": "#/$defs/matrix"},
                "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}},
        "params": {"type": "object"},
        "expect": {"type": "object"},
        "crosscheck": {"type": ["array", "string"], "items": {"type": "string"}},
        "limits": {"type": "object", "properties": {k: {"type": "integer", "minimum": 1} for k in LIMIT_KEYS},
                   "additionalProperties": False},
        "sweep": {"type": "object"},
        "matrix": {"$ref": "#/$defs/matrix"}, "rhs": {"$ref": "#/$defs/matrix"},
        "A": {"$ref": "#/$defs/matrix"}, "B": {"$ref": "#/$defs/matrix"}, "C": {"$ref": "#/$defs/matrix"},
        "point": {"type": "object", "additionalProperties": {"$ref": "#/$defs/number"}},
        "inequality": {"enum": ["sylvester", "frobenius", "combined"]},
        "claim": {"type": "string", "description": "a claim id (verify claims)"},
    }
    doc = checks.KEY_DOC
    props = {}
    for k in allowed_keys():
        props[k] = dict(key_schema.get(k, {}))
        if k in doc:
            props[k]["description"] = doc[k]
    per_check = []
    for c in CHECKS:
        kind = checks.kind(c)
        allowed = set(COMMON_KEYS) | set(kind.KEYS)
        rule = {"if": {"properties": {"check": {"const": c}}, "required": ["check"]},
                "then": {"required": list(getattr(kind, "REQUIRED", ())),
                         "properties": {"expect": {"type": "object", "propertyNames": {"enum": sorted(kind.EXPECT)},
                                                   "description": "; ".join(f"{k}: {v}" for k, v in kind.EXPECT.items())},
                                        **{k: False for k in allowed_keys() if k not in allowed}}}}
        per_check.append(rule)
    case = {"type": "object", "required": ["id", "check"], "properties": props,
            "additionalProperties": False, "allOf": per_check}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "verify case file",
        "description": "One case, a list of cases, or {cases: [...]} (docs/cases.md; written by `verify schema`).",
        "anyOf": [{"$ref": "#/$defs/case"},
                  {"type": "array", "items": {"$ref": "#/$defs/case"}},
                  {"type": "object", "required": ["cases"], "properties": {"cases": {"type": "array", "items": {"$ref": "#/$defs/case"}}},
                   "additionalProperties": False}],
        "$defs": {"case": case, "matrix": matrix, "entry": entry, "number": _number()},
    }
