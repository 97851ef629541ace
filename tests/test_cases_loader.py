"""Case files: reading, validation, errors that name file / case / key, objects per check."""

import textwrap
from fractions import Fraction

import pytest

from verify.cases import CHECKS, Case, build_objects, load_file, load_paths
from verify.errors import CaseError
from verify.kernel.exact import Matrix, matmul
from verify.kernel.poly import Poly


def write(tmp_path, text, name="case.yaml"):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text))
    return str(p)


def load_one(tmp_path, text, name="case.yaml"):
    cases = load_file(write(tmp_path, text, name))
    assert len(cases) == 1
    return cases[0]


def case_error(tmp_path, text, key, fragment="", name="case.yaml", build=False, case=None):
    path = write(tmp_path, text, name)
    with pytest.raises(CaseError) as e:
        cases = load_file(path)
        if build:
            for c in cases:
                build_objects(c)
    err = e.value
    msg = str(err)
    assert name in msg, msg
    assert err.key == key, msg
    assert f": {key}: " in msg
    if case is not None:
        assert err.case == case and f"case {case}:" in msg, msg
    assert fragment in msg, msg
    return err


EXAMPLE = """\
id: kr-d3-full            # required, unique in a run: [A-Za-z0-9._-]+
title: Khatri-Rao product of two random 3 x 9 integer matrices has full rank
source: "004, Lemma 2"    # free text: paper file, statement, page
check: rank               # required: which check (see below)
matrix: {khatri_rao: [A, B]}
let:                      # named objects, usable in later expressions
  A: [[1, 2, -3, 0, 5, 1, 1, 0, 2], [0, 1, 1, 4, -2, 3, 0, 1, 1], [7, 0, 1, 1, 1, -1, 2, 2, 0]]
  B: {file: data/B.npy}
expect: {rank: full}      # optional: the statement to certify
crosscheck: [float64]     # optional: float cross-checks to run beside the exact one
"""


def test_the_example_of_cases_md(tmp_path):
    import numpy as np

    (tmp_path / "data").mkdir()
    B = np.arange(27, dtype=np.int64).reshape(3, 9) % 5 - 2
    np.save(tmp_path / "data" / "B.npy", B)
    case = load_one(tmp_path, EXAMPLE)
    assert (case.id, case.check, case.source, case.expect, case.crosscheck) == (
        "kr-d3-full", "rank", "004, Lemma 2", {"rank": "full"}, ["float64"])
    assert case.index == 0 and case.file.endswith("case.yaml") and len(case.file_sha256) == 64
    assert isinstance(case, Case) and case.raw["let"]["B"] == {"file": "data/B.npy"}
    objs = build_objects(case)
    assert set(objs) == {"M"}
    A = case.raw["let"]["A"]
    Mx = objs["M"]
    assert Mx.shape == (9, 9)
    for j in range(9):
        for i in range(3):
            for k in range(3):
                assert Mx.rows[3 * i + k][j] == A[i][j] * int(B[k, j])


def test_toml_case_and_case_list(tmp_path):
    text = """\
    [[cases]]
    id = "t1"
    check = "determinant"
    matrix = [[1, 2], [3, "4/3"]]
    expect = {det = "-14/3"}

    [[cases]]
    id = "t2"
    check = "rank"
    matrix = {product = ["A", "A"]}
    let = {A = [[0, 1], [0, 0]]}
    expect = {rank = "<= 1"}
    """
    cases = load_file(write(tmp_path, text, "c.toml"))
    assert [c.id for c in cases] == ["t1", "t2"] and [c.index for c in cases] == [0, 1]
    assert cases[0].expect == {"det": "-14/3"}
    assert build_objects(cases[0])["M"] == Matrix.from_rows([[1, 2], [3, Fraction(4, 3)]])
    assert build_objects(cases[1])["M"] == Matrix.from_rows([[0, 0], [0, 0]])
    assert cases[1].expect == {"rank": "<= 1"}


def test_toml_float_is_an_error_naming_the_key(tmp_path):
    text = 'id = "t"\ncheck = "rank"\nmatrix = [[1, 0.1]]\n'
    case_error(tmp_path, text, "matrix[1][2]", 'float literal 0.1 is not exact: write it as the string "0.1"',
               name="f.toml", build=True, case="t")


def test_yaml_floats_in_all_spellings(tmp_path):
    for lit, hint in (("0.1", '"0.1"'), ("1e-3", '"0.001"'), ("-2.5E+2", '"-250.0"'), (".inf", "not an exact")):
        case_error(tmp_path, f"id: t\ncheck: rank\nmatrix: [[1, {lit}]]\n", "matrix[1][2]", hint, build=True)


def test_load_paths_recursive_sorted_and_unique(tmp_path):
    write(tmp_path, "id: b\ncheck: rank\nmatrix: [[1]]\n", "d/b.yaml")
    write(tmp_path, "id: a\ncheck: rank\nmatrix: [[1]]\n", "d/sub/a.yml")
    write(tmp_path, 'id = "c"\ncheck = "rank"\nmatrix = [[1]]\n', "d/0c.toml")
    write(tmp_path, "not a case", "d/readme.txt")
    write(tmp_path, "garbage: [", "d/.hidden/x.yaml")
    cases = load_paths([str(tmp_path / "d")])
    assert [c.id for c in cases] == ["c", "b", "a"]  # sorted paths: 0c.toml, b.yaml, sub/a.yml
    write(tmp_path, "id: a\ncheck: rank\nmatrix: [[2]]\n", "e/a2.yaml")
    with pytest.raises(CaseError) as e:
        load_paths([str(tmp_path / "d"), str(tmp_path / "e" / "a2.yaml")])
    assert "duplicate id" in str(e.value) and "a2.yaml" in str(e.value) and e.value.case == "a"
    with pytest.raises(CaseError, match="no such file"):
        load_paths([str(tmp_path / "nope")])
    with pytest.raises(CaseError, match="not a case file"):
        load_paths([str(tmp_path / "d" / "readme.txt")])


def test_duplicate_ids_in_one_file(tmp_path):
    case_error(tmp_path, "cases:\n- {id: a, check: rank, matrix: [[1]]}\n- {id: a, check: rank, matrix: [[1]]}\n",
               "id", "duplicate id", case="a")


# ---------------------------------------------------------------------------------------- safety
def test_python_tags_are_rejected_and_never_run(tmp_path):
    marker = tmp_path / "pwned"
    for text in (
        f"id: t\ncheck: rank\nmatrix: !!python/object/apply:os.system ['touch {marker}']\n",
        f"id: t\ncheck: rank\nmatrix: !!python/object/new:os.system ['touch {marker}']\n",
        "id: t\ncheck: rank\nmatrix: !!python/name:os.system\n",
        "id: !!python/tuple [1, 2]\ncheck: rank\nmatrix: [[1]]\n",
    ):
        case_error(tmp_path, text, "yaml", "not allowed", case="-")
    assert not marker.exists()


def test_polynomial_strings_cannot_run_code(tmp_path):
    import yaml

    marker = tmp_path / "pwned"
    for s in (f"__import__('os').system('touch {marker}')", "eval('1')", "x.__class__", "(lambda: 1)()",
              f"open('{marker}', 'w')", "exec"):
        text = yaml.safe_dump({"id": "t", "check": "generic_rank", "matrix": [[s, 1]]})
        case = load_one(tmp_path, text)
        if s == "exec":  # a bare identifier is just a variable name
            assert build_objects(case)["M"].rows[0][0] == Poly.var("exec")
            continue
        with pytest.raises(CaseError) as e:
            build_objects(case)
        assert e.value.key == "matrix[1][1]" and "column" in str(e.value)
    assert not marker.exists()


def test_billion_laughs_is_refused(tmp_path):
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 100) + "]")
    text = "id: t\ncheck: claim\nclaim: x\nparams:\n" + textwrap.indent("\n".join(lines), "  ") + "\n"
    case_error(tmp_path, text, "yaml", "aliases")


def test_duplicate_yaml_keys(tmp_path):
    case_error(tmp_path, "id: t\ncheck: rank\nmatrix: [[1]]\nmatrix: [[2]]\n", "yaml", "duplicate key 'matrix'")
    case_error(tmp_path, "id: t\ncheck: rank\nmatrix: A\nlet:\n  A: [[1]]\n  A: [[2]]\n", "yaml", "duplicate key 'A'")


def test_toml_duplicate_keys(tmp_path):
    case_error(tmp_path, 'id = "t"\nid = "u"\ncheck = "rank"\n', "toml", "", name="d.toml")


# ---------------------------------------------------------------------------------------- validation
@pytest.mark.parametrize("text, key, fragment", [
    ("check: rank\nmatrix: [[1]]\n", "id", "required"),
    ("id: a b\ncheck: rank\nmatrix: [[1]]\n", "id", "[A-Za-z0-9._-]+"),
    ("id: t\nmatrix: [[1]]\n", "check", "required"),
    ("id: t\ncheck: rnk\nmatrix: [[1]]\n", "check", "one of: rank, determinant"),
    ("id: t\ncheck: rank\n", "matrix", "required by check rank"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nmatirx: [[1]]\n", "matirx", "allowed: id, title"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\npoint: {x: 1}\n", "point", "not used by check rank"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nlet: [1]\n", "let", "mapping"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nlet: {2A: [[1]]}\n", "let.2A", "identifier"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nexpect: {rank: 2.0}\n", "expect.rank", "float literal"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nexpect: {rank: -1}\n", "expect.rank", "non-negative"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nexpect: {rank: most}\n", "expect.rank", "full or deficient"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nexpect: {det: 1}\n", "expect.det", "allowed: rank"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nexpect: 3\n", "expect", "mapping"),
    ("id: t\ncheck: determinant\nmatrix: [[1]]\nexpect: {det: 0.5}\n", "expect.det", '"0.5"'),
    ("id: t\ncheck: inertia\nmatrix: [[1]]\nexpect: {inertia: [1, 0]}\n", "expect.inertia", "[positive, negative, zero]"),
    ("id: t\ncheck: inertia\nmatrix: [[1]]\nexpect: {definiteness: positive}\n", "expect.definiteness", "pd, psd"),
    ("id: t\ncheck: boolean_determinant\nmatrix: [[1]]\nexpect: {detbool: 2}\n", "expect.detbool", "0 or 1"),
    ("id: t\ncheck: boolean_determinant\nmatrix: [[1]]\nexpect: {detbool: true}\n", "expect.detbool", "0 or 1"),
    ("id: t\ncheck: claim\nclaim: x\nexpect: {verdict: maybe}\n", "expect.verdict", "confirmed or refuted"),
    ("id: t\ncheck: claim\n", "claim", "required"),
    ("id: t\ncheck: claim\nclaim: x\nparams: {lr: 0.01}\n", "params.lr", '"0.01"'),
    ("id: t\ncheck: claim\nclaim: x\nparams: [1]\n", "params", "mapping"),
    ("id: t\ncheck: claim\nclaim: x\nmatrix: [[1]]\n", "matrix", "not used by check claim"),
    ("id: t\ncheck: rank_at\nmatrix: [['x']]\n", "point", "required"),
    ("id: t\ncheck: rank_at\nmatrix: [['x']]\npoint: {x: 0.5}\n", "point.x", '"0.5"'),
    ("id: t\ncheck: rank_at\nmatrix: [['x']]\npoint: {x: 'y'}\n", "point.x", "not an exact number"),
    ("id: t\ncheck: rank_inequality\nA: [[1]]\nB: [[1]]\n", "inequality", "sylvester"),
    ("id: t\ncheck: rank_inequality\ninequality: frobenius\nA: [[1]]\nB: [[1]]\n", "C", "needs matrices A, B and C"),
    ("id: t\ncheck: rank_inequality\ninequality: sylvester\nA: [[1]]\n", "inequality", "two matrices"),
    ("id: t\ncheck: rank_inequality\ninequality: sylvester\nA: [[1]]\nB: [[1]]\nC: [[1]]\n", "C", "both B and C"),
    ("id: t\ncheck: rank_inequality\ninequality: sylvester\nA: [[1]]\nB: [[1]]\nlet: {A: [[2]]}\n", "A",
     "both as a top-level key and under let"),
    ("id: t\ncheck: rank_inequality\ninequality: sylvester\nA: [[1]]\nB: [[1]]\nexpect: {holds: 1}\n",
     "expect.holds", "true or false"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\ncrosscheck: float64 gpu\n", "crosscheck[1]", "backend name"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nlimits: {seconds: 0}\n", "limits.seconds", ">= 1"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\nlimits: {memory: 5}\n", "limits.memory", "unknown limit"),
    ("id: t\ncheck: rank\nmatrix: [[1]]\ntitle: [1]\n", "title", "expected text"),
])
def test_validation_errors(tmp_path, text, key, fragment):
    case_error(tmp_path, text, key, fragment)


@pytest.mark.parametrize("text, key, fragment", [
    ("", "file", "empty document"),
    ("[1, 2]", "case", "mapping of keys"),
    ("cases: 3\n", "cases", "list of cases"),
    ("cases: []\n", "cases", "no cases"),
    ("cases: [{id: a, check: rank, matrix: [[1]]}]\nid: b\n", "id", "other top-level keys"),
    ("just text", "file", "expected a case"),
    ("id: [\n", "yaml", "line"),
])
def test_file_level_errors(tmp_path, text, key, fragment):
    case_error(tmp_path, text, key, fragment)


def test_errors_before_the_id_is_known_use_the_position(tmp_path):
    text = "cases:\n- {id: a, check: rank, matrix: [[1]]}\n- {check: rank, matrix: [[1]]}\n"
    case_error(tmp_path, text, "id", "required", case="#2")


@pytest.mark.parametrize("expect, canonical", [
    ({"rank": 3}, {"rank": 3}), ({"rank": "3"}, {"rank": 3}), ({"rank": ">=3"}, {"rank": ">= 3"}),
    ({"rank": " <= 2 "}, {"rank": "<= 2"}), ({"rank": "full"}, {"rank": "full"}),
    ({"rank": "deficient"}, {"rank": "deficient"}),
])
def test_rank_expect_canonical_forms(tmp_path, expect, canonical):
    import json

    text = f"id: t\ncheck: rank\nmatrix: [[1]]\nexpect: {json.dumps(expect)}\n"
    assert load_one(tmp_path, text).expect == canonical


def test_det_expect_forms(tmp_path):
    base = "id: t\ncheck: determinant\nmatrix: [['x', 1], [1, 'x']]\nexpect: {det: %s}\n"
    assert load_one(tmp_path, base % "nonzero").expect == {"det": "nonzero"}
    assert load_one(tmp_path, base % "-84").expect == {"det": -84}
    assert load_one(tmp_path, base % '"6/4"').expect == {"det": "3/2"}
    assert load_one(tmp_path, base % "'x^2 - 1'").expect == {"det": {"poly": [[-1, {}], [1, {"x": 2}]]}}


# ---------------------------------------------------------------------------------------- objects
def test_objects_for_matrix_checks(tmp_path):
    for check in ("rank", "determinant", "inertia", "generic_rank", "boolean_determinant"):
        case = load_one(tmp_path, f"id: t\ncheck: {check}\nmatrix: [[1, 0], [0, 1]]\n")
        assert build_objects(case) == {"M": Matrix.from_rows([[1, 0], [0, 1]])}
    assert set(CHECKS) >= {"rank", "claim", "rank_at", "rank_inequality"}


def test_rank_at_objects(tmp_path):
    text = "id: t\ncheck: rank_at\nmatrix: [['x*y', 1], ['y', 'x - 1/2']]\npoint: {x: '1/2', y: 3}\n"
    objs = build_objects(load_one(tmp_path, text))
    x, y = Poly.var("x"), Poly.var("y")
    assert objs["M"] == Matrix.from_rows([[x * y, 1], [y, x - Fraction(1, 2)]])
    assert objs["M_at"] == Matrix.from_rows([[Fraction(3, 2), 1], [3, 0]])
    case_error(tmp_path, "id: t\ncheck: rank_at\nmatrix: [['x*y']]\npoint: {x: 1}\n", "point", "no value for", build=True)
    case_error(tmp_path, "id: t\ncheck: rank_at\nmatrix: [['x']]\npoint: {x: 1, z: 2}\n", "point", "z do not occur",
               build=True)


@pytest.mark.parametrize("text, key, fragment", [
    ("id: t\ncheck: determinant\nmatrix: [[1, 2]]\n", "matrix", "square"),
    ("id: t\ncheck: inertia\nmatrix: [[1, 2], [3, 4]]\n", "matrix", "entry (2, 1) differs"),
    ("id: t\ncheck: inertia\nmatrix: [['x']]\n", "matrix", "rational"),
    ("id: t\ncheck: inertia\nmatrix: [[1, 0], [0, 1]]\nexpect: {inertia: [1, 0, 0]}\n", "expect.inertia", "add up to 1"),
    ("id: t\ncheck: rank\nmatrix: [['x']]\n", "matrix", "generic_rank"),
    ("id: t\ncheck: boolean_determinant\nmatrix: [[1, 2], [0, 1]]\n", "matrix", "0/1"),
    ("id: t\ncheck: boolean_determinant\nmatrix: [[1, 0, 1]]\n", "matrix", "square"),
    ("id: t\ncheck: determinant\nmatrix: [[1]]\nexpect: {det: zero}\n", "expect.det", "nonzero"),
    ("id: t\ncheck: determinant\nmatrix: [['x']]\nexpect: {det: 'x*y'}\n", "expect.det", "y do not occur"),
])
def test_check_specific_shape_errors(tmp_path, text, key, fragment):
    case_error(tmp_path, text, key, fragment, build=True)


def test_rank_inequality_objects(tmp_path):
    A, B, C = [[1, 2], [3, 4], [5, 6]], [[1, 0, 1], [0, 1, 1]], [[2], [0], [1]]
    Am, Bm, Cm = (Matrix.from_rows(x) for x in (A, B, C))
    text = f"id: t\ncheck: rank_inequality\ninequality: frobenius\nA: {A}\nB: {B}\nC: {C}\nexpect: {{holds: true}}\n"
    objs = build_objects(load_one(tmp_path, text))
    assert objs == {"A": Am, "B": Bm, "C": Cm, "AB": matmul(Am, Bm), "BC": matmul(Bm, Cm),
                    "ABC": matmul(matmul(Am, Bm), Cm)}
    assert objs["ABC"] == Matrix.from_rows([[5], [13], [21]])  # by hand: AB = [[1,2,3],[3,4,7],[5,6,11]]
    # combined, with the matrices under let
    text = f"id: t\ncheck: rank_inequality\ninequality: combined\nlet: {{A: {A}, B: {B}, C: {C}}}\n"
    assert build_objects(load_one(tmp_path, text)) == objs
    # sylvester: A and the second matrix (written B, or C) become objects A and C
    text = f"id: t\ncheck: rank_inequality\ninequality: sylvester\nA: {A}\nB: {B}\nexpect: {{tight: false}}\n"
    case = load_one(tmp_path, text)
    assert case.expect == {"tight": False}
    assert build_objects(case) == {"A": Am, "C": Bm, "AC": matmul(Am, Bm)}
    text = f"id: t\ncheck: rank_inequality\ninequality: sylvester\nA: {A}\nlet: {{C: {B}}}\n"
    assert build_objects(load_one(tmp_path, text)) == {"A": Am, "C": Bm, "AC": matmul(Am, Bm)}
    # shapes that do not chain
    text = f"id: t\ncheck: rank_inequality\ninequality: frobenius\nA: {A}\nB: {C}\nC: {B}\n"
    case_error(tmp_path, text, "B", "A is 3 x 2 but B is 3 x 1", build=True)
    text = f"id: t\ncheck: rank_inequality\ninequality: sylvester\nA: {A}\nB: {{product: [X, X]}}\n"
    case_error(tmp_path, text, "B.product[1]", "undefined name 'X'", build=True)


def test_claim_case_fields(tmp_path):
    case = load_one(tmp_path, "id: t\ncheck: claim\nclaim: gia.lemma2\nparams: {d: 3, seed: 1, note: [a, 1]}\n"
                              "expect: {verdict: Confirmed}\n")
    assert case.claim == "gia.lemma2" and case.params == {"d": 3, "seed": 1, "note": ["a", 1]}
    assert case.expect == {"verdict": "confirmed"}


def test_yaml_integer_forms_that_differ_between_versions(tmp_path):
    for lit in ("010", "0x1F", "1_000", "1:30", "0b11"):
        case_error(tmp_path, f"id: t\ncheck: rank\nmatrix: [[{lit}]]\n", "matrix[1][1]", "plain decimal", build=True)
    assert build_objects(load_one(tmp_path, "id: t\ncheck: rank\nmatrix: [[0, -7, +3]]\n"))["M"] == \
        Matrix.from_rows([[0, -7, 3]])


def test_committed_example_files():
    import os

    here = os.path.join(os.path.dirname(__file__), "data", "cases")
    cases = load_paths([here])
    assert [c.id for c in cases] == ["files-product", "files-inertia", "toml-rank-at"]
    objs = build_objects(cases[0])
    # B = [[1, 0, 2], [0, 1, -1]], C = [[1, 1/2], [0, -3], [1/4, 2]]: BC by hand
    assert objs["M"] == Matrix.from_rows([[Fraction(3, 2), Fraction(9, 2)], [Fraction(-1, 4), -5]])
    assert build_objects(cases[1])["M"] == Matrix.from_rows([[4, -1], [-1, 0]])
    objs = build_objects(cases[2])
    assert objs["M_at"] == Matrix.from_rows([[0, Fraction(1, 2)], [4, Fraction(1, 2)]])


def test_deep_nesting_is_a_case_error(tmp_path):
    from verify.cases import cases_from_document

    form = [[1]]
    for _ in range(2000):
        form = {"transpose": form}
    with pytest.raises(CaseError, match="nested deeper"):
        build_objects(cases_from_document({"id": "t", "check": "rank", "matrix": form}, "x.yaml")[0])
    params = 1
    for _ in range(2000):
        params = [params]
    with pytest.raises(CaseError, match="nested deeper"):
        cases_from_document({"id": "t", "check": "claim", "claim": "c", "params": {"p": params}}, "x.yaml")
    case_error(tmp_path, "id = 't'\ncheck = 'rank'\nmatrix = " + "[" * 3000 + "1" + "]" * 3000 + "\n", "toml",
               "nested too deeply", name="deep.toml")
    case_error(tmp_path, "id: t\ncheck: rank\nmatrix: " + "[" * 3000 + "1" + "]" * 3000 + "\n", "yaml",
               "", name="deep.yaml")
