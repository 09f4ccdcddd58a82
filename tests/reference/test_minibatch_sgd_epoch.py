"""Checks of the minibatch_sgd_epoch reference: batch GD and SGD as its two extremes, the number
of updates, and a float32 learner."""

from __future__ import annotations

import math

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("minibatch_sgd_epoch", "q25_batch_minibatch_sgd.yaml")
REFERENCE = EX.reference
RNG = np.random.default_rng(0)
X, Y, W = RNG.normal(size=(9, 3)), RNG.normal(size=9), RNG.normal(size=3)
ORDER = RNG.permutation(9)


def test_full_batch_is_one_gradient_descent_step_whatever_the_order() -> None:
    full_gradient = 2 * X.T @ (X @ W - Y) / 9
    for order in (ORDER, np.arange(9)):
        path = REFERENCE.reference(X, Y, W, 0.1, 9, order)
        assert path.shape == (2, 3)
        np.testing.assert_allclose(path[1], W - 0.1 * full_gradient)


def test_number_of_updates() -> None:
    for batch_size in range(1, 12):
        for drop_last in (False, True):
            path = REFERENCE.reference(X, Y, W, 0.01, batch_size, ORDER, drop_last)
            updates = 9 // batch_size if drop_last else math.ceil(9 / batch_size)
            assert path.shape == (updates + 1, 3)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name
