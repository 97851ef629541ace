"""Sweeps: one case document expanded into many cases over a parameter grid or random draws.

A case may carry a `sweep` key:

    sweep:
      grid: {n: [2, 3, 4], m: [2, 3]}        # cartesian product of the listed values
      points: [{n: 2, nm: 4}, {n: 3, nm: 9}] # or an explicit list of parameter sets (zipped values)
      draws: 20                              # and/or: each parameter set repeated with draw = 0..19
      seed: 100                              # draws get seed = seed + draw (default seed 0)

Shorthand: any other key whose value is a list is a grid parameter, and a list item `"a..b"` stands
for the integers a, a+1, ..., b (so `sweep: {n: [1..12]}` is `grid: {n: [1, 2, ..., 12]}`).

Shapes follow the parameters: in a size position of a matrix form (the value, or an item of the
list, under `identity`, `zeros`, `hilbert`, `hadamard`, `vandermonde`, `cauchy`, `symbolic`,
`shape`, `n`, `cols`), a string that is a parameter name (`"n"`), or `"n+k"`, `"n-k"`, `"k*n"` with an
integer literal k, is replaced by that integer: `sweep: {n: [1..12]}` with `matrix: {hilbert: n}` is
H_1, ..., H_12.

Inside the case, a string that is exactly `"${name}"` is replaced by the parameter's value (an
integer stays an integer; exact strings such as "1/3" stay strings); inside a longer string (an id,
a title) `${name}` is replaced by the value's text.  Substitution is purely structural: no
expression is evaluated, so a sweep can never run code.  Every expanded case gets the id
`<id>.<name><value>-...` (or `<id>.d<draw>`), and `sweep` records the parent id and the parameters,
so that the report can gather the draws of one sweep.
"""

import itertools
import re

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
MAX_EXPANSION = 100_000


class SweepError(ValueError):
    """A malformed sweep (the message names the key)."""

    def __init__(self, key, message):
        self.key = key
        super().__init__(message)


def _param_value(v, key):
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise SweepError(key, f"parameter values must be integers or exact strings, got {v!r}")
    return v


def parameter_sets(sweep):
    """The list of parameter dicts a `sweep` mapping describes."""
    if not isinstance(sweep, dict):
        raise SweepError("sweep", "must be a mapping with grid, points, draws or seed")
    shorthand = {k: v for k, v in sweep.items() if k not in ("grid", "points", "draws", "seed")
                 and isinstance(k, str) and PLACEHOLDER.fullmatch("${" + k + "}") and isinstance(v, (list, str))}
    if shorthand:
        grid = dict(sweep.get("grid") or {}) if isinstance(sweep.get("grid") or {}, dict) else None
        if grid is None:
            raise SweepError("sweep.grid", "must map parameter names to lists of values")
        for k, v in shorthand.items():
            if k in grid:
                raise SweepError(f"sweep.{k}", "given twice (under grid and as a shorthand)")
            grid[k] = v
        sweep = {**{k: v for k, v in sweep.items() if k not in shorthand}, "grid": grid}
    unknown = set(sweep) - {"grid", "points", "draws", "seed"}
    if unknown:
        import difflib

        word = sorted(map(str, unknown))[0]
        near = difflib.get_close_matches(word, ["grid", "points", "draws", "seed"], n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise SweepError(f"sweep.{word}", f"unknown key{hint} (allowed: grid, points, draws, seed)")
    sets = [{}]
    if "grid" in sweep:
        grid = sweep["grid"]
        if not isinstance(grid, dict) or not grid:
            raise SweepError("sweep.grid", "must map parameter names to lists of values")
        names = list(grid)
        grid = {n: expand_ranges(grid[n], f"sweep.grid.{n}") for n in names}
        for n in names:
            if not isinstance(grid[n], list) or not grid[n]:
                raise SweepError(f"sweep.grid.{n}", "must be a non-empty list of values")
        sets = [dict(zip(names, combo)) for combo in itertools.product(*(grid[n] for n in names))]
    if "points" in sweep:
        points = sweep["points"]
        if not isinstance(points, list) or not points or not all(isinstance(p, dict) for p in points):
            raise SweepError("sweep.points", "must be a non-empty list of parameter mappings")
        sets = [{**s, **p} for s in sets for p in points]
    if "draws" in sweep:
        draws, seed = sweep["draws"], sweep.get("seed", 0)
        if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
            raise SweepError("sweep.draws", "must be a positive integer")
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise SweepError("sweep.seed", "must be a non-negative integer")
        sets = [{**s, "draw": d, "seed": seed + d} for s in sets for d in range(draws)]
    elif "seed" in sweep:
        raise SweepError("sweep.seed", "seed needs draws")
    if len(sets) > MAX_EXPANSION:
        raise SweepError("sweep", f"expands to {len(sets)} cases, more than {MAX_EXPANSION}")
    for s in sets:
        for k, v in s.items():
            if not PLACEHOLDER.fullmatch("${" + str(k) + "}"):
                raise SweepError(f"sweep.{k}", "parameter names are identifiers")
            _param_value(v, f"sweep.{k}")
    return sets


RANGE = re.compile(r"\s*([+-]?[0-9]+)\s*\.\.\s*([+-]?[0-9]+)\s*", re.ASCII)
MAX_RANGE = 10_000


def expand_ranges(values, key):
    """A grid's list of values with every `"a..b"` item replaced by a, ..., b (also a lone string)."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return values
    out = []
    for v in values:
        m = RANGE.fullmatch(v) if isinstance(v, str) else None
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if b < a or b - a >= MAX_RANGE:
                raise SweepError(key, f"the range {v!r} must run upwards over at most {MAX_RANGE} integers")
            out.extend(range(a, b + 1))
        else:
            out.append(v)
    return out


SIZE_KEYS = ("identity", "zeros", "hilbert", "hadamard", "vandermonde", "cauchy", "symbolic", "shape", "n", "cols")
_SIZE_EXPR = re.compile(r"\s*(?:([0-9]+)\s*\*\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:([+-])\s*([0-9]+))?\s*", re.ASCII)


def _size_value(v, params):
    if not isinstance(v, str):
        return v
    m = _SIZE_EXPR.fullmatch(v)
    if not m or m.group(2) not in params or isinstance(params[m.group(2)], bool) \
            or not isinstance(params[m.group(2)], int):
        return v
    k, name, sign, c = m.groups()
    value = int(k or 1) * params[name]
    if sign:
        value += int(c) if sign == "+" else -int(c)
    return value


def resolve_sizes(node, params):
    """A copy of `node` with parameter names in size positions replaced (module docstring)."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in SIZE_KEYS:
                v = [_size_value(x, params) for x in v] if isinstance(v, list) else _size_value(v, params)
            out[k] = resolve_sizes(v, params)
        return out
    if isinstance(node, list):
        return [resolve_sizes(v, params) for v in node]
    return node


def substitute(node, params, key="case"):
    """A copy of `node` with `${name}` placeholders replaced (see the module docstring)."""
    if isinstance(node, dict):
        return {k: substitute(v, params, f"{key}.{k}") for k, v in node.items()}
    if isinstance(node, list):
        return [substitute(v, params, f"{key}[{i}]") for i, v in enumerate(node, 1)]
    if isinstance(node, str):
        whole = PLACEHOLDER.fullmatch(node)
        if whole:
            if whole.group(1) not in params:
                raise SweepError(key, f"unknown sweep parameter {whole.group(1)!r}")
            return params[whole.group(1)]

        def text(m):
            if m.group(1) not in params:
                raise SweepError(key, f"unknown sweep parameter {m.group(1)!r}")
            return str(params[m.group(1)])

        return PLACEHOLDER.sub(text, node)
    return node


def suffix(params):
    """The id suffix of one parameter set: `n2-m3-d0`."""
    parts = []
    for k, v in params.items():
        if k == "seed" and "draw" in params:
            continue
        label = "d" if k == "draw" else k
        parts.append(f"{label}{re.sub(r'[^A-Za-z0-9]', '_', str(v))}")
    return "-".join(parts)


def expand_case(doc):
    """The list of case documents one case document stands for (itself when it has no sweep)."""
    if not isinstance(doc, dict) or "sweep" not in doc:
        return [doc]
    sets = parameter_sets(doc["sweep"])
    body = {k: v for k, v in doc.items() if k != "sweep"}
    parent = body.get("id")
    out = []
    for params in sets:
        case = resolve_sizes(substitute(body, params), params)
        case["id"] = f"{parent}.{suffix(params)}"
        case["sweep_of"] = {"id": parent, "params": params}
        out.append(case)
    return out
