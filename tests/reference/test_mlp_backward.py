"""Checks of the mlp_backward reference: finite differences, ReLU'(0), a float32 learner."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("mlp_backward", "q13_forward_backward_propagation.yaml")
REFERENCE = EX.reference
NAMES = ("W1", "b1", "W2", "b2")


def test_gradients_match_central_differences() -> None:
    """Away from ReLU kinks the loss is smooth, so finite differences check every entry."""
    for case in EX.random_cases(0)[:4]:
        X, Y, *params = case.args
        grads = REFERENCE.reference(*case.args)
        for position, name in enumerate(NAMES):
            numeric = np.zeros_like(params[position])
            for index in np.ndindex(numeric.shape):
                shifted = [p.copy() for p in params]
                shifted[position][index] += 1e-6
                up = REFERENCE.reference(X, Y, *shifted)["loss"]
                shifted[position][index] -= 2e-6
                down = REFERENCE.reference(X, Y, *shifted)["loss"]
                numeric[index] = (up - down) / 2e-6
            np.testing.assert_allclose(grads[f"d{name}"], numeric, rtol=1e-5, atol=1e-8)


def test_relu_at_exactly_zero_passes_no_gradient() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "exactly 0" in c.name)
    X, _, W1, b1, _, _ = case.args
    assert np.count_nonzero(X @ W1.T + b1 == 0) >= 6
    grads = REFERENCE.reference(*case.args)
    np.testing.assert_allclose(grads["dW1"], REFERENCE.oracle(*case.args)["dW1"], atol=1e-12)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_manual.py")
    for case in EX.every_case(range(5)):
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
