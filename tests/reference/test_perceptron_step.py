"""Checks of the perceptron_step reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("perceptron_step", "q08_perceptron.yaml")
REFERENCE = EX.reference


# Facts about the perceptron rule itself.


def test_activation_exactly_zero_predicts_one() -> None:
    w, b = REFERENCE.reference(np.array([1.0, -1.0]), 0.0, np.array([2.0, 2.0]), 0, 0.5)
    np.testing.assert_array_equal(w, [0.0, -2.0])
    assert b == -0.5
    w, b = REFERENCE.reference(np.array([1.0, -1.0]), 0.0, np.array([2.0, 2.0]), 1, 0.5)
    np.testing.assert_array_equal(w, [1.0, -1.0])
    assert b == 0.0


def test_correct_prediction_changes_nothing_and_inputs_are_not_modified() -> None:
    w = np.array([2.0, -1.0, 0.5])
    x = np.array([1.0, 0.5, 2.0])
    w_new, b_new = REFERENCE.reference(w, 0.5, x, 1, 0.5)
    np.testing.assert_array_equal(w_new, w)
    assert b_new == 0.5
    w_new, _ = REFERENCE.reference(w, 0.5, x, 0, 0.5)
    np.testing.assert_array_equal(w, [2.0, -1.0, 0.5])
    assert w_new is not w


def test_returns_an_array_and_a_python_float() -> None:
    for case in REFERENCE.edge_cases():
        w_new, b_new = REFERENCE.reference(*case.args)
        assert isinstance(w_new, np.ndarray) and w_new.shape == case.args[0].shape
        assert type(b_new) is float


def test_repeated_steps_learn_a_separable_function() -> None:
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    labels = [0, 1, 1, 1]  # OR
    w, b = np.zeros(2), 0.0
    for _ in range(20):
        for x, y in zip(inputs, labels, strict=True):
            w, b = REFERENCE.reference(w, b, x, y, 1.0)
    assert [int(w @ x + b >= 0) for x in inputs] == labels


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
