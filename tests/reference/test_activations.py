"""Checks of the activations reference: facts about activation functions and their slopes."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("activations", "q15_activation_role.yaml")
REFERENCE = EX.reference


def test_derivatives_match_central_differences_away_from_the_kink() -> None:
    x = np.array([-3.0, -1.2, -0.3, 0.4, 1.1, 2.5])
    eps = 1e-6
    for name in ("relu", "sigmoid", "tanh", "leaky_relu"):
        _, derivative = REFERENCE.reference(x, name)
        plus, minus = REFERENCE.reference(x + eps, name)[0], REFERENCE.reference(x - eps, name)[0]
        np.testing.assert_allclose(derivative, (plus - minus) / (2 * eps), atol=1e-8, err_msg=name)


def test_kinks_take_the_left_slope_and_saturation_stays_finite() -> None:
    assert REFERENCE.reference(np.array([0.0]), "relu")[1][0] == 0.0
    assert REFERENCE.reference(np.array([0.0]), "leaky_relu")[1][0] == 0.01
    for name in ("sigmoid", "tanh"):
        value, derivative = REFERENCE.reference(np.array([-1000.0, 1000.0]), name)
        assert np.isfinite(value).all() and np.array_equal(derivative, [0.0, 0.0]), name


def test_sigmoid_is_the_textbook_formula() -> None:
    x = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(
        REFERENCE.reference(x, "sigmoid")[0], 1 / (1 + np.exp(-x)), rtol=1e-14
    )


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
