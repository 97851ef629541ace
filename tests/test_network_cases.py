"""The network checks on their shipped cases (cases/networks/): the verdicts and values, the
re-expressed Shen and Kawaguchi examples against the paper-claim cases (same objects, same certified
values), values recomputed independently (sympy), numpy weight files read exactly, error messages
that name file, case and key, and forged certificates rejected (verify.forge)."""

import json
import os
import shutil
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from verify import forge
from verify.cases import load_file
from verify.cli import main
from verify.errors import CaseError
from verify.pipeline import prove_case
from verify.problem import DEFAULT_LIMITS

ROOT = os.path.join(os.path.dirname(__file__), "..")
NETS = os.path.join(ROOT, "cases", "networks")


def cases_of(name):
    return {c.id: c for c in load_file(os.path.join(NETS, name))}


def run(case):
    problem, proof, outcome, _ = prove_case(case, DEFAULT_LIMITS, "auto")
    return problem, proof, outcome


@pytest.fixture(scope="module")
def shipped():
    out = {}
    for f in sorted(os.listdir(NETS)):
        if f.endswith(".yaml"):
            for cid, c in cases_of(f).items():
                out[cid] = run(c)
    return out


EXPECTED = {
    "networks.gradient-xor-critical": "CONFIRMED", "networks.gradient-xor-refuted": "REFUTED",
    "networks.jacobian-xor": "CONFIRMED", "networks.jacobian-relu-trained": "COMPUTED",
    "networks.gauss-newton-xor": "CONFIRMED", "networks.hessian-xor": "CONFIRMED",
    "networks.hessian-square-activation": "CONFIRMED", "networks.hessian-trained-relu": "COMPUTED",
    "networks.critical-strict-saddle": "CONFIRMED", "networks.critical-degenerate-saddle": "CONFIRMED",
    "networks.critical-degenerate-saddle-given": "CONFIRMED",
    "networks.critical-logistic-regression-minimum": "CONFIRMED", "networks.critical-minimum-refuted": "REFUTED",
    "networks.generic-rank-xor": "CONFIRMED", "networks.generic-rank-square": "CONFIRMED",
    "networks.generic-rank-square-refuted": "REFUTED", "networks.shen-pjac-xor": "CONFIRMED",
    "networks.shen-xor221-psd-descent": "CONFIRMED", "networks.shen-xor221-saddle-rank2-curvature": "CONFIRMED",
    "networks.kaw-c24-h2": "CONFIRMED", "networks.kaw-t23i": "CONFIRMED",
}


def test_shipped_verdicts(shipped):
    assert {cid: o["verdict"] for cid, (_, _, o) in shipped.items()} == EXPECTED


def test_one_case_per_quantity_with_a_refuted_one_and_a_degenerate_saddle():
    kinds = {c.check for f in os.listdir(NETS) if f.endswith(".yaml") for c in cases_of(f).values()}
    assert kinds == {"network_gradient", "network_jacobian", "network_gauss_newton", "network_hessian",
                     "network_critical_point", "network_generic_rank"}


# ------------------------------------------------------------------ the paper-claim versions
def claim_case(path, cid):
    return {c.id: c for c in load_file(os.path.join(ROOT, "cases", path))}[cid]


@pytest.mark.parametrize("net_id,claim_path,claim_id,name", [
    ("networks.shen-xor221-psd-descent", "shen/xor_critical.yaml", "shen-xor221-psd-descent", "H"),
    ("networks.shen-xor221-saddle-rank2-curvature", "shen/xor_critical.yaml", "shen-xor221-saddle-rank2-curvature",
     "H"),
    ("networks.kaw-c24-h2", "kawaguchi/kawaguchi.yaml", "kaw.c24.h2", "P0.hess"),
    ("networks.kaw-t23i", "kawaguchi/kawaguchi.yaml", "kaw.t23i", "P0.hess"),
])
def test_same_hessian_and_inertia_as_the_claim(shipped, net_id, claim_path, claim_id, name):
    problem, _, outcome = shipped[net_id]
    cp, _, co = run(claim_case(claim_path, claim_id))
    assert problem["objects"]["H"] == cp["objects"][name]  # the same exact Hessian, entry by entry
    assert outcome["facts"].values[("inertia", "H")] == co["facts"].values[("inertia", name)]
    assert co["verdict"] == "CONFIRMED" and outcome["verdict"] == "CONFIRMED"


def test_same_jacobian_as_shen_pjac(shipped):
    problem, _, outcome = shipped["networks.shen-pjac-xor"]
    cp, _, _ = run(claim_case("shen/networks.yaml", "shen-pjac-xor"))
    assert problem["objects"]["P"] == cp["objects"]["P"]
    assert outcome["value"]["rank"] == 4


def test_same_gradient_as_the_claims_at_critical_points(shipped):
    problem, _, _ = shipped["networks.kaw-c24-h2"]
    cp, _, _ = run(claim_case("kawaguchi/kawaguchi.yaml", "kaw.c24.h2"))
    assert problem["objects"]["G"] == cp["objects"]["P0.grad"]
    problem, _, _ = shipped["networks.shen-xor221-psd-descent"]
    cp, _, _ = run(claim_case("shen/xor_critical.yaml", "shen-xor221-psd-descent"))
    assert problem["objects"]["G"] == cp["objects"]["G"]


# ------------------------------------------------------------------ independent values
def sympy_inertia(M):
    """(n+, n-, n0) by Descartes' rule on the (real-rooted) characteristic polynomial."""
    x = sp.Symbol("x")
    S = sp.Matrix(M.nrows, M.ncols, [sp.Rational(Fraction(v).numerator, Fraction(v).denominator)
                                     for r in M.rows for v in r])
    cs = sp.Poly(S.charpoly(x).as_expr(), x).all_coeffs()
    while cs and cs[-1] == 0:
        cs.pop()
    n0 = S.rows - (len(cs) - 1)

    def changes(c):
        s = [v > 0 for v in c if v != 0]
        return sum(1 for a, b in zip(s, s[1:]) if a != b)

    m = len(cs) - 1
    return [changes(cs), changes([c * (-1) ** (m - i) for i, c in enumerate(cs)]), n0]


@pytest.mark.parametrize("cid", ["networks.hessian-xor", "networks.hessian-square-activation", "networks.kaw-t23i"])
def test_hessian_inertia_against_sympy(shipped, cid):
    problem, _, outcome = shipped[cid]
    assert outcome["value"]["inertia"] == sympy_inertia(problem["objects"]["H"])


def test_square_activation_hessian_is_sympys():
    """networks.hessian-square-activation: the whole Hessian from sympy's differentiation of the loss."""
    c = cases_of("hessian.yaml")["networks.hessian-square-activation"]
    problem, _, _ = run(c)
    W1 = [[1, -1], [sp.Rational(1, 2), 2], [0, 1]]
    b1, W2, b2 = [0, 1, sp.Rational(-1, 3)], [1, sp.Rational(-1, 2), 2], 0
    X = [[1, 0, -1, 2, sp.Rational(1, 2)], [0, 1, 1, -1, 1]]
    Y = [1, 0, 2, -1, 0]
    w = [[sp.Symbol(f"w{k}{j}") for j in range(2)] for k in range(3)]
    b = [sp.Symbol(f"b{k}") for k in range(3)]
    v, c0 = [sp.Symbol(f"v{k}") for k in range(3)], sp.Symbol("c")
    J = sum((sum(v[k] * (w[k][0] * X[0][i] + w[k][1] * X[1][i] + b[k]) ** 2 for k in range(3)) + c0 - Y[i]) ** 2
            for i in range(5)) / 5
    order = v + [c0] + [s for k in range(3) for s in (w[k][0], w[k][1], b[k])]  # paper order: W_2, then W_1
    pt = {**{w[k][j]: W1[k][j] for k in range(3) for j in range(2)}, **{b[k]: b1[k] for k in range(3)},
          **{v[k]: W2[k] for k in range(3)}, c0: b2}
    H = sp.hessian(J, order).subs(pt)
    got = problem["objects"]["H"]
    assert [[sp.Rational(Fraction(x).numerator, Fraction(x).denominator) for x in r] for r in got.rows] == H.tolist()


def test_generic_rank_square_against_sympy(shipped):
    """Outputs of F(1,2,1) with x^2 units span the quadratics: sympy's Jacobian at random weights
    has rank 3 on 4 samples."""
    import random

    rng = random.Random(1)
    xs = [1, 2, 3, -1]
    w1, b1, v, c = sp.symbols("w1 b1 v c")
    w2, b2, v2 = sp.symbols("w2 b2 v2")
    outs = [v * (w1 * x + b1) ** 2 + v2 * (w2 * x + b2) ** 2 + c for x in xs]
    Jm = sp.Matrix([[sp.diff(f, s) for f in outs] for s in (v, v2, c, w1, b1, w2, b2)])
    pt = {s: sp.Rational(rng.randint(-9, 9), rng.randint(1, 5)) for s in (w1, b1, v, c, w2, b2, v2)}
    assert Jm.subs(pt).rank() == 3 == shipped["networks.generic-rank-square"][2]["value"]["rank"]


def test_logistic_regression_minimum_by_hand(shipped):
    """sigma(b) = 1/2 on the two x = 0 samples (one positive), sigma(w + b) = 2/3 on the three x = 1
    samples (two positive): the gradient sum_i (sigma_i - y_i) [x_i; 1] is zero, and the Hessian
    (1/5) sum_i sigma_i (1 - sigma_i) [x_i; 1][x_i; 1]^T = [[2/15, 2/15], [2/15, 2/15 + 1/10]]."""
    problem, _, outcome = shipped["networks.critical-logistic-regression-minimum"]
    H = problem["objects"]["H"]
    assert [list(r) for r in H.rows] == [[Fraction(2, 15), Fraction(2, 15)], [Fraction(2, 15), Fraction(7, 30)]]
    assert all(r[0] == 0 for r in problem["objects"]["G"].rows)


def test_trained_relu_weights_are_read_exactly(shipped):
    z = np.load(os.path.join(NETS, "data", "relu_trained.npz"), allow_pickle=False)
    problem, _, outcome = shipped["networks.hessian-trained-relu"]
    W1 = problem["objects"]["W1"]
    for k in range(6):
        assert [Fraction(float(x)) for x in z["0.weight"][k]] + [Fraction(float(z["0.bias"][k]))] == \
               [Fraction(x) for x in W1.rows[k]]
    assert problem["objects"]["X"].T.rows[3] == tuple(Fraction(float(x)) for x in z["X"][3]) or \
        [Fraction(x) for x in problem["objects"]["X"].T.rows[3]] == [Fraction(float(x)) for x in z["X"][3]]
    # float64 agrees on the inertia here (beside the verdict, never part of it)
    H = np.array([[float(x) for x in r] for r in problem["objects"]["H"].rows])
    ev = np.linalg.eigvalsh(H)
    tol = np.abs(ev).max() * H.shape[0] * np.finfo(float).eps
    assert [int((ev > tol).sum()), int((ev < -tol).sum()), int((abs(ev) <= tol).sum())] == outcome["value"]["inertia"]


# ------------------------------------------------------------------ errors
BASE = """
id: e.case
check: network_hessian
network:
  widths: [2, 2, 1]
  layers:
    - {activation: relu, weight: [[1, -1], [2, 1]]}
    - {activation: linear, weight: [[1, 1]]}
data: {X: [[1, 3], [2, 3]], Y: [[0, 1]]}
"""


def error_of(tmp_path, text, name="c.yaml"):
    p = tmp_path / name
    p.write_text(text)
    try:
        cases = load_file(str(p))
        run(cases[0])
    except CaseError as e:
        return str(e)
    return None


def test_zero_preactivation_is_an_error_naming_unit_and_sample(tmp_path):
    msg = error_of(tmp_path, BASE)
    assert "c.yaml: case e.case: network.layers[1]:" in msg and "unit 1" in msg and "sample 2" in msg


@pytest.mark.parametrize("change,key,words", [
    (("activation: relu, weight: [[1, -1], [2, 1]]", "activation: logistic, weight: [[1, 1], [2, 1]]"),
     "network.layers[1].weight", "odds"),
    (("activation: linear, weight: [[1, 1]]", "activation: tanh, odds: [[1, 1]]"), "network.layers[2].activation",
     "first layer"),
    (("widths: [2, 2, 1]", "widths: [2, 3, 1]"), "network.layers[1].weight", "3 x 2"),
    (("Y: [[0, 1]]", "Y: [[0, 1, 2]]"), "data.Y", "2 samples"),
    (("activation: relu,", "activation: softmax,"), "network.layers[1].activation", "polynomial"),
    (("  widths: [2, 2, 1]", "  widths: [2, 2, 1]\n  bad: 1"), "network.bad", "unknown key"),
    (("  widths: [2, 2, 1]", "  widths: [2, 2, 1]\n  loss: cross_entropy"), "network.loss", "logistic output"),
])
def test_errors_name_the_key(tmp_path, change, key, words):
    msg = error_of(tmp_path, BASE.replace("[[1, 3], [2, 3]]", "[[1, 3], [2, 4]]").replace(*change))
    assert msg is not None and f"case e.case: {key}:" in msg and words in msg, msg


def test_numpy_files_floats_and_pickles(tmp_path):
    W = np.array([[0.1, -0.5], [0.25, 1.0]], dtype=np.float32)
    np.savez(tmp_path / "m.npz", w=W, v=np.array([1.0, 2.0]), obj=np.array([{"a": 1}], dtype=object))
    text = BASE.replace("weight: [[1, -1], [2, 1]]", "weight: {file: m.npz, array: w}")
    assert "exact_floats: true" in error_of(tmp_path, text)
    ok = text.replace("array: w}", "array: w, exact_floats: true}").replace("[[1, 3], [2, 3]]", "[[1, 3], [2, 4]]")
    assert error_of(tmp_path, ok) is None
    assert "unpickling" in error_of(tmp_path, text.replace("array: w", "array: obj, exact_floats: true"))
    assert "has no array" in error_of(tmp_path, text.replace("array: w", "array: nope"))
    # a 1-D bias from .npy
    np.save(tmp_path / "b.npy", np.array([1, -1]))
    with_bias = ok.replace("array: w, exact_floats: true}", "array: w, exact_floats: true}, bias: {file: b.npy}")
    assert error_of(tmp_path, with_bias) is None


# ------------------------------------------------------------------ forgery
@pytest.fixture(scope="module")
def net_certs(tmp_path_factory):
    d = tmp_path_factory.mktemp("netforge")
    shutil.copytree(NETS, d / "cases" / "networks")
    old = os.getcwd()
    os.chdir(d)
    try:
        main(["run", "cases/networks", "--out", "out", "--no-report", "-q", "-j", "1"])
    finally:
        os.chdir(old)
    return d


def test_forged_network_certificates_are_rejected(net_certs):
    files = sorted(str(p) for p in (net_certs / "out").glob("*.cert.json"))
    sample = [f for f in files if any(k in f for k in ("gradient-xor-refuted", "jacobian-xor", "hessian-xor",
                                                        "degenerate-saddle.", "minimum-refuted", "generic-rank-square",
                                                        "kaw-c24-h2"))]
    assert len(sample) >= 7
    certs = {f: json.load(open(f)) for f in files}
    old = os.getcwd()
    os.chdir(net_certs)
    try:
        total = 0
        for i, f in enumerate(sample):
            others = [certs[files[(files.index(f) + 1) % len(files)]], certs[files[(files.index(f) + 5) % len(files)]]]
            res = forge.forge_certificate(f, others, most=6)
            total += res["mutants"]
            assert res["failures"] == [], (f, res["failures"])
    finally:
        os.chdir(old)
    assert total > 300


def test_a_curve_witness_that_does_not_descend_gives_nothing(net_certs):
    """The degenerate saddle's witness replaced by the constant curve: the existential statement is
    not satisfied, so the case is UNKNOWN (never CONFIRMED); a malformed curve is rejected."""
    from verify.checker import check_file
    from verify.errors import CertificateError

    cert = json.load(open(net_certs / "out" / "networks.critical-degenerate-saddle.cert.json"))
    bad = json.loads(json.dumps(cert))
    bad["witness"] = {"descent": {"layers": [{}, {}], "t1": "1/2"}}
    bad.pop("statement")
    path = net_certs / "out" / "x.cert.json"
    path.write_text(json.dumps(bad))
    old = os.getcwd()
    os.chdir(net_certs)
    try:
        with pytest.raises(CertificateError):
            check_file(str(path))  # the objects no longer match the certificate's table
        bad["witness"] = {"descent": {"layers": [{"odds": [["x"]]}, {}], "t1": 1}}
        path.write_text(json.dumps(bad))
        with pytest.raises(CertificateError, match="WITNESS|witness"):
            check_file(str(path))
    finally:
        os.chdir(old)
