"""The case-file reference (docs/cases.md) is consistent with the loader: every check kind of the
registry is documented with its keys, its `expect` forms and an example that loads and runs to
CONFIRMED; `verify explain`, `verify claims ID` and `verify schema` (its committed copy compared)."""

import json
import os

import pytest
import yaml

from verify import checks
from verify.cases import loader, reference
from verify.cases.expressions import OPERATORS
from verify.checks import CHECKS
from verify.cli import main
from verify.pipeline import run_case

ROOT = os.path.join(os.path.dirname(__file__), "..")
DOC = open(os.path.join(ROOT, "docs", "cases.md"), encoding="utf-8").read()


def test_packaged_copy_is_the_document():
    assert reference.text() == DOC, "run: cp docs/cases.md verify/cases/reference.md"


def test_every_check_is_documented_with_its_keys_and_expect_forms():
    secs = reference.sections(DOC)
    assert set(CHECKS) <= set(secs), sorted(set(CHECKS) - set(secs))
    for c in CHECKS:
        kind, sec = checks.kind(c), secs[c]
        for k in kind.EXPECT:
            assert f"{{{k}:" in sec, (c, k)
        for k in kind.KEYS:
            assert f"`{k}" in sec, (c, k)
        assert reference.examples(sec), c


def test_every_matrix_form_and_common_key_is_documented():
    for op in OPERATORS:
        assert f"{{{op}:" in DOC, op
    for k in loader.COMMON_KEYS + loader.LIMIT_KEYS:
        assert f"`{k}`" in DOC, k


def test_every_example_loads_and_is_confirmed(tmp_path):
    secs = reference.sections(DOC)
    n = 0
    for c in CHECKS:
        for k, text in enumerate(reference.examples(secs[c])):
            doc = yaml.safe_load(text)
            assert doc["check"] == c
            f = tmp_path / f"{c}-{k}.yaml"
            f.write_text(text, encoding="utf-8")
            errors = []
            (case,) = loader.load_file(str(f), errors=errors)
            assert not errors
            res = run_case(case, out_dir=str(tmp_path / "out"), crosscheck=False)
            assert res["verdict"] == "CONFIRMED", (c, res.get("reason"), res["value"])
            n += 1
    assert n >= len(CHECKS)


def test_sweep_example_of_the_reference(tmp_path):
    text = DOC.split("## Sweeps", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    f = tmp_path / "s.yaml"
    f.write_text(text)
    assert [c.id for c in loader.load_file(str(f))] == [f"hilbert-det.n{n}" for n in range(1, 13)]


def test_explain(capsys):
    assert main(["explain"]) == 0
    out = capsys.readouterr().out
    assert all(c in out for c in CHECKS)
    assert main(["explain", "rank_at"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### `rank_at`") and "point" in out and "### `rank_inequality`" not in out
    assert main(["explain", "rnak"]) == 2
    assert "did you mean 'rank'?" in capsys.readouterr().err
    assert main(["explain", "all"]) == 0 and capsys.readouterr().out == DOC


def test_claims(capsys):
    from verify.claims import registry

    cid, claim = sorted(registry().items())[0]
    assert main(["claims", cid]) == 0
    out = capsys.readouterr().out
    assert out.startswith(cid) and claim.title in out and "params:" in out
    assert main(["claims", cid + "x"]) == 2
    assert f"did you mean '{cid}'?" in capsys.readouterr().err
    assert main(["claims"]) == 0
    out = capsys.readouterr().out
    assert all(k in out for k in registry())


def test_schema_copy_is_current(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.load(open(os.path.join(ROOT, "docs", "cases.schema.json"), encoding="utf-8"))
    assert printed == committed == json.loads(json.dumps(reference.schema())), \
        "run: verify schema > docs/cases.schema.json"
    assert printed["$defs"]["case"]["properties"]["check"]["enum"] == list(CHECKS)


def test_schema_accepts_the_examples_and_rejects_mistakes():
    jsonschema = pytest.importorskip("jsonschema")
    s = reference.schema()
    v = jsonschema.Draft202012Validator(s)
    secs = reference.sections(DOC)
    for c in CHECKS:
        for text in reference.examples(secs[c]):
            assert not list(v.iter_errors(yaml.safe_load(text))), c
    for bad in ({"id": "a", "chekc": "rank"}, {"id": "a", "check": "rnak", "matrix": [[1]]},
                {"id": "a", "check": "rank", "matrix": [[1]], "expect": {"det": 1}},
                {"id": "a", "check": "rank", "matrix": [[1]], "point": {"x": 1}},
                {"id": "a", "check": "rank", "matrix": {"identiy": 3}}):
        assert list(v.iter_errors(bad)), bad


def test_readme_test_command_prints_a_summary():
    """pytest's addopts must not make the README's `python3 -m pytest` (or `pytest -q`) silent:
    `-q` twice suppresses the summary line."""
    import tomllib

    conf = tomllib.load(open(os.path.join(ROOT, "pyproject.toml"), "rb"))["tool"]["pytest"]["ini_options"]
    opts = conf.get("addopts", "").split()
    assert "-q" not in opts and "-qq" not in opts and "--quiet" not in opts, opts
    assert "python3 -m pytest" in open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
