"""Checks of the moe_route reference: Mixtral's gate equals the renormalised full softmax, the
Switch loss is 1 when balanced and E when collapsed, ties go to the lower expert, and the
random cases contain ties."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("moe_route", "q22_mixture_of_experts.yaml", MODERN)
REFERENCE = EX.reference


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_gates_are_renormalised_probabilities_and_sum_to_one() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        x, W_gate, _ = case.args
        indices, gates, _ = REFERENCE.reference(*case.args)
        kept = np.take_along_axis(_softmax(x @ W_gate), indices, axis=1)
        np.testing.assert_allclose(gates, kept / kept.sum(axis=1, keepdims=True), atol=1e-12)
        np.testing.assert_allclose(gates.sum(axis=1), 1.0)
        assert np.all(np.diff(gates, axis=1) <= 1e-12)  # largest first


def test_balanced_routing_gives_one_and_collapse_gives_num_experts() -> None:
    num_experts = 4
    x = np.tile(np.eye(num_experts), (2, 1))
    _, _, balanced = REFERENCE.reference(x, 5.0 * np.eye(num_experts), 2)
    assert np.isclose(balanced, 1.0)
    _, _, collapsed = REFERENCE.reference(np.ones((8, 1)), np.array([[40.0, 0.0, 0.0, 0.0]]), 1)
    assert np.isclose(collapsed, num_experts)


def test_k_one_gives_gate_one_and_ties_go_to_the_lower_expert() -> None:
    indices, gates, _ = REFERENCE.reference(np.zeros((3, 2)), np.ones((2, 5)), 1)
    np.testing.assert_array_equal(indices, np.zeros((3, 1)))
    np.testing.assert_array_equal(gates, np.ones((3, 1)))
    indices, _, _ = REFERENCE.reference(np.zeros((1, 2)), np.ones((2, 5)), 5)
    np.testing.assert_array_equal(indices, [[0, 1, 2, 3, 4]])
    assert indices.dtype.kind == "i"


def test_random_cases_have_ties() -> None:
    tied = 0
    for case in EX.random_cases(0):
        logits = case.args[0] @ case.args[1]
        tied += any(len(set(row)) < len(row) for row in logits.tolist())
    assert tied >= 3
