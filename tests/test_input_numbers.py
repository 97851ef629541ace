"""Input as people paste it: U+2212 minus, multiplication sign and middle dot, exact scientific
notation in strings (one exact number reader, `verify/cases/numbers.py`)."""

import json
from fractions import Fraction

import pytest
import sympy

from verify import cli
from verify.cases import load_file, parse_number, parse_poly
from verify.cases.numbers import InputError, normalize_text, parse_number_text
from verify.cases.sources import read_csv


@pytest.mark.parametrize("text, want", [
    ("1e-3", Fraction(1, 1000)), ("2.5E4", 25000), ("-1.25e-2", Fraction(-1, 80)), (".5e1", 5),
    ("+3E0", 3), ("7.e2", 700), ("1e1000", 10 ** 1000), ("\u22121", -1), ("\u22123/4", Fraction(-3, 4)),
    ("\u22121e\u22123", Fraction(-1, 1000)),
])
def test_exact_numbers(text, want):
    got = parse_number(text)
    assert got == want and type(got) is (int if Fraction(want).denominator == 1 else Fraction)
    assert got == sympy.Rational(text.replace("\u2212", "-"))  # independent reading


@pytest.mark.parametrize("text", ["1e", "e3", "1e1001", "1e-3.5", "1_0e2", "1e\u00d72"])
def test_bad_numbers(text):
    with pytest.raises(InputError):
        parse_number_text(text)


def test_polynomials_with_pasted_signs_and_exponents():
    x, y = sympy.symbols("x y")
    p = parse_poly("2\u00d7x\u00b7y \u2212 1e-3\u22c5x^2")
    assert sympy.expand(sympy.sympify(p.to_text() if hasattr(p, "to_text") else str(p))) == \
        sympy.expand(2 * x * y - sympy.Rational(1, 1000) * x ** 2)
    assert normalize_text("a \u2212 b \u00d7 c")[0] == "a - b * c"


def test_csv_scientific_is_the_same_reader(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("1e-3,\u22122\n2.5E4,1/3\n")
    M = read_csv(str(f), 100)
    assert [list(r) for r in M.rows] == [[Fraction(1, 1000), -2], [25000, Fraction(1, 3)]]


def test_run_notes_the_mapping(tmp_path, capsys):
    f = tmp_path / "c.yaml"
    f.write_text('id: pdf\ntitle: "det \u2212 kept in titles"\ncheck: determinant\n'
                 'matrix: [["\u22121", "1e-3"], [2, "3\u00d72"]]\nexpect: {det: "\u22126.002"}\n')
    (case,) = load_file(str(f))
    assert case.title == "det \u2212 kept in titles"
    assert case.input_notes == ["matrix[1][1]: U+2212 MINUS SIGN read as '-' (pasted text)",
                                "matrix[2][2]: U+00D7 MULTIPLICATION SIGN read as '*' (pasted text)",
                                "expect.det: U+2212 MINUS SIGN read as '-' (pasted text)"]
    status = cli.main(["run", "--inline", "--json", "--no-report", "--out", str(tmp_path / "o"), str(f)])
    rec = json.loads(capsys.readouterr().out)
    want = sympy.Matrix([[-1, sympy.Rational(1, 1000)], [2, 6]]).det()
    assert want == sympy.Rational("-6.002")
    assert status == 0 and rec["verdict"] == "CONFIRMED" and rec["value"]["det"] == str(want)
    assert rec["input_notes"] == case.input_notes and case.input_notes[0] in rec["notes"]
    cli.main(["check", str(tmp_path / "o" / "pdf.cert.json")])
    assert capsys.readouterr().out.startswith("ACCEPTED")
