"""Checks of the softmax reference: facts about the softmax and its stable computation."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("softmax", "q16_activation_types.yaml")
REFERENCE = EX.reference


def test_slices_along_the_axis_are_distributions() -> None:
    for case in EX.every_case(range(3)):
        (x,), axis = case.args, case.kwargs.get("axis", -1)
        probabilities = REFERENCE.reference(x, axis)
        assert probabilities.shape == x.shape and (probabilities >= 0).all(), case.name
        np.testing.assert_allclose(probabilities.sum(axis=axis), 1.0, err_msg=case.name)


def test_shift_invariant_per_slice_but_not_scale_invariant() -> None:
    x = np.random.default_rng(0).normal(size=(3, 5))
    per_row_shift = np.array([[1000.0], [-1000.0], [3.0]])
    np.testing.assert_allclose(REFERENCE.reference(x + per_row_shift), REFERENCE.reference(x))
    assert not np.allclose(REFERENCE.reference(2 * x), REFERENCE.reference(x))


def test_two_classes_give_the_sigmoid_of_the_difference() -> None:
    a, b = 0.7, -1.9
    assert np.isclose(REFERENCE.reference(np.array([a, b]))[0], 1 / (1 + np.exp(b - a)))


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name
