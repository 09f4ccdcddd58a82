"""Checks of the fit_linear_regression_sgd reference: limits, short batches, float32 learners."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("fit_linear_regression_sgd", "q17_stochastic_gradient_descent.yaml")
REFERENCE = EX.reference


def _data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    X = rng.normal(size=(7, 3))
    return X, X @ np.array([1.0, 0.0, -1.0]) + 0.5


def test_full_batch_is_gradient_descent_whatever_the_order() -> None:
    X, y = _data()
    first = REFERENCE.reference(X, y, 0.05, 7, np.array([np.arange(7)] * 3))
    second = REFERENCE.reference(X, y, 0.05, 7, np.array([np.arange(7)[::-1]] * 3))
    assert np.allclose(first[0], second[0]) and np.isclose(first[1], second[1])


def test_a_short_last_batch_is_averaged_over_its_own_size() -> None:
    X, y = _data()
    order = np.array([[0, 1, 2, 3, 4, 5, 6]])
    # batch_size 3 gives [0,1,2], [3,4,5], [6]; batch_size 1 after [0..5] in threes is the same
    w, b = REFERENCE.reference(X, y, 0.1, 3, order)
    w_first, b_first = REFERENCE.reference(X[:6], y[:6], 0.1, 3, order[:, :6])
    residual = X[6] @ w_first + b_first - y[6]
    assert np.allclose(w, w_first - 0.1 * 2 * residual * X[6])
    assert np.isclose(b, b_first - 0.1 * 2 * residual)


def test_many_epochs_reach_the_least_squares_fit() -> None:
    X, y = _data()
    rng = np.random.default_rng(0)
    order = np.stack([rng.permutation(7) for _ in range(2000)])
    w, b = REFERENCE.reference(X, y, 0.02, 2, order)
    assert np.allclose(w, [1.0, 0.0, -1.0], atol=1e-6) and abs(b - 0.5) < 1e-6


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_optimizer.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
