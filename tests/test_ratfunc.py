"""Rational-function entries over Q(x) (`cases/ratfunc.py`, `kernel/ratfunc.py`): the grammar, the
clearing of denominators and its lemmas, the shipped cases of `cases/rational/`, the input errors,
and forged certificates.  sympy is the independent answer throughout."""

import copy
import json
import os
import random
from fractions import Fraction

import pytest
import sympy as sp
import yaml

from verify import forge
from verify.checker import check_certificate
from verify.cli import main
from verify.errors import CertificateError
from verify.kernel.exact import decode_entry, encode_entry
from verify.kernel.poly import Poly
from verify.cases.numbers import InputError
from verify.cases.ratfunc import RatFunc, RationalMatrix, inline_rows, parse_ratfunc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CASE_DIR = os.path.join(ROOT, "cases", "rational")


def to_sympy(x):
    """A parsed entry (int, Fraction, Poly, RatFunc) as a sympy expression."""
    if isinstance(x, RatFunc):
        return to_sympy(x.num) / to_sympy(x.den)
    if isinstance(x, Poly):
        return sum((sp.Rational(c.numerator, c.denominator) * sp.Mul(*[sp.Symbol(v) ** e for v, e in m])
                    for m, c in x.terms.items()), sp.Integer(0))
    x = Fraction(x)
    return sp.Rational(x.numerator, x.denominator)


def from_text(text):
    """sympy's own reading of an entry string (the test's independent parse)."""
    if isinstance(text, int):
        return sp.Integer(text)
    return sp.sympify(str(text).replace("^", "**"), rational=True)


# ------------------------------------------------------------------------------------ grammar
PARSE_TABLE = ["x/(1 + x)", "1 - 1/x", "1/(1/x)", "(x/(1 + x))^2", "1/x + 1/x", "x/2/y", "1/x + 1/y",
               "(a*b - 1)/(a - b)^3 * (a - b)", "3/(2*y) - y/3", "x*y - 1/2", "1/(1 + 1/(1 + x))", "-x^2/(-x)"]


@pytest.mark.parametrize("text", PARSE_TABLE)
def test_parse_agrees_with_sympy(text):
    got = parse_ratfunc(text)
    assert sp.cancel(to_sympy(got) - from_text(text)) == 0


def _random_expr(rng, depth=0):
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(["x", "y", "1", "2", "1/2", "3", "(x + 1)", "(y - 2)", "(x - y)"])
    op = rng.choice(["+", "-", "*", "/", "/", "^"])
    a = _random_expr(rng, depth + 1)
    if op == "^":
        return f"({a})^{rng.randint(0, 3)}"
    return f"({a}) {op} ({_random_expr(rng, depth + 1)})"


def test_random_expressions_agree_with_sympy():
    """Random nested sums, products, quotients and powers: the same value as sympy's, and every
    written denominator (sympy's reading of each divisor) is among the entry's zero conditions."""
    rng, n = random.Random(1215), 0
    while n < 150:
        text = _random_expr(rng)
        want = from_text(text)
        try:
            got = parse_ratfunc(text)
        except InputError as e:
            assert "division by zero" in e.message, (text, e.message)
            continue
        n += 1
        assert sp.cancel(to_sympy(got) - want) == 0, text
        if isinstance(got, RatFunc):
            den = sp.fraction(sp.cancel(want))[1]
            xy = sp.symbols("x y")
            for f, _ in sp.factor_list(den, *xy)[1]:  # every pole is a zero of a written denominator
                assert any(sp.div(to_sympy(w), f, *xy)[1] == 0 for w in got.written), (text, f)


def test_written_denominators_are_kept():
    f = parse_ratfunc("1/(1/x)")  # the fraction is x/1, but the entry is undefined at x = 0
    assert isinstance(f, RatFunc) and f.den == 1 and not f.defined_at({"x": 0}) and f.defined_at({"x": 2})
    g = parse_ratfunc("1/(1 + 1/(1 + x))")
    assert not g.defined_at({"x": -1}) and not g.defined_at({"x": -2}) and g.defined_at({"x": 0})
    assert parse_ratfunc("x*y - 1/2") == Poly.var("x") * Poly.var("y") - Fraction(1, 2)


@pytest.mark.parametrize("text, message", [("1/(x - x)", "division by zero"), ("x/0", "division by zero"),
                                           ("x/(1 + x", "missing ')'"), ("exp(x)/x", "function calls"),
                                           ("x^(-1)", "exponent")])
def test_parse_errors(text, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_ratfunc(text)


# ------------------------------------------------------------------------------------ clearing
def _random_entry(rng):
    x, y = "x", "y"
    num = rng.choice(["0", "1", x, f"{x} - {rng.randint(1, 3)}", f"{x}*{y}", f"{rng.randint(-3, 3)}"])
    den = rng.choice(["", f"(1 + {x})", f"{y}", f"({x} - {y})", f"({x} + 2)^2"])
    return num if not den else f"{num}/{den}"


def test_clearing_lemmas_against_sympy():
    """N = diag(d) M entrywise, rank N = rank M, det M = det N / prod d (random small matrices)."""
    rng = random.Random(15)
    for trial in range(6):
        n = rng.choice([2, 3])
        rows = [[_random_entry(rng) for _ in range(n)] for _ in range(n)]
        rows[0][0] = "1/(1 + x)"  # at least one rational-function entry
        R = inline_rows(rows, 10_000)
        assert isinstance(R, RationalMatrix)
        N, D = R.cleared()
        M = sp.Matrix([[from_text(e) for e in r] for r in rows])
        for i in range(n):
            d = to_sympy(D.rows[i][0])
            assert d != 0
            for j in range(n):
                assert sp.cancel(to_sympy(N.rows[i][j]) - d * M[i, j]) == 0
        Ns = sp.Matrix([[to_sympy(e) for e in r] for r in N.rows])
        S = sp.Mul(*[to_sympy(r[0]) for r in D.rows])
        assert sp.cancel(Ns.det() / S - sp.cancel(M.det())) == 0, rows
        assert Ns.rank(simplify=True) == M.applyfunc(sp.cancel).rank(iszerofunc=lambda e: sp.cancel(e) == 0)


# ------------------------------------------------------------------------------------ shipped cases
@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """`verify run cases/rational` once: {id: result record}, and the output directory."""
    out = tmp_path_factory.mktemp("rational")
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(["run", "cases/rational", "--out", str(out), "--no-report", "-q", "-j", "2", "--json"])
    finally:
        os.chdir(old)
    assert code == 1  # one case is REFUTED by design
    records = {}
    for f in out.glob("*.json"):
        if not f.name.endswith(".cert.json") and f.name.startswith("rational."):
            rec = json.loads(f.read_text())
            if isinstance(rec, dict) and "verdict" in rec:
                records[rec["id"]] = rec
    return records, out


def shipped_cases():
    out = []
    for name in sorted(os.listdir(CASE_DIR)):
        if name.endswith(".yaml"):
            with open(os.path.join(CASE_DIR, name)) as f:
                out += yaml.safe_load(f)["cases"]
    return out


def sympy_matrix(case):
    rows = case["matrix"]
    if isinstance(rows, str):
        rows = case["let"][rows]
    return sp.Matrix([[from_text(e) for e in r] for r in rows])


def _value_of(case, run):
    records, out = run
    rec = records.get(case["id"])
    if rec is None:  # the result record's file name may differ; the certificate has the conclusion
        cert = json.loads((out / f"{case['id']}.cert.json").read_text())
        return cert["conclusion"]["value"], cert["conclusion"]["verdict"]
    return rec["value"], rec["verdict"]


def test_shipped_cases_agree_with_sympy(run):
    cases = shipped_cases()
    assert len(cases) >= 9
    rng = random.Random(12)
    for case in cases:
        value, verdict = _value_of(case, run)
        M = sympy_matrix(case)
        if case["check"] == "determinant":
            det = sp.cancel(M.det())
            assert sp.cancel(from_text(value["det"]) - det) == 0, case["id"]
            if "expect" in case:
                holds = sp.cancel(from_text(case["expect"]["det"]) - det) == 0
                assert verdict == ("CONFIRMED" if holds else "REFUTED"), case["id"]
            else:
                assert verdict == "COMPUTED"
            num, den = sp.fraction(sp.together(from_text(value["det"])))
            assert sp.gcd(num, den).is_number, f"{case['id']}: the fraction shown is not reduced"
        elif case["check"] == "rank_at":
            pt = {sp.Symbol(k): sp.Rational(str(v)) for k, v in case["point"].items()}
            assert value["rank"] == M.subs(pt).rank(), case["id"]
        else:  # generic_rank: a random point gives a lower bound, vanishing minors the upper one
            syms = sorted(M.free_symbols, key=str)
            lb = max(M.subs({s: sp.Rational(rng.randint(1, 97), rng.randint(1, 13)) for s in syms}).rank()
                     for _ in range(2))
            if lb < min(M.shape):
                assert M.applyfunc(sp.cancel).rank(iszerofunc=lambda e: sp.cancel(e) == 0) == lb
            assert value["rank"] == lb, case["id"]
        if "expect" in case and case["check"] != "determinant":
            want = case["expect"]["rank"]
            want = min(M.shape) if want == "full" else want
            assert verdict == ("CONFIRMED" if value["rank"] == want else "REFUTED"), case["id"]


# ------------------------------------------------------------------------------------ input errors
def _run_one(tmp_path, capsys, text):
    (tmp_path / "c.yaml").write_text(text)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = main(["run", "c.yaml", "--out", "out", "--no-report", "-q", "--json"])
    finally:
        os.chdir(old)
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    return code, lines[0]


@pytest.mark.parametrize("text, where", [
    ('{id: e.pole, check: rank_at, matrix: [[1, "x/(1 + x)"], ["1 - 1/x", 1]], point: {x: -1}}',
     ["c.yaml", "e.pole", "point", "entry (1, 2)", "x/(x + 1)", "undefined"]),
    ('{id: e.pole2, check: rank_at, matrix: [[1, "x/(1 + x)"], ["1 - 1/x", 1]], point: {x: 0}}',
     ["entry (2, 1)"]),
    ('{id: e.pole3, check: rank_at, matrix: [["1/(1/x)"]], point: {x: 0}}', ["entry (1, 1)"]),
    ('{id: e.rank, check: rank, matrix: [["x/(1 + x)"]]}',
     ["e.rank", "matrix[1][1]", "allowed in checks determinant, generic_rank and rank_at"]),
    ('{id: e.prod, check: generic_rank, matrix: {product: [A, A]}, let: {A: [["1/x"]]}}',
     ["e.prod", "matrix.product[1]", "not as an operand of product"]),
    ('{id: e.sum, check: determinant, matrix: {sum: [[["1/x"]], [[1]]]}}', ["matrix.sum[1]", "operand of sum"]),
    ('{id: e.zero, check: determinant, matrix: [["1/(x - x)"]]}', ["matrix[1][1]", "division by zero"]),
    ('{id: e.exp, check: determinant, matrix: [["1/x"]], expect: {det: "1/(y - y)"}}',
     ["expect.det", "division by zero"]),
    ('{id: e.var, check: determinant, matrix: [["1/x"]], expect: {det: "1/y"}}', ["expect.det", "y"]),
])
def test_input_errors_name_file_case_key(tmp_path, capsys, text, where):
    code, rec = _run_one(tmp_path, capsys, text)
    assert code == 2 and rec["verdict"] == "ERROR"
    for w in where:
        assert w in rec["reason"], (w, rec["reason"])


def test_transposed_rows_and_lets_are_allowed(tmp_path, capsys):
    """det of the transpose (a let name) equals det M: (1 - 2x)/x^2."""
    code, rec = _run_one(tmp_path, capsys, '{id: t, check: determinant, matrix: {transpose: A}, '
                                           'let: {A: [["1 - 1/x", 1], [1, "1 - 1/x"]]}, '
                                           'expect: {det: "(1 - 2*x)/x^2"}}')
    assert code == 0 and rec["verdict"] == "CONFIRMED"
    assert sp.cancel(from_text(rec["value"]["det"]) - (1 - 2 * sp.Symbol("x")) / sp.Symbol("x") ** 2) == 0


# ------------------------------------------------------------------------------------ forgeries
def cert_of(run, cid):
    return json.loads((run[1] / f"{cid}.cert.json").read_text())


def outcome(cert, problem="auto"):
    try:
        return check_certificate(cert, ROOT, problem)["verdict"]
    except CertificateError as e:
        return f"rejected: {e}"


def _fraction_ob(cert):
    return next(ob for ob in cert["obligations"] if ob["rule"] == "det_fraction")


def _bump_poly(enc):
    """The polynomial (or number) `enc` with its first coefficient changed."""
    v = decode_entry(enc)
    return encode_entry(v + 1 if not isinstance(v, Poly) else v + Poly.var(v.variables()[0]))


@pytest.mark.parametrize("field", ["scale", "num", "den", "det", "gcd"])
def test_edited_fraction_is_rejected(run, field):
    for cid in ("rational.det-one-minus-inverse", "rational.det-gcd", "rational.det-cancel"):
        cert = cert_of(run, cid)
        assert outcome(cert) == cert["conclusion"]["verdict"]
        forged = copy.deepcopy(cert)
        ob = _fraction_ob(forged)
        ob[field] = _bump_poly(ob[field])
        assert outcome(forged).startswith("rejected"), (cid, field)


def test_a_consistent_fraction_about_another_scale_is_not_used(run):
    """A fraction D / S' = P' / Q' with S' not the statement's scale passes the rule
    but is not used: the value shown would be det N / S unreduced, which the certificate's stated
    value is not, so it is rejected; re-deriving the conclusion gives the same verdict."""
    cert = cert_of(run, "rational.det-gcd")
    forged = copy.deepcopy(cert)
    ob = _fraction_ob(forged)
    for k in ("scale", "det", "gcd"):  # 2D = P (2G) and 2S = Q (2G): the rule holds for 2D / 2S
        ob[k] = encode_entry(decode_entry(ob[k]) * 2)
    assert outcome(forged).startswith("rejected: CONCLUSION")
    from verify.checker import resolve_problem
    from verify.kernel.check import derive

    problem, _, _ = resolve_problem(forged, ROOT)
    got = derive(problem, forged["obligations"])
    assert got["verdict"] == cert["conclusion"]["verdict"] and "/" in got["value"]["det"]


def test_edited_scaling_object_or_point_is_rejected(run):
    cert = cert_of(run, "rational.det-one-minus-inverse")
    forged = copy.deepcopy(cert)  # the scaling D of the problem, edited in the object table's copy
    forged["objects"]["D"]["matrix"]["rows"][0][0] = 1
    assert outcome(forged).startswith("rejected: OBJECTS")
    forged = copy.deepcopy(cert)
    forged["objects"]["D"]["sha256"] = forged["objects"]["M"]["sha256"]
    assert outcome(forged).startswith("rejected: OBJECTS")
    at = cert_of(run, "rational.rank-at-drop")
    forged = copy.deepcopy(at)
    forged["params"]["point"]["x"] = "1/3"
    assert outcome(forged).startswith("rejected")
    forged = copy.deepcopy(at)  # in the embedded problem, re-hashed: the objects no longer match
    forged["problem"]["case"]["point"]["x"] = "1/3"
    forge._rehash(forged)
    assert outcome(forged, "embedded").startswith("rejected")


def test_edited_denominator_in_the_embedded_problem_is_rejected(run):
    for cid in ("rational.det-one-minus-inverse", "rational.generic-deficient", "rational.rank-at-drop"):
        cert = cert_of(run, cid)
        assert outcome(cert, "embedded") == cert["conclusion"]["verdict"]
        forged = copy.deepcopy(cert)
        rows = forged["problem"]["case"]["matrix"]
        i, j = next((i, j) for i, r in enumerate(rows) for j, e in enumerate(r) if isinstance(e, str) and "/" in e)
        rows[i][j] = rows[i][j].replace("x", "(x + 1)", 1)
        forge._rehash(forged)
        assert outcome(forged, "embedded").startswith("rejected: OBJECTS"), cid


def test_automatic_mutants_never_change_a_verdict(run):
    files = sorted(str(p) for p in run[1].glob("rational.*.cert.json"))
    data = [json.loads(open(f).read()) for f in files]
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, f in enumerate(files):
            res = forge.forge_certificate(f, [data[(i + 1) % len(data)]], most=4)
            assert res["mutants"] > 10 and not res["failures"], res
    finally:
        os.chdir(old)


def test_a_planted_bug_in_the_fraction_rule_is_caught(run, monkeypatch):
    """Without the rule's products, a forged numerator changes the value and is accepted:
    the forgery tests above can fail."""
    from verify.kernel import ratfunc

    cert = cert_of(run, "rational.det-refuted")
    forged = copy.deepcopy(cert)
    ob = _fraction_ob(forged)
    ob["num"] = encode_entry(Poly.var("x"))
    forged["conclusion"]["value"] = {"det": "x/x^2"}
    assert outcome(forged).startswith("rejected: DET_FRACTION")
    real = ratfunc.check_det_fraction

    def lax(ob, objects):
        S, D, P, Q = (decode_entry(ob[k]) for k in ("scale", "det", "num", "den"))
        return (ratfunc.RULE, ob["matrix"], (S, D, P, Q))

    monkeypatch.setitem(__import__("verify.kernel.rules", fromlist=["RULES"]).RULES, "det_fraction", lax)
    assert outcome(forged) == "REFUTED"
    assert real is not lax


# ------------------------------------------------------------------------------------ library
def test_library_takes_rational_functions():
    import verify

    x = sp.Symbol("x")
    A = sp.Matrix([[x / (1 + x), sp.Rational(1, 2) / x], [1, 1]])
    r = verify.det(A)
    assert r.verdict == "COMPUTED" and isinstance(r.value, RatFunc)
    assert sp.cancel(to_sympy(r.value) - A.det()) == 0
    assert r.check().verdict == "COMPUTED"
    assert verify.det([["1 - 1/x", 1], [1, "1 - 1/x"]], expect="(1 - 2*x)/x^2").verdict == "CONFIRMED"
    assert verify.generic_rank([["x/(1+x)", "1/(1+x)"], ["x", 1]]).value == 1
    assert verify.rank_at([["1 - 1/x", 1], [1, "1 - 1/x"]], {x: sp.Rational(1, 2)}).value == 1
    assert verify.det([["1/(1 + x)", 0], [0, "-1"]]).values == {"det": "-1/(x + 1)"}
