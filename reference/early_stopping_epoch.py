"""Reference for `early_stopping_epoch`: when patience-based early stopping halts training, and
which epoch's weights it keeps (the rule of Keras's and Lightning's EarlyStopping)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

STEP = 1.0 / 1024.0
"""Random losses and min_delta are multiples of STEP, so `a < b - d` and `b - a > d` agree."""


def reference(val_losses: np.ndarray, patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    """(best_epoch, stop_epoch): an epoch improves when its loss < best - min_delta; training
    stops at the epoch that makes `patience` epochs in a row without improvement."""
    if patience < 1:
        raise ValueError(f"patience must be at least 1, got {patience}")
    if len(val_losses) == 0:
        raise ValueError("no validation losses")
    best, best_epoch, epochs_without_improvement = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, best_epoch, epochs_without_improvement = float(loss), epoch, 0
        else:
            epochs_without_improvement += 1
            if epochs_without_improvement >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1


def oracle(val_losses: np.ndarray, patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    """The same rule read off torch's ReduceLROnPlateau (mode="min", threshold_mode="abs").
    Its patience counts the bad epochs it tolerates, so it acts one epoch later: patience - 1
    here. The first learning-rate cut is the stop; an epoch that resets its count improved."""
    import torch

    if patience < 1:
        raise ValueError(f"patience must be at least 1, got {patience}")
    if len(val_losses) == 0:
        raise ValueError("no validation losses")
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
        optimizer,
        mode="min",
        factor=0.5,
        patience=patience - 1,
        threshold=min_delta,
        threshold_mode="abs",
    )
    best_epoch = 0
    for epoch, loss in enumerate(val_losses):
        scheduler.step(float(loss))
        if optimizer.param_groups[0]["lr"] < 1.0:
            return best_epoch, epoch
        if scheduler.num_bad_epochs == 0:
            best_epoch = epoch
    return best_epoch, len(val_losses) - 1


def _case(
    name: str,
    losses: list[float],
    patience: int,
    min_delta: float | None = None,
    raises: str | None = None,
) -> Case:
    kwargs = {} if min_delta is None else {"min_delta": min_delta}
    return Case(name, (np.array(losses, dtype=np.float64), patience), kwargs, raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: the patience count, ties with the best, min_delta, running out of epochs."""
    return [
        _case("no epochs at all: raise ValueError", [], 3, raises="ValueError"),
        _case("a single epoch: it is both the best and the last", [0.3], 2),
        _case("patience 0 is not allowed: raise ValueError", [1.0, 0.5], 0, raises="ValueError"),
        _case(
            "negative patience -1 is not allowed: raise ValueError",
            [1.0, 0.5, 0.75],
            -1,
            raises="ValueError",
        ),
        _case(
            "patience 1: stop at the first epoch that does not improve",
            [2.0, 1.0, 1.5, 0.5],
            1,
        ),
        _case(
            "a loss equal to the best is not an improvement (patience 2)",
            [1.0, 0.5, 0.5, 0.5, 0.25],
            2,
        ),
        _case(
            "min_delta 0.25: an improvement of exactly min_delta does not count",
            [1.0, 0.75, 0.5, 0.25],
            1,
            0.25,
        ),
        _case(
            "still improving at the end: never triggered, the last epoch is the best and the stop",
            [1.0, 0.875, 0.75, 0.625],
            2,
        ),
        _case(
            "a lower loss after the stop is never seen: training has already stopped",
            [1.0, 0.75, 0.875, 0.8125, 0.25],
            2,
        ),
        _case(
            "stop `patience` epochs after the best: best epoch 1, stop at epoch 4 (patience 3)",
            [1.0, 0.8, 0.9, 0.85, 0.95, 0.7],
            3,
        ),
        _case(
            "never better than epoch 0: keep epoch 0, stop at epoch `patience`",
            [0.5, 0.625, 0.75, 0.875, 1.0, 1.125],
            3,
        ),
        _case(
            "min_delta 0.125: decreases of 0.0625 are not improvements",
            [1.0, 0.9375, 0.875, 0.8125, 0.5],
            2,
            0.125,
        ),
        _case(
            "min_delta is measured from the best, not from the previous epoch",
            [1.0, 0.9375, 0.875, 0.8125, 0.75, 0.6875],
            5,
            0.125,
        ),
        _case(
            "a new best resets the count (noisy curve, patience 3)",
            [1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.8, 0.9, 0.6],
            3,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A validation curve that falls, flattens and (sometimes) rises again, with noise; values
    and min_delta on a grid of 1/1024 so that ties with the best occur and rounding cannot."""
    epochs = int(rng.integers(5, 41))
    t = np.arange(epochs)
    curve = 0.2 + 2.0 * np.exp(-t / rng.uniform(1.0, 8.0))
    turn = rng.uniform(3, epochs)
    curve += rng.uniform(0.0, 0.02) * np.maximum(t - turn, 0.0) ** 1.5
    curve += rng.normal(scale=rng.choice([0.0, 0.01, 0.05]), size=epochs)
    losses = np.round(curve / STEP) * STEP
    patience = int(rng.integers(1, 7))
    min_delta = float(rng.choice([0.0, 0.0, 4 * STEP, 16 * STEP, 32 * STEP]))
    name = f"random curve #{index} ({epochs} epochs, patience {patience}, min_delta {min_delta:g})"
    if min_delta == 0.0 and index % 2:
        return Case(name, (losses, patience))
    return Case(name, (losses, patience), {"min_delta": min_delta})
