"""Checks of the l2_regularized_loss_and_grad reference: weight decay, ridge, finite differences."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("l2_regularized_loss_and_grad", "q64_l2_regularization.yaml")
REFERENCE = EX.reference


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, 4))
    return X, X @ rng.normal(size=4) + 0.3 + rng.normal(scale=0.1, size=12)


def test_gradient_matches_finite_differences() -> None:
    X, y = _data()
    w, b, lam = np.array([0.5, -1.0, 0.25, 2.0]), 0.4, 0.7
    _, grad_w, grad_b = REFERENCE.reference(w, b, X, y, lam)
    eps = 1e-6
    for j in range(4):
        step = np.eye(4)[j] * eps
        plus = REFERENCE.reference(w + step, b, X, y, lam)[0]
        minus = REFERENCE.reference(w - step, b, X, y, lam)[0]
        assert np.isclose(grad_w[j], (plus - minus) / (2 * eps), rtol=1e-6)
    plus, minus = (
        REFERENCE.reference(w, b + eps, X, y, lam)[0],
        REFERENCE.reference(w, b - eps, X, y, lam)[0],
    )
    assert np.isclose(grad_b, (plus - minus) / (2 * eps), rtol=1e-6)


def test_sgd_weight_decay_is_this_penalty() -> None:
    import torch

    X, y = _data(1)
    w, b, lam, lr = np.array([1.0, -2.0, 0.5, 0.0]), -0.2, 0.3, 0.05
    _, grad_w, _ = REFERENCE.reference(w, b, X, y, lam)
    _, grad_data, _ = REFERENCE.reference(w, b, X, y, 0.0)
    parameter = torch.tensor(w, requires_grad=True)
    optimizer = torch.optim.SGD([parameter], lr=lr, weight_decay=lam)
    parameter.grad = torch.tensor(grad_data)
    optimizer.step()
    assert np.allclose(parameter.detach().numpy(), w - lr * grad_w)


def test_gradient_vanishes_at_the_ridge_solution() -> None:
    X, y = _data(2)
    lam, n = 0.5, X.shape[0]
    design = np.hstack([X, np.ones((n, 1))])
    penalty = np.diag([1.0] * X.shape[1] + [0.0])  # the bias is not penalised
    solution = np.linalg.solve(design.T @ design + n * lam / 2 * penalty, design.T @ y)
    _, grad_w, grad_b = REFERENCE.reference(solution[:-1], float(solution[-1]), X, y, lam)
    assert np.allclose(grad_w, 0, atol=1e-10) and abs(grad_b) < 1e-10


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_autograd.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
