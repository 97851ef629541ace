"""Soundness fuzz of the checker: mutated certificates are rejected, or accepted only with the true
value and verdict.

Real certificates come from running the worked examples (cases/basics) once.  Hypothesis then
changes one number somewhere in the obligations (an index, a prime, a basis entry, an L or D entry, a
matching), or the claimed value; the kernel must either raise CertificateError or re-derive exactly
the value and verdict of the unmutated run (a harmless mutation, such as another prime that works).
"""

import copy
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verify.cases import load_paths
from verify.errors import CertificateError
from verify.kernel.check import check
from verify.kernel.exact import decode_matrix, encode_matrix
from verify.kernel.rules import check_obligation
from verify.problem import build_problem
from verify.runner import execute_inline

BASICS = os.path.join(os.path.dirname(__file__), "..", "cases", "basics")
SMALL = ("basics.rank-deficient", "basics.rank-refuted", "basics.det-integer", "basics.det-rational-nonzero",
         "basics.inertia-gram", "basics.inertia-saddle", "basics.detbool-0", "basics.detbool-1",
         "basics.generic-deficient", "basics.frobenius", "basics.npy-rank")


@pytest.fixture(scope="module")
def certified(tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz")
    cases = {c.id: c for c in load_paths([BASICS]) if c.id in SMALL}
    results = execute_inline(list(cases.values()), out_dir=str(out))
    data = []
    for r in results:
        cert = json.load(open(r["certificate"]))
        data.append((cert, build_problem(cases[r["id"]]), r["value"], r["verdict"]))
    return data


def check_certificate(cert, problem):
    return check(problem, cert)


def _int_paths(node, path=()):
    """Paths to every integer leaf (not bool) of a JSON tree."""
    if isinstance(node, bool):
        return []
    if isinstance(node, int):
        return [path]
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _int_paths(v, path + (k,))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _int_paths(v, path + (i,))]
    return []


def _set(node, path, value):
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value


def _get(node, path):
    for k in path:
        node = node[k]
    return node


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_obligations_never_change_the_verdict(certified, data):
    cert, objects, value, verdict = data.draw(st.sampled_from(certified))
    paths = _int_paths(cert["obligations"])
    if not paths:
        return
    path = data.draw(st.sampled_from(paths))
    old = _get(cert["obligations"], path)
    new = data.draw(st.one_of(st.integers(-3, 3).map(lambda d: old + d), st.integers(-10**6, 10**6)))
    bad = copy.deepcopy(cert)
    _set(bad["obligations"], path, new)
    try:
        res = check_certificate(bad, objects)
    except CertificateError:
        return
    assert res["value"] == value and res["verdict"] == verdict


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_values_are_rejected(certified, data):
    cert, objects, value, verdict = data.draw(st.sampled_from(certified))
    paths = _int_paths(cert["conclusion"]["value"])
    if not paths:
        return
    path = data.draw(st.sampled_from(paths))
    bad = copy.deepcopy(cert)
    old = _get(bad["conclusion"]["value"], path)
    _set(bad["conclusion"]["value"], path, old + data.draw(st.integers(1, 5)))
    with pytest.raises(CertificateError):
        check_certificate(bad, objects)


def test_dropping_an_obligation_never_changes_the_verdict(certified):
    for cert, objects, value, verdict in certified:
        for k in range(len(cert["obligations"])):
            bad = copy.deepcopy(cert)
            del bad["obligations"][k]
            try:
                res = check_certificate(bad, objects)
            except CertificateError:
                continue
            assert res["value"] == value and res["verdict"] == verdict


def _true_ranks(value):
    out = dict(value.get("ranks") or {})
    if isinstance(value.get("rank"), int):
        out.update(M=value["rank"], M_at=value["rank"])
    return out


def _forge(ob, problem, draw):
    """A rank obligation changed to claim a stronger (usually false) bound."""
    ob = copy.deepcopy(ob)
    M = problem["objects"][ob["matrix"]]
    if ob["rule"] == "rank_ge":
        free_r = [i for i in range(M.nrows) if i not in ob["rows"]]
        free_c = [j for j in range(M.ncols) if j not in ob["cols"]]
        if not free_r or not free_c:
            return None
        ob["rows"].append(draw(st.sampled_from(free_r)))
        ob["cols"].append(draw(st.sampled_from(free_c)))
        ob["r"] += 1
        return ob
    if ob["rule"] == "rank_le" and ob.get("side") in ("right", "left"):
        N = decode_matrix(ob["basis"])
        k = N.ncols if ob["side"] == "right" else N.nrows
        # one more basis vector: a random integer combination plus a random perturbation of one entry
        coeffs = [draw(st.integers(-2, 2)) for _ in range(k)]
        vecs = [list(c) for c in zip(*N.rows)] if ob["side"] == "right" else [list(r) for r in N.rows]
        extra = [sum(c * v[i] for c, v in zip(coeffs, vecs)) for i in range(len(vecs[0]))]
        extra[draw(st.integers(0, len(extra) - 1))] += draw(st.integers(-2, 2))
        vecs.append(extra)
        from verify.kernel.exact import Matrix

        B = Matrix.from_rows(vecs)
        ob["basis"] = encode_matrix(B.T if ob["side"] == "right" else B)
        n = len(extra)
        ob["r"] -= 1
        ob["basis_rows" if ob["side"] == "right" else "basis_cols"] = draw(
            st.lists(st.integers(0, n - 1), min_size=k + 1, max_size=k + 1, unique=True))
        ob["basis_cols" if ob["side"] == "right" else "basis_rows"] = list(range(k + 1))
        return ob
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_forged_rank_facts_are_never_accepted_when_false(certified, data):
    cert, objects, value, verdict = data.draw(st.sampled_from(certified))
    truth = _true_ranks(value)
    candidates = [ob for ob in cert["obligations"] if ob["rule"] in ("rank_ge", "rank_le") and ob["matrix"] in truth]
    if not candidates:
        return
    forged = _forge(data.draw(st.sampled_from(candidates)), objects, data.draw)
    if forged is None:
        return
    try:
        fact = check_obligation(forged, objects["objects"])
    except CertificateError:
        return
    kind, name, r = fact[:3]
    assert (r <= truth[name]) if kind == "rank_ge" else (r >= truth[name]), (forged["rule"], name, r, truth[name])
