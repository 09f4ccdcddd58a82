"""Checks of the mcculloch_pitts reference: logic gates, the >= convention, integer output."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("mcculloch_pitts", "q06_mcculloch_pitts.yaml")
REFERENCE = EX.reference
TRUTH_TABLE = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)


def fire(weights: list[float], threshold: float, inputs: np.ndarray = TRUTH_TABLE) -> list[int]:
    return REFERENCE.reference(inputs, np.array(weights, dtype=np.float64), threshold).tolist()


def test_gates() -> None:
    assert fire([1, 1], 2) == [0, 0, 0, 1]
    assert fire([1, 1], 1) == [0, 1, 1, 1]
    assert fire([-1, -1], -1) == [1, 1, 1, 0]
    assert fire([-1], 0, np.array([[0.0], [1.0]])) == [1, 0]


def test_a_two_layer_network_computes_xor() -> None:
    hidden = np.stack([fire([1, 1], 1), fire([-1, -1], -1)], axis=1).astype(np.float64)
    assert fire([1, 1], 2, hidden) == [0, 1, 1, 0]


def test_output_is_int64_of_shape_n() -> None:
    for case in EX.every_case(range(3)):
        fired = REFERENCE.reference(*case.args)
        assert fired.dtype == np.int64 and fired.shape == (case.args[0].shape[0],)
        assert set(fired.tolist()) <= {0, 1}


def test_edge_cases_include_sums_exactly_at_the_threshold() -> None:
    at_threshold = [
        case
        for case in REFERENCE.edge_cases()
        if np.any(case.args[0] @ case.args[1] == case.args[2])
    ]
    assert len(at_threshold) >= 3
