"""Checks of the momentum_step reference: chained steps follow torch.optim.SGD (first step,
dampening, Nesterov), the inputs are left alone, and a float32 learner passes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("momentum_step", "q31_momentum.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize(
    "settings",
    [{}, {"dampening": 0.3}, {"nesterov": True}],
    ids=["plain", "dampening", "nesterov"],
)
def test_chained_steps_follow_torch_sgd(settings: dict[str, Any]) -> None:
    import torch

    rng = np.random.default_rng(0)
    grads = rng.normal(size=(10, 3))
    start = rng.normal(size=3)
    p = torch.nn.Parameter(torch.tensor(start))
    optimizer = torch.optim.SGD([p], lr=0.05, momentum=0.9, **settings)
    param, velocity = start, None
    for g in grads:
        p.grad = torch.tensor(g)
        optimizer.step()
        param, velocity = REFERENCE.reference(param, g, velocity, 0.05, 0.9, **settings)
    np.testing.assert_allclose(param, p.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(velocity, optimizer.state[p]["momentum_buffer"].numpy())


def test_inputs_are_not_modified() -> None:
    param, grad, velocity = np.ones(3), np.full(3, 2.0), np.full(3, 0.5)
    REFERENCE.reference(param, grad, velocity, 0.1, 0.9, dampening=0.2)
    _, new_velocity = REFERENCE.reference(param, grad, None, 0.1, 0.9)
    new_velocity += 1.0  # the first buffer is a copy, not grad itself
    assert (param == 1.0).all() and (grad == 2.0).all() and (velocity == 0.5).all()


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name
