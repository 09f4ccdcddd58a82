"""Checks of the early_stopping_epoch reference: the patience count, ties, min_delta, and the
one-epoch offset from ReduceLROnPlateau's patience."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("early_stopping_epoch", "q58_early_stopping.yaml")
REFERENCE = EX.reference


def test_stops_patience_epochs_after_the_best_when_triggered() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        losses, patience = case.args
        best_epoch, stop_epoch = REFERENCE.reference(*case.args, **case.kwargs)
        assert type(best_epoch) is int and type(stop_epoch) is int
        assert stop_epoch == best_epoch + patience or stop_epoch == len(losses) - 1, case.name
        min_delta = case.kwargs.get("min_delta", 0.0)
        after_best = losses[best_epoch + 1 : stop_epoch + 1]
        assert (after_best >= losses[best_epoch] - min_delta).all(), case.name


def test_reduce_lr_on_plateau_with_the_same_patience_acts_one_epoch_later() -> None:
    import torch

    losses = np.array([1.0, 0.5, 0.75, 0.75, 0.75, 0.75, 0.75])
    assert REFERENCE.reference(losses, 2) == (1, 3)
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=2, threshold=0.0)
    learning_rates = []
    for loss in losses:
        scheduler.step(float(loss))
        learning_rates.append(optimizer.param_groups[0]["lr"])
    assert learning_rates.index(0.1) == 4


def test_random_cases_stop_early_sometimes_and_use_min_delta_sometimes() -> None:
    cases = [c for s in range(5) for c in EX.random_cases(s)]
    triggered = [
        c for c in cases if REFERENCE.reference(*c.args, **c.kwargs)[1] < len(c.args[0]) - 1
    ]
    assert len(triggered) >= len(cases) // 3
    assert any(c.kwargs.get("min_delta", 0.0) > 0 for c in cases)
    assert any("min_delta" not in c.kwargs for c in cases)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name
