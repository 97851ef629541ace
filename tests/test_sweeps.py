"""Sweep expansion: grids, points, draws, placeholders, and errors naming the key."""

import pytest

from verify.cases import cases_from_document
from verify.errors import CaseError
from verify.sweeps import SweepError, expand_case, parameter_sets


def test_grid_points_draws():
    sets = parameter_sets({"grid": {"a": [1, 2], "b": [3]}, "draws": 2, "seed": 10})
    assert sets == [{"a": 1, "b": 3, "draw": 0, "seed": 10}, {"a": 1, "b": 3, "draw": 1, "seed": 11},
                    {"a": 2, "b": 3, "draw": 0, "seed": 10}, {"a": 2, "b": 3, "draw": 1, "seed": 11}]
    assert parameter_sets({"points": [{"n": 2}, {"n": 3}]}) == [{"n": 2}, {"n": 3}]


def test_substitution_is_structural():
    doc = {"id": "s", "title": "n = ${n}", "check": "rank", "matrix": {"identity": "${n}"},
           "sweep": {"grid": {"n": [2, 3]}}}
    out = expand_case(doc)
    assert [d["id"] for d in out] == ["s.n2", "s.n3"]
    assert out[1]["matrix"] == {"identity": 3} and out[1]["title"] == "n = 3"
    assert out[0]["sweep_of"] == {"id": "s", "params": {"n": 2}}
    cases = cases_from_document(doc, "f.yaml")
    assert [c.id for c in cases] == ["s.n2", "s.n3"] and cases[0].sweep_of["params"] == {"n": 2}


@pytest.mark.parametrize("sweep, key", [
    ({"grid": {"n": []}}, "sweep.grid.n"),
    ({"draws": 0}, "sweep.draws"),
    ({"seed": 3}, "sweep.seed"),
    ({"grid": {"n": [1.5]}}, "sweep.n"),
    ({"what": 1}, "sweep.what"),
])
def test_bad_sweeps_name_the_key(sweep, key):
    with pytest.raises(SweepError) as e:
        parameter_sets(sweep)
    assert e.value.key == key


def test_unknown_placeholder_is_a_case_error():
    doc = {"id": "s", "check": "rank", "matrix": {"identity": "${k}"}, "sweep": {"grid": {"n": [2]}}}
    with pytest.raises(CaseError) as e:
        cases_from_document(doc, "f.yaml")
    assert "f.yaml" in str(e.value) and "matrix.identity" in str(e.value) and "'k'" in str(e.value)
