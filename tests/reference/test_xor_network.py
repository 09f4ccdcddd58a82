"""Checks of the xor_network exercise: any weights that compute XOR pass, nothing else does."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from quizprep.grading.cases import load_python_file
from tests.reference.support import ROOT, ExerciseUnderTest

EX = ExerciseUnderTest.load("xor_network", "q09_mlp_xor.yaml")
REFERENCE = EX.reference
TRUTH_TABLE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _step(z: np.ndarray) -> np.ndarray:
    return (z >= 0).astype(np.float64)


def _network(
    W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: _step(_step(x @ W1.T + b1) @ W2.T + b2)[:, 0]


def test_the_reference_weights_have_the_promised_shapes_and_compute_xor() -> None:
    module = load_python_file(ROOT / "reference" / "xor_network.py", "ref")
    W1, b1, W2, b2 = module.weights()
    assert (W1.shape, b1.shape, W2.shape, b2.shape) == ((2, 2), (2,), (1, 2), (1,))
    np.testing.assert_array_equal(REFERENCE.reference(TRUTH_TABLE), [0.0, 1.0, 1.0, 0.0])


def test_every_xor_network_on_a_grid_passes_every_case_and_no_other_does() -> None:
    weights, biases = (-1.0, 1.0), (-1.5, -0.5, 0.5)
    cases = EX.every_case(range(3))
    truth_table = [c for c in cases if c.name.startswith("the truth table")]
    assert truth_table
    xor_networks = 0
    for w in itertools.product(weights, repeat=6):
        for b in itertools.product(biases, repeat=3):
            W1, W2 = np.array(w[:4]).reshape(2, 2), np.array([w[4:]])
            network = _network(W1, np.array(b[:2]), W2, np.array(b[2:]))
            computes_xor = (network(TRUTH_TABLE) == [0.0, 1.0, 1.0, 0.0]).all()
            passes = all(EX.close(network(*c.args), EX.expected(c)) for c in truth_table)
            assert passes == computes_xor
            if computes_xor:
                xor_networks += 1
                assert all(EX.close(network(*c.args), EX.expected(c)) for c in cases)
    assert xor_networks >= 4  # several different weight sets, all accepted


def test_cases_contain_only_corners_of_the_unit_square() -> None:
    for case in EX.every_case():
        (x,) = case.args
        assert x.ndim == 2 and x.shape[1] == 2 and np.isin(x, [0.0, 1.0]).all(), case.name
