"""Property / fuzz tests of the polynomial grammar and the case loader (hypothesis, modest counts)."""

import os
import tempfile
from fractions import Fraction

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verify.cases import build_objects, load_file
from verify.cases.polyparse import PolySyntaxError, parse_poly, parse_poly_raw
from verify.errors import CaseError, Unknown
from verify.kernel.poly import Poly

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------------------- grammar
GRAMMAR_CHARS = "xyz_ab019.+-*/^()  \t"


@FUZZ
@given(st.one_of(st.text(alphabet=GRAMMAR_CHARS, max_size=40), st.text(max_size=30),
                 st.text(alphabet="x1(*)^/-'\"[]{}.,;:=!@#$%&|<>?`~\\", max_size=20)))
def test_random_strings_raise_only_the_documented_error(text):
    try:
        value = parse_poly(text)
    except PolySyntaxError as e:
        assert 0 <= e.pos <= len(text)
        assert "column" in str(e)
        return
    assert isinstance(value, (int, Fraction, Poly)) and not isinstance(value, bool)


# A generating tree: ("num", Fraction, text) | ("var", name) | ("add"|"sub"|"mul", l, r) | ("neg", t)
# | ("pow", t, k, op) | ("div", t, Fraction, text) | ("paren", t)
VARS = ["x", "y", "z_1", "w2"]


def _num_text(draw):
    kind = draw(st.sampled_from(["int", "dec"]))
    if kind == "int":
        n = draw(st.integers(0, 50))
        return Fraction(n), str(n)
    whole, frac = draw(st.integers(0, 20)), draw(st.text(alphabet="0123456789", min_size=1, max_size=3))
    return Fraction(int(str(whole) + frac), 10 ** len(frac)), f"{whole}.{frac}"


@st.composite
def trees(draw, depth=0):
    leaf = depth >= 4 or draw(st.integers(0, 3)) == 0
    if leaf:
        if draw(st.booleans()):
            return ("var", draw(st.sampled_from(VARS)))
        value, text = _num_text(draw)
        return ("num", value, text)
    op = draw(st.sampled_from(["add", "sub", "mul", "neg", "pow", "div", "paren"]))
    if op in ("add", "sub", "mul"):
        return (op, draw(trees(depth + 1)), draw(trees(depth + 1)))
    if op in ("neg", "paren"):
        return (op, draw(trees(depth + 1)))
    if op == "pow":
        return ("pow", draw(trees(depth + 1)), draw(st.integers(0, 3)), draw(st.sampled_from(["^", "**"])))
    value, text = _num_text(draw)
    if value == 0:
        value, text = Fraction(7, 2), "3.5"
    return ("div", draw(trees(depth + 1)), value, text)


def render(t, ws):
    """Text for tree t, parenthesised so that the grammar's precedence gives the tree's structure."""
    sp = " " if ws else ""
    kind = t[0]
    if kind == "num":
        return t[2]
    if kind == "var":
        return t[1]
    if kind == "paren":
        return f"({sp}{render(t[1], ws)}{sp})"
    if kind == "neg":
        return f"-({render(t[1], ws)})"
    if kind == "pow":
        return f"({render(t[1], ws)}){t[3]}{t[2]}"
    if kind == "div":
        return f"({render(t[1], ws)}){sp}/{sp}{t[3]}"
    sym = {"add": "+", "sub": "-", "mul": "*"}[kind]
    return f"({render(t[1], ws)}){sp}{sym}{sp}({render(t[2], ws)})"


def poly_of(t):
    """Independent evaluation of the tree with kernel Poly arithmetic (no parsing involved)."""
    kind = t[0]
    if kind == "num":
        return Poly.const(t[1])
    if kind == "var":
        return Poly.var(t[1])
    if kind == "paren":
        return poly_of(t[1])
    if kind == "neg":
        return -poly_of(t[1])
    if kind == "pow":
        out = Poly.const(1)
        for _ in range(t[2]):
            out = out * poly_of(t[1])
        return out
    if kind == "div":
        return poly_of(t[1]) * Poly.const(1 / t[2])
    a, b = poly_of(t[1]), poly_of(t[2])
    return a + b if kind == "add" else a - b if kind == "sub" else a * b


def value_at(t, point):
    """Plain Fraction evaluation of the tree at a point (a second, even more independent check)."""
    kind = t[0]
    if kind == "num":
        return t[1]
    if kind == "var":
        return point[t[1]]
    if kind in ("paren",):
        return value_at(t[1], point)
    if kind == "neg":
        return -value_at(t[1], point)
    if kind == "pow":
        return value_at(t[1], point) ** t[2]
    if kind == "div":
        return value_at(t[1], point) / t[2]
    a, b = value_at(t[1], point), value_at(t[2], point)
    return a + b if kind == "add" else a - b if kind == "sub" else a * b


@FUZZ
@given(trees(), st.booleans(),
       st.fixed_dictionaries({v: st.fractions(min_value=-5, max_value=5, max_denominator=7) for v in VARS}))
def test_well_formed_expressions_parse_to_the_tree_value(tree, ws, point):
    text = render(tree, ws)
    got = parse_poly_raw(text)
    assert got == poly_of(tree), text
    assert got.evaluate(point) == value_at(tree, point), text


# ---------------------------------------------------------------------------------------- loader
NAMES = st.sampled_from(["A", "B", "C", "M", "X"])
OPS = ["product", "kron", "khatri_rao", "khatri_rao_blocks", "tracy_singh", "transpose", "hstack", "vstack",
       "block_diag", "sum", "scale", "identity", "zeros", "random", "symbolic", "file", "bogus"]
SCALARS = st.one_of(st.integers(-3, 3), st.sampled_from(["1/2", "x", "x*y - 1", "0.5", "1/0", "(x", "", "A"]),
                    st.booleans(), st.none(), st.floats(allow_nan=False, width=16), st.text(max_size=5))


def small_rows():
    return st.integers(1, 3).flatmap(lambda n: st.lists(st.lists(SCALARS, min_size=n, max_size=n), min_size=1, max_size=3))


def forms():
    sizes = st.one_of(st.integers(-1, 4), st.lists(st.integers(-1, 4), max_size=3))
    return st.recursive(
        st.one_of(NAMES, small_rows(), SCALARS,
                  st.fixed_dictionaries({"identity": st.one_of(st.integers(-1, 4), SCALARS)}),
                  st.fixed_dictionaries({"zeros": sizes}),
                  st.fixed_dictionaries({"random": st.fixed_dictionaries(
                      {"shape": sizes, "low": st.integers(-3, 3), "high": st.integers(-3, 3),
                       "seed": st.integers(-1, 5)})}),
                  st.fixed_dictionaries({"symbolic": sizes, "name": st.sampled_from(["x", "w", "9"])}),
                  st.fixed_dictionaries({"file": st.sampled_from(["a.npy", "b.csv", "c.mtx", "../x.npy"])})),
        lambda inner: st.one_of(
            st.builds(lambda op, args: {op: args}, st.sampled_from(OPS), st.lists(inner, max_size=3)),
            st.builds(lambda op, arg: {op: arg}, st.sampled_from(OPS), inner),
            st.builds(lambda args, r, c: {"khatri_rao_blocks": args, "rows": r, "cols": c},
                      st.lists(inner, max_size=2), st.lists(sizes, max_size=2), st.lists(sizes, max_size=2)),
            st.builds(lambda args, ra, cb: {"tracy_singh": args, "rows_a": ra, "cols_b": cb},
                      st.lists(inner, max_size=2), sizes, sizes),
            st.dictionaries(st.sampled_from(OPS), inner, max_size=2),
        ),
        max_leaves=6)


KEYS_OF = {
    "rank": ["matrix"], "determinant": ["matrix"], "inertia": ["matrix"], "generic_rank": ["matrix"],
    "rank_at": ["matrix", "point"], "boolean_determinant": ["matrix"], "claim": ["claim", "params"],
    "rank_inequality": ["inequality", "A", "B", "C"],
}
GOOD_ROWS = st.integers(1, 3).flatmap(
    lambda n: st.lists(st.lists(st.one_of(st.integers(-2, 2), st.sampled_from(["x", "1/2", "x*y"])),
                                min_size=n, max_size=n), min_size=1, max_size=3))
GOOD_LEAF = st.one_of(NAMES, GOOD_ROWS, st.builds(lambda n: {"identity": n}, st.integers(1, 3)),
                      st.builds(lambda s: {"random": {"shape": s, "low": -2, "high": 2, "seed": 1}},
                                st.lists(st.integers(1, 3), min_size=2, max_size=2)))
GOOD_FORMS = st.recursive(GOOD_LEAF, lambda inner: st.builds(
    lambda op, args: {op: args if op != "transpose" else args[0]},
    st.sampled_from(["product", "kron", "khatri_rao", "tracy_singh", "transpose", "hstack", "vstack", "sum"]),
    st.lists(inner, min_size=1, max_size=2)), max_leaves=4)


@st.composite
def documents(draw):
    """Mostly well-formed skeletons (so that building is reached), with random damage."""
    check = draw(st.sampled_from(sorted(KEYS_OF) + ["nope"]))
    damaged = draw(st.integers(0, 5)) == 0
    case = {"id": draw(SCALARS) if damaged and draw(st.booleans()) else "c1", "check": check}
    keys = list(KEYS_OF.get(check, [])) + ["expect"] * draw(st.booleans())
    if check != "claim":
        keys += ["let"] * draw(st.booleans())
    if damaged:
        keys += draw(st.lists(st.sampled_from(["crosscheck", "limits", "title", "extra", "point", "matrix"]),
                              max_size=2, unique=True))
    good = draw(st.integers(0, 3)) > 0
    for k in keys:
        if k == "let":
            case[k] = draw(st.dictionaries(st.one_of(NAMES, st.sampled_from(["2x", "y"])),
                                           GOOD_FORMS if good else forms(), max_size=4))
        elif k in ("matrix", "A", "B", "C"):
            case[k] = draw(GOOD_FORMS if good else forms())
        elif k == "expect" and not damaged:
            case[k] = draw(st.sampled_from([{"rank": 1}, {"rank": "full"}, {"det": "nonzero"}, {"det": -2},
                                            {"inertia": [1, 0, 0]}, {"definiteness": "pd"}, {"detbool": 1},
                                            {"holds": True}, {"verdict": "refuted"}]))
        elif k == "expect":
            case[k] = draw(st.dictionaries(st.sampled_from(["rank", "det", "inertia", "definiteness", "detbool",
                                                            "holds", "tight", "verdict", "x"]),
                                           st.one_of(SCALARS, st.sampled_from(["full", ">= 2", "nonzero", "pd"]),
                                                     st.lists(st.integers(-1, 3), max_size=4)), max_size=2))
        elif k == "point":
            case[k] = draw(st.dictionaries(st.sampled_from(["x", "y", "x_1_1", "1"]),
                                           st.one_of(st.integers(-2, 2), SCALARS), max_size=3))
        elif k == "inequality":
            case[k] = draw(st.sampled_from(["sylvester", "frobenius", "combined", "other"]))
        elif k == "limits":
            case[k] = draw(st.dictionaries(st.sampled_from(["max_entries", "seconds", "x"]), SCALARS, max_size=2))
        elif k == "claim":
            case[k] = draw(st.sampled_from(["gia.lemma2", "", 3]))
        elif k == "params":
            case[k] = draw(st.dictionaries(st.sampled_from(["d", "seed"]), SCALARS, max_size=2))
        else:
            case[k] = draw(SCALARS)
    if check == "rank_inequality" and case.get("inequality") == "sylvester" and draw(st.booleans()):
        case.pop("C", None)
    wrap = draw(st.sampled_from(["single", "cases", "list"]))
    return case if wrap == "single" else {"cases": [case]} if wrap == "cases" else [case]


def _load_and_build(path):
    try:
        for case in load_file(path):
            try:
                build_objects(case, max_entries=2000)
            except Unknown:
                pass
    except CaseError as e:
        assert str(e).startswith(os.path.basename(path)) or os.path.basename(path) in str(e)


LOADER_FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@LOADER_FUZZ
@given(documents())
def test_random_documents_give_cases_or_case_errors(doc):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "fuzz.yaml")
        with open(path, "w") as f:
            f.write(yaml.safe_dump(doc, default_flow_style=True))
        _load_and_build(path)


YAMLISH = st.text(alphabet="idchekmatrx:{}[], -\n\t'\"!&*|>#%@01./yz_", max_size=120)


@LOADER_FUZZ
@given(st.one_of(YAMLISH, st.text(max_size=60)), st.sampled_from(["fuzz.yaml", "fuzz.toml"]))
def test_random_text_gives_cases_or_case_errors(text, name):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
            f.write(text)
        _load_and_build(path)
