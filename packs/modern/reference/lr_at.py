"""Reference for `lr_at`: three warm-up schedules of Transformer training, evaluated at an array
of 0-based optimizer steps: Vaswani et al.'s "noam", linear warm-up + cosine decay, and linear
warm-up + inverse square root. Step k is the rate of the (k + 1)-th update, s = k + 1."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

SCHEDULES = ("noam", "cosine", "inverse_sqrt")


def _check(steps: np.ndarray, schedule: str, warmup_steps: int, total_steps: int | None) -> None:
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; expected one of {SCHEDULES}")
    if warmup_steps < 1:
        raise ValueError(f"warmup_steps must be at least 1, got {warmup_steps}")
    if np.any(np.asarray(steps) < 0):
        raise ValueError("steps must be >= 0")
    if schedule == "cosine" and (total_steps is None or total_steps <= warmup_steps):
        raise ValueError(f"cosine needs total_steps > warmup_steps, got {total_steps}")


def reference(
    steps: np.ndarray,
    schedule: str,
    lr: float,
    warmup_steps: int,
    total_steps: int | None = None,
    min_lr: float = 0.0,
    d_model: int | None = None,
) -> np.ndarray:
    """The learning rate at each step; s = step + 1 is the 1-based update number."""
    _check(steps, schedule, warmup_steps, total_steps)
    s = np.asarray(steps, dtype=np.float64) + 1.0
    w = float(warmup_steps)
    if schedule == "noam":
        assert d_model is not None
        return lr * d_model**-0.5 * np.minimum(s**-0.5, s * w**-1.5)
    warm = lr * s / w
    if schedule == "inverse_sqrt":
        return np.where(s <= w, warm, lr * np.sqrt(w / s))
    assert total_steps is not None
    progress = np.clip((s - w) / (total_steps - w), 0.0, 1.0)
    cosine = min_lr + (lr - min_lr) * 0.5 * (1.0 + np.cos(np.pi * progress))
    return np.where(s <= w, warm, cosine)


def oracle(
    steps: np.ndarray,
    schedule: str,
    lr: float,
    warmup_steps: int,
    total_steps: int | None = None,
    min_lr: float = 0.0,
    d_model: int | None = None,
) -> np.ndarray:
    """torch.optim.lr_scheduler driven step by step: LinearLR(start_factor=1/W) over the first
    W - 1 scheduler steps, then (SequentialLR) CosineAnnealingLR(T_max=T - W, eta_min) or a
    LambdaLR of sqrt(W / (j + W)). Noam is the latter with the peak d_model**-0.5 * W**-0.5 * lr,
    and torch's cosine rises again after T_max, so steps past the end are clamped."""
    import warnings

    import torch
    from torch.optim import lr_scheduler

    _check(steps, schedule, warmup_steps, total_steps)
    W = warmup_steps
    peak = lr * d_model**-0.5 * W**-0.5 if schedule == "noam" and d_model is not None else lr
    parameter = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([parameter], lr=peak)
    after: lr_scheduler.LRScheduler
    last = int(np.max(steps)) if len(steps) else 0
    if schedule == "cosine":
        assert total_steps is not None
        after = lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps - W, eta_min=min_lr)
        last = min(last, total_steps - 1)
    else:
        after = lr_scheduler.LambdaLR(optimizer, lambda j: (W / (j + W)) ** 0.5)
    scheduler: lr_scheduler.LRScheduler = after
    if W > 1:
        warmup = lr_scheduler.LinearLR(optimizer, 1 / W, 1.0, total_iters=W - 1)
        scheduler = lr_scheduler.SequentialLR(optimizer, [warmup, after], milestones=[W - 1])
    rates = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SequentialLR's deprecated epoch argument
        for _ in range(last + 1):
            rates.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            scheduler.step()
    index = np.minimum(np.asarray(steps, dtype=np.int64), last)
    return np.array(rates, dtype=np.float64)[index]


def _steps(values: list[int] | range) -> np.ndarray:
    return np.array(list(values), dtype=np.int64)


def edge_cases() -> list[Case]:
    """Fixed cases: each schedule around its warm-up peak and at its end, the paper's setting,
    min_lr, a one-step warm-up, unsorted steps, and the invalid arguments."""
    return [
        Case(
            "noam, d_model 64, warmup 4, steps 0..9: peak d_model**-0.5 * 4**-0.5 at step 3 "
            "(update s = 4), then inverse square root",
            (_steps(range(10)), "noam", 1.0, 4),
            {"d_model": 64},
        ),
        Case(
            "noam as in Vaswani et al. (d_model 512, warmup 4000): steps 0, 999, 3998, 3999, "
            "4000, 7999",
            (_steps([0, 999, 3998, 3999, 4000, 7999]), "noam", 1.0, 4000),
            {"d_model": 512},
        ),
        Case(
            "noam with lr (the factor) 2 and d_model 256, warmup 10",
            (_steps([0, 4, 9, 10, 39]), "noam", 2.0, 10),
            {"d_model": 256},
        ),
        Case(
            "inverse_sqrt, lr 1e-3, warmup 4, steps 0..11: lr * s / 4 up to the peak, then "
            "lr * sqrt(4 / s): continuous at s = 4",
            (_steps(range(12)), "inverse_sqrt", 1e-3, 4),
        ),
        Case(
            "cosine, lr 1, min_lr 0.1, warmup 3 of 10, steps 0..12: the warm-up starts at "
            "lr / 3 (from 0, not from min_lr), min_lr exactly at step 9 (s = 10) and after",
            (_steps(range(13)), "cosine", 1.0, 3),
            {"total_steps": 10, "min_lr": 0.1},
        ),
        Case(
            "cosine, min_lr 0, warmup 5 of 25: halfway through the decay (s = 15) the rate is "
            "lr / 2",
            (_steps([0, 4, 9, 14, 19, 24, 30]), "cosine", 3e-4, 5),
            {"total_steps": 25},
        ),
        Case(
            "cosine with warmup_steps 1: no ramp, step 0 is already lr",
            (_steps([0, 1, 2, 5, 7, 8]), "cosine", 0.5, 1),
            {"total_steps": 8, "min_lr": 0.05},
        ),
        Case(
            "unsorted steps with repeats: one rate per step, in the given order",
            (_steps([7, 0, 3, 3, 1]), "inverse_sqrt", 0.01, 2),
        ),
        Case(
            "an unknown schedule 'linear': raise ValueError",
            (_steps([0, 1, 2]), "linear", 1e-3, 2),
            {"total_steps": 10},
            raises="ValueError",
        ),
        Case(
            "a negative step (-1): raise ValueError",
            (_steps([3, -1, 5]), "inverse_sqrt", 1e-3, 2),
            raises="ValueError",
        ),
        Case(
            "warmup_steps 0: raise ValueError",
            (_steps([0, 1, 2]), "inverse_sqrt", 1e-3, 0),
            raises="ValueError",
        ),
        Case(
            "cosine with total_steps = warmup_steps (no decay phase): raise ValueError",
            (_steps([0, 1, 2]), "cosine", 1e-3, 5),
            {"total_steps": 5},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random schedule and steps around its warm-up peak, in its decay and past its end."""
    schedule = SCHEDULES[int(rng.integers(0, 3))]
    warmup = int(rng.integers(1, 60))
    total = warmup + int(rng.integers(1, 240))
    steps = rng.integers(0, int(1.2 * total) + 1, size=int(rng.integers(3, 9)))
    steps = np.concatenate([steps, [max(warmup - 2, 0), warmup - 1, warmup]])
    lr = float(rng.choice([1e-4, 3e-4, 1e-3, 0.1, 1.0, 2.0]))
    kwargs: dict = {}
    if schedule == "noam":
        kwargs["d_model"] = int(rng.choice([64, 128, 256, 512, 1024]))
    if schedule == "cosine":
        kwargs["total_steps"] = total
        kwargs["min_lr"] = float(lr * rng.choice([0.0, 0.1, 0.01]))
    return Case(
        f"random #{index}: {schedule}, lr {lr:g}, warmup {warmup}"
        + (f", total {total}, min_lr {kwargs['min_lr']:g}" if schedule == "cosine" else "")
        + (f", d_model {kwargs['d_model']}" if schedule == "noam" else "")
        + f", steps {steps.tolist()}",
        (steps.astype(np.int64), schedule, lr, warmup),
        kwargs,
    )
