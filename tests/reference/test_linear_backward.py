"""Checks of the linear_backward reference: facts about the gradients of a linear layer."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("linear_backward", "q65_backprop_linear_layer.yaml")
REFERENCE = EX.reference


def test_gradients_have_the_shapes_of_their_variables() -> None:
    for case in REFERENCE.edge_cases():
        x, W, b, _ = case.args
        dx, dW, db = REFERENCE.reference(*case.args)
        assert (dx.shape, dW.shape, db.shape) == (x.shape, W.shape, b.shape), case.name


def test_weight_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(0)
    x, W, b, grad_out = (
        rng.normal(size=(4, 3)),
        rng.normal(size=(2, 3)),
        rng.normal(size=2),
        rng.normal(size=(4, 2)),
    )

    def loss(weights: np.ndarray) -> float:  # L = sum(grad_out * y), so dL/dy = grad_out
        return float(np.sum(grad_out * (x @ weights.T + b)))

    eps = 1e-6
    numeric = np.zeros_like(W)
    for index in np.ndindex(*W.shape):
        step = np.zeros_like(W)
        step[index] = eps
        numeric[index] = (loss(W + step) - loss(W - step)) / (2 * eps)
    np.testing.assert_allclose(REFERENCE.reference(x, W, b, grad_out)[1], numeric, atol=1e-6)


def test_batch_gradients_are_sums_of_per_sample_gradients() -> None:
    case = REFERENCE.edge_cases()[0]
    x, W, b, grad_out = case.args
    _, dW, db = REFERENCE.reference(*case.args)
    singles = [REFERENCE.reference(x[i : i + 1], W, b, grad_out[i : i + 1]) for i in range(len(x))]
    np.testing.assert_allclose(dW, sum(s[1] for s in singles))
    np.testing.assert_allclose(db, sum(s[2] for s in singles))


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
