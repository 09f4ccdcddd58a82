"""Checks of the cosine_lr reference: its closed-form landmarks and torch's behaviour past T_max."""

from __future__ import annotations

import itertools
import math

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("cosine_lr", "q21_learning_rate_schedules.yaml")
REFERENCE = EX.reference


def test_landmarks_of_the_schedule() -> None:
    lr = REFERENCE.reference
    assert lr(0, 100, 0.1, 0.01, 10) == 0.0
    assert math.isclose(lr(5, 100, 0.1, 0.01, 10), 0.05)
    assert lr(10, 100, 0.1, 0.01, 10) == 0.1
    assert math.isclose(lr(55, 100, 0.1, 0.01, 10), 0.055)
    assert math.isclose(lr(100, 100, 0.1, 0.01, 10), 0.01)
    assert lr(10_000, 100, 0.1, 0.01, 10) == lr(100, 100, 0.1, 0.01, 10)


def test_monotone_up_then_down() -> None:
    rates = [REFERENCE.reference(step, 80, 1.0, 0.1, 8) for step in range(90)]
    assert all(a < b for a, b in itertools.pairwise(rates[:9]))
    assert all(a >= b for a, b in itertools.pairwise(rates[8:]))


def test_torch_cosine_rises_after_t_max_and_the_reference_does_not() -> None:
    import torch

    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=20, eta_min=0.0)
    for _ in range(30):
        optimizer.step()
        scheduler.step()
    assert math.isclose(optimizer.param_groups[0]["lr"], 0.05)  # halfway back up after 10 more
    assert REFERENCE.reference(30, 20, 0.1) == 0.0
