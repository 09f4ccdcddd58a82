"""Checks of the linear_module reference: shapes, leading axes, and a finite-difference check."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("linear_module", "q28_deep_learning_frameworks.yaml")
REFERENCE = EX.reference


def test_every_gradient_has_the_shape_of_its_variable() -> None:
    for case in EX.every_case(range(3)):
        W, b, x, grad_out = case.args
        y, dW, db, dx = REFERENCE.reference(*case.args)
        assert (y.shape, dW.shape, db.shape, dx.shape) == (
            grad_out.shape,
            W.shape,
            b.shape,
            x.shape,
        ), case.name


def test_leading_axes_are_batch_axes() -> None:
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(4, 3)), rng.normal(size=4)
    x, grad_out = rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 4))
    y, dW, db, dx = REFERENCE.reference(W, b, x, grad_out)
    parts = [REFERENCE.reference(W, b, x[i], grad_out[i]) for i in range(2)]
    np.testing.assert_allclose(y, np.stack([p[0] for p in parts]))
    np.testing.assert_allclose(dW, parts[0][1] + parts[1][1])
    np.testing.assert_allclose(db, parts[0][2] + parts[1][2])
    np.testing.assert_allclose(dx, np.stack([p[3] for p in parts]))


def test_gradients_match_finite_differences() -> None:
    rng = np.random.default_rng(1)
    W, b = rng.normal(size=(2, 3)), rng.normal(size=2)
    x, grad_out = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))

    def loss(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> float:
        return float(np.sum((x @ W.T + b) * grad_out))  # dL/dy = grad_out

    _, dW, db, dx = REFERENCE.reference(W, b, x, grad_out)
    step = 1e-6
    for analytic, arrays, which in [(dW, W, 0), (db, b, 1), (dx, x, 2)]:
        numeric = np.zeros_like(arrays)
        for index in np.ndindex(arrays.shape):
            shifted = [W.copy(), b.copy(), x.copy()]
            shifted[which][index] += step
            numeric[index] = (loss(*shifted) - loss(W, b, x)) / step
        np.testing.assert_allclose(analytic, numeric, atol=1e-5)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_module.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
