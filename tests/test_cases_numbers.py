"""Exact numbers, the polynomial grammar and the random generator of case files."""

from fractions import Fraction

import pytest

from verify.cases import randgen
from verify.cases.numbers import FloatLiteral, InputError, OddLiteral, parse_int, parse_number
from verify.cases.polyparse import MAX_DEPTH, MAX_EXPONENT, PolySyntaxError, parse_poly
from verify.kernel.poly import Poly

x, y, a, b = (Poly.var(v) for v in "xyab")


# ---------------------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("value, expected", [
    (7, 7), (-3, -3), ("12", 12), ("-3/4", Fraction(-3, 4)), ("+1/2", Fraction(1, 2)), ("6/3", 2),
    ("0.125", Fraction(1, 8)), ("-2.5", Fraction(-5, 2)), (".5", Fraction(1, 2)), ("3.", 3),
    ("0.1", Fraction(1, 10)), (" 4/8 ", Fraction(1, 2)), ("1.000", 1),
])
def test_parse_number_exact(value, expected):
    got = parse_number(value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("value, fragment", [
    (True, "boolean"), (False, "boolean"), (None, "expected a number"), ([1], "expected a number"),
    (FloatLiteral("0.1"), "\"0.1\""), (FloatLiteral("1e-3"), "\"0.001\""), (FloatLiteral(".inf"), "not an exact"),
    (0.5, "float literal"), ("1e-", "not an exact number"), ("1/0", "division by zero"),
    ("\u0661\u0662", "ASCII digits"), ("1_000", "not an exact number"), ("x", "not an exact number"),
    ("1/-2", "not an exact number"), ("", "not an exact number"), (OddLiteral("010"), "plain decimal"),
    ("1" * 5000, "too long"),
])
def test_parse_number_rejects(value, fragment):
    with pytest.raises(InputError) as e:
        parse_number(value)
    assert fragment in str(e.value)


def test_float_suggestion_is_the_exact_decimal():
    with pytest.raises(InputError, match=r'"0.1"'):
        parse_number(FloatLiteral("0.1"))
    with pytest.raises(InputError, match=r'"-12500.0"'):
        parse_number(FloatLiteral("-1.25e4"))


def test_parse_int():
    assert parse_int(5) == 5 and parse_int("5") == 5
    for bad in (True, "5.0", FloatLiteral("5.0"), 2.0, "x"):
        with pytest.raises(InputError):
            parse_int(bad)
    with pytest.raises(InputError, match=">= 1"):
        parse_int(0, minimum=1)


# ---------------------------------------------------------------------------------------- grammar
@pytest.mark.parametrize("text, expected", [
    ("x*y - 1/2", x * y - Fraction(1, 2)),
    ("(a + b)^2", a * a + 2 * a * b + b * b),
    ("(a + b)**2", a * a + 2 * a * b + b * b),
    ("-x^2", -(x * x)),
    ("(-x)^2", x * x),
    ("1/2*x", Fraction(1, 2) * x),
    ("x/2/2", Fraction(1, 4) * x),
    ("x / (1 + 1)", Fraction(1, 2) * x),
    ("0.125 * x", Fraction(1, 8) * x),
    ("2 - 3 - 4", -5),
    ("2*-x", -2 * x),
    ("--x", x),
    ("+x", x),
    ("x^0", 1),
    ("x - x", 0),
    ("3/6", Fraction(1, 2)),
    ("2^10", 1024),
    ("x_1_2 * var_B9", Poly.var("x_1_2") * Poly.var("var_B9")),
    ("(x + 1)*(x - 1)", x * x - 1),
    ("  x\t+\n1 ", x + 1),
])
def test_parse_poly_values(text, expected):
    got = parse_poly(text)
    assert got == expected
    if not isinstance(expected, Poly):
        assert not isinstance(got, Poly)  # constants come back as scalars


def test_parse_poly_round_trips_to_text():
    p = parse_poly("(x - 2/3*y)^3 + 7/5")
    assert parse_poly(p.to_text()) == p


@pytest.mark.parametrize("text, fragment, column", [
    ("__import__('os')", "unexpected character", 12),
    ("__import__ (x)", "function calls", 1),
    ("os.system('ls')", "unexpected character", 3),
    ("exp(x)", "function calls", 1),
    ("x/y", "division by a non-constant", 3),
    ("x/(y-y)", "division by zero", 3),
    ("1/0", "division by zero", 3),
    ("2^3^2", "chained powers", 4),
    ("x^-1", "non-negative integer literal", 3),
    ("x^1.5", "non-negative integer literal", 3),
    ("x^(2)", "non-negative integer literal", 3),
    ("x^y", "non-negative integer literal", 3),
    (f"x^{MAX_EXPONENT + 1}", "exceeds the limit", 3),
    ("2x", "implicit multiplication", 2),
    ("x y", "implicit multiplication", 3),
    ("(x", "missing ')'", 1),
    ("x)", "unexpected ')'", 2),
    ("", "empty expression", 1),
    ("x +", "unexpected end", 4),
    ("x**", "non-negative integer literal", 4),
    ("1e-3x", "implicit multiplication", 5),
    ("x ≤ 1", "U+2264", 3),
    ("[x]", "unexpected character '['", 1),
])
def test_parse_poly_errors_name_the_column(text, fragment, column):
    with pytest.raises(PolySyntaxError) as e:
        parse_poly(text)
    assert fragment in str(e.value)
    assert f"column {column}" in str(e.value)
    assert e.value.pos == column - 1


def test_parse_poly_limits():
    with pytest.raises(PolySyntaxError, match="nesting deeper"):
        parse_poly("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(PolySyntaxError, match="nesting deeper"):
        parse_poly("-" * (MAX_DEPTH + 1) + "x")
    assert parse_poly("(" * 30 + "x" + ")" * 30) == x
    with pytest.raises(PolySyntaxError, match="longer than"):
        parse_poly("x+" * 6000 + "x")
    with pytest.raises(PolySyntaxError, match="terms"):
        parse_poly("(a+b+x+y+1)^40")  # C(44, 4) = 135751 terms
    with pytest.raises(PolySyntaxError, match="bits"):
        parse_poly("(" + "9" * 300 + ")^1000")
    with pytest.raises(PolySyntaxError, match="longer than"):
        parse_poly("1" * 5000)
    with pytest.raises(PolySyntaxError, match="expected a string"):
        parse_poly(5)


# ---------------------------------------------------------------------------------------- generator
def test_splitmix64_known_vectors():
    # SplitMix64 reference outputs (seed 0: 0xE220A8397B1DCDAF; seed 1234567: Vigna's test vector)
    full = (0, (1 << 64) - 1)
    assert randgen.random_values_reference(1, *full, 0) == [0xE220A8397B1DCDAF]
    assert randgen.random_values_reference(3, *full, 1234567) == [
        6457827717110365317, 3203168211198807973, 9817491932198370423]


@pytest.mark.parametrize("count, low, high, seed", [
    (200, -3, 3, 0), (100, 0, (1 << 64) - 1, (1 << 64) - 1), (300, -(1 << 63), (1 << 63) - 1, 12345),
    (50, 5, 5, 7), (500, 0, (1 << 63) + 5, 99),  # range just above 2**63: about half the draws rejected
    (1000, -1, 1, 2024), (257, 10 ** 30, 10 ** 30 + 6, 3), (0, 0, 1, 0),
])
def test_vectorised_generator_matches_reference(count, low, high, seed):
    ref = randgen.random_values_reference(count, low, high, seed)
    assert randgen.random_values(count, low, high, seed) == ref
    assert all(low <= v <= high for v in ref)


def test_generator_prefix_property_and_rejection():
    long = randgen.random_values(1000, 0, (1 << 63) + 5, 99)
    assert randgen.random_values(10, 0, (1 << 63) + 5, 99) == long[:10]
    # with R = 2**63 + 6, LIMIT = 2**64 - (2**64 mod R) = R; outputs >= R are rejected,
    # so accepted values are the raw outputs themselves (z mod R == z)
    raw = []
    state = 99
    while len(raw) < 10:
        state = (state + randgen.GAMMA) & randgen.MASK
        z = randgen._mix(state)
        if z < (1 << 63) + 6:
            raw.append(z)
    assert long[:10] == raw


def test_generator_is_roughly_uniform():
    vals = randgen.random_values(30000, -2, 2, 5)
    counts = [vals.count(v) for v in range(-2, 3)]
    assert all(5600 < c < 6400 for c in counts)


@pytest.mark.parametrize("args", [(5, 3, 2, 0), (5, 0, 1 << 64, 0), (5, 0, 1, -1), (5, 0, 1, 1 << 64), (5, 0, 1, True)])
def test_generator_domain(args):
    with pytest.raises(ValueError):
        randgen.random_values(*args)
    with pytest.raises(ValueError):
        randgen.random_values_reference(*args)
