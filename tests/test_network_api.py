"""verify.network(...): the network checks from Python (numpy float arrays read exactly), through
the pipeline path, with standalone certificates."""

from fractions import Fraction

import numpy as np
import pytest

import verify

XOR_X, XOR_Y = [[0, 0, 1, 1], [0, 1, 0, 1]], [[0, 1, 1, 0]]
PSD = [{"activation": "logistic", "odds": [[1, 1], ["1/4", 1]], "bias_odds": [2, 2]},
       {"activation": "linear", "weight": [[0, 0]], "bias": ["1/2"]}]


def test_degenerate_saddle_from_python_is_standalone(tmp_path):
    r = verify.network([2, 2, 1], PSD, XOR_X, XOR_Y, quantity="critical_point", expect="degenerate_saddle")
    assert r.verdict == "CONFIRMED" and r.value["inertia"] == [2, 0, 7] and r.value["descent_curve"] is True
    assert r.check().verdict == "CONFIRMED"
    r = verify.network([2, 2, 1], PSD, XOR_X, XOR_Y, quantity="gradient", expect=True)
    assert r.verdict == "CONFIRMED"


def test_numpy_float_weights_exact_floats():
    W1 = np.array([[0.5, -1.25], [2.0, 0.75]], dtype=np.float32)
    layers = [{"activation": "relu", "weight": W1, "bias": np.array([0.1, -0.2], dtype=np.float32)},
              {"activation": "linear", "weight": np.array([[1.0, -1.0]]), "bias": np.array([0.0])}]
    X, Y = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 1.0]]), np.array([1.0, 0.0, 2.0])
    with pytest.raises(verify.InvalidInput, match="exact_floats"):
        verify.network([2, 2, 1], layers, X, Y, samples="rows")
    r = verify.network([2, 2, 1], layers, X, Y, samples="rows", exact_floats=True, quantity="hessian")
    assert r.verdict == "COMPUTED" and sum(r.value["inertia"]) == 9
    assert r.objects["W1"].rows[0][2] == Fraction(float(np.float32(0.1)))  # the float32 bias, exactly
    assert any("binary floats" in n for n in r.notes)


def test_generic_rank_and_errors():
    r = verify.network([2, 2, 1], [{"activation": "logistic", "bias": True}, {"activation": "linear", "bias": True}],
                       XOR_X, quantity="generic_rank", expect=4)
    assert r.verdict == "CONFIRMED"
    with pytest.raises(verify.InvalidInput, match="network.layers.1..weight"):
        verify.network([2, 2, 1], [{"activation": "logistic", "weight": [[1, 1], [1, 1]]}, PSD[1]], XOR_X, XOR_Y)
    with pytest.raises(verify.InvalidInput, match="quantity"):
        verify.network([2, 2, 1], PSD, XOR_X, XOR_Y, quantity="eigenvalues")
