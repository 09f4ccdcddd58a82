"""Reference for `diagnose_learning_curves`: read a run's training and validation curves at the
checkpoint early stopping would keep (the lowest validation loss), and split its error into
avoidable bias (training loss above the target) and the generalisation gap (validation above
training), each compared with a threshold: underfitting and overfitting."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

STEP = 1.0 / 1024.0
"""Losses, targets and thresholds of the cases are multiples of STEP (and below 16), so every
difference and comparison is exact in float64 and float32 alike."""


def reference(
    train_loss: np.ndarray, val_loss: np.ndarray, target_loss: float, threshold: float
) -> tuple[int, float, float, bool, bool]:
    """(best_epoch, avoidable_bias, gap, underfitting, overfitting)."""
    if len(train_loss) != len(val_loss):
        raise ValueError(f"{len(train_loss)} training losses but {len(val_loss)} validation losses")
    best = int(np.argmin(val_loss))  # the first epoch with the lowest validation loss
    avoidable_bias = float(train_loss[best] - target_loss)
    gap = float(val_loss[best] - train_loss[best])
    return best, avoidable_bias, gap, avoidable_bias > threshold, gap > threshold


def oracle(
    train_loss: np.ndarray, val_loss: np.ndarray, target_loss: float, threshold: float
) -> tuple[int, float, float, bool, bool]:
    """The same with torch: torch.argmin returns the first index of the minimum."""
    import torch

    if len(train_loss) != len(val_loss):
        raise ValueError("the two curves must have one loss per epoch each")
    train, val = torch.from_numpy(train_loss), torch.from_numpy(val_loss)
    best = torch.argmin(val)
    bias = train[best] - target_loss
    gap = val[best] - train[best]
    return (
        int(best.item()),
        float(bias.item()),
        float(gap.item()),
        bool((bias > threshold).item()),
        bool((gap > threshold).item()),
    )


def _case(
    name: str,
    train: list[float],
    val: list[float],
    target: float,
    threshold: float,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (np.array(train, dtype=np.float64), np.array(val, dtype=np.float64), target, threshold),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """Fixed cases: each reading of the curves (best epoch, bias, gap, thresholds) and the raise."""
    return [
        _case(
            "one epoch: it is the best; training 0.25 above the target and validation 0.25 "
            "above training: both",
            [0.5],
            [0.75],
            0.25,
            0.125,
        ),
        _case(
            "3 training losses but 2 validation losses: raise ValueError",
            [1.0, 0.5, 0.25],
            [1.0, 0.75],
            0.0,
            0.125,
            raises="ValueError",
        ),
        _case(
            "bias and gap exactly equal to the threshold (0.5): not above it, so neither",
            [1.0, 0.75],
            [1.5, 1.25],
            0.25,
            0.5,
        ),
        _case(
            "validation below training (dropout or augmentation in the training loss): a "
            "negative gap is not overfitting",
            [1.0, 0.75, 0.625],
            [0.75, 0.5, 0.375],
            0.5625,
            0.125,
        ),
        _case(
            "noisy labels: the target loss 0.8125 is far above 0, and training is only 0.0625 "
            "above it",
            [1.5, 1.0, 0.875],
            [1.5, 1.0625, 0.9375],
            0.8125,
            0.125,
        ),
        _case(
            "a good fit: both curves fall and stay close, near the target",
            [1.0, 0.5, 0.375, 0.3125],
            [1.0, 0.5625, 0.4375, 0.375],
            0.25,
            0.125,
        ),
        _case(
            "classic overfitting: validation turns up after epoch 2 while training keeps falling",
            [1.0, 0.5, 0.25, 0.125, 0.0625],
            [1.125, 0.75, 0.625, 0.75, 1.0],
            0.25,
            0.125,
        ),
        _case(
            "underfitting: both curves level off high and close together (validation ties at "
            "epochs 3 and 4: keep 3)",
            [2.0, 1.5, 1.25, 1.125, 1.125],
            [2.0, 1.625, 1.375, 1.25, 1.25],
            0.25,
            0.25,
        ),
        _case(
            "the lowest validation loss is reached twice, at epochs 1 and 3: keep the first",
            [1.0, 0.625, 0.5, 0.25, 0.125],
            [1.0, 0.5, 0.75, 0.5, 0.875],
            0.375,
            0.125,
        ),
        _case(
            "training loss rises at the end (learning rate too high): lowest training loss at "
            "epoch 3, lowest validation loss at epoch 2",
            [1.0, 0.5, 0.375, 0.25, 0.5],
            [1.0, 0.625, 0.5, 0.625, 0.75],
            0.25,
            0.0625,
        ),
    ]


def _quantised(values: np.ndarray) -> np.ndarray:
    return np.round(values / STEP) * STEP


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A training curve that decays towards a floor, and a validation curve that follows it with
    a gap that grows after some epoch (overfitting) or not, with noise; quantised to STEP."""
    epochs = int(rng.integers(1, 31))
    t = np.arange(epochs)
    floor, start = rng.uniform(0.0, 1.5), rng.uniform(1.5, 3.0)
    train = floor + (start - floor) * np.exp(-t / rng.uniform(1.0, 8.0))
    turn = rng.uniform(0, epochs)
    growth = rng.choice([0.0, rng.uniform(0.01, 0.1)])
    val = train + rng.uniform(-0.1, 0.4) + growth * np.maximum(t - turn, 0.0) ** 1.5
    train = _quantised(train + rng.normal(scale=0.01, size=epochs))
    val = _quantised(val + rng.normal(scale=0.03, size=epochs))
    if index % 4 == 3 and epochs > 2:
        val[-1] = val.min()  # a tie with the minimum, later
    target = float(_quantised(floor - rng.uniform(-0.2, 0.3)))
    threshold = float(_quantised(rng.uniform(0.05, 0.4)))
    return Case(
        f"random #{index}: {epochs} epochs, target {target:g}, threshold {threshold:g}",
        (train, val, target, threshold),
    )
