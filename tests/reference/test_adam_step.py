"""Checks of the adam_step reference: chained steps follow torch.optim.Adam, the first step has
size lr, and a float32 learner passes."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("adam_step", "q24_optimizers.yaml")
REFERENCE = EX.reference


def test_chained_steps_follow_torch_adam() -> None:
    import torch

    rng = np.random.default_rng(0)
    grads = rng.normal(size=(12, 3))
    start = rng.normal(size=3)
    p = torch.nn.Parameter(torch.tensor(start))
    optimizer = torch.optim.Adam([p], lr=0.05, weight_decay=0.01)
    param, m, v = start, np.zeros(3), np.zeros(3)
    for t, g in enumerate(grads, start=1):
        p.grad = torch.tensor(g)
        optimizer.step()
        param, m, v = REFERENCE.reference(param, g, m, v, t, 0.05, 0.9, 0.999, 1e-8, 0.01)
    np.testing.assert_allclose(param, p.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(v, optimizer.state[p]["exp_avg_sq"].numpy(), rtol=1e-12)


def test_first_step_moves_each_parameter_by_lr() -> None:
    grad = np.array([5.0, -0.01, 300.0])
    param, _, _ = REFERENCE.reference(
        np.zeros(3), grad, np.zeros(3), np.zeros(3), 1, 0.001, 0.9, 0.999, 0.0
    )
    np.testing.assert_allclose(param, -0.001 * np.sign(grad))


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name
