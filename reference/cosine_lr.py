"""Reference for `cosine_lr`: linear warmup from 0, then cosine annealing from base_lr to min_lr."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(step: int, total_steps: int, warmup_steps: int) -> None:
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    if not 0 <= warmup_steps < total_steps:
        raise ValueError(f"need 0 <= warmup_steps < total_steps, got {warmup_steps}, {total_steps}")


def reference(
    step: int, total_steps: int, base_lr: float, min_lr: float = 0.0, warmup_steps: int = 0
) -> float:
    """base_lr * step / warmup_steps during warmup; then
    min_lr + (base_lr - min_lr) * (1 + cos(pi * progress)) / 2 with progress going from 0 at the
    end of warmup to 1 at total_steps; min_lr from then on."""
    _check(step, total_steps, warmup_steps)
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)
    return float(min_lr + (base_lr - min_lr) * 0.5 * (1.0 + np.cos(np.pi * progress)))


def oracle(
    step: int, total_steps: int, base_lr: float, min_lr: float = 0.0, warmup_steps: int = 0
) -> float:
    """torch.optim.lr_scheduler: CosineAnnealingLR(T_max=total - warmup, eta_min=min_lr), after
    a linear warmup from 0 joined by SequentialLR (LinearLR cannot start at 0, so the warmup is a
    LambdaLR). torch's cosine rises again after T_max, so steps past the end are clamped."""
    import torch

    _check(step, total_steps, warmup_steps)
    parameter = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([parameter], lr=base_lr)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=total_steps - warmup_steps, eta_min=min_lr
    )
    scheduler: torch.optim.lr_scheduler.LRScheduler = cosine
    if warmup_steps > 0:
        warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: s / warmup_steps)
        scheduler = torch.optim.lr_scheduler.SequentialLR(
            optimizer, [warmup, cosine], milestones=[warmup_steps]
        )
    for _ in range(min(step, total_steps)):
        optimizer.step()
        scheduler.step()
    return float(optimizer.param_groups[0]["lr"])


def edge_cases() -> list[Case]:
    """Fixed cases: the ends and the middle of the cosine, min_lr, the warmup and its hand-off,
    steps past the end, invalid arguments."""
    return [
        Case("no warmup, step 0: exactly base_lr", (0, 100, 0.1)),
        Case("halfway (step 50 of 100): (base_lr + min_lr) / 2 = 0.05", (50, 100, 0.1)),
        Case("a quarter of the way: base_lr * (1 + cos(pi/4)) / 2", (25, 100, 0.1)),
        Case("the last step (step = total_steps): exactly min_lr", (100, 100, 0.1, 0.001)),
        Case(
            "min_lr > 0 at step 0: starts at base_lr, not base_lr + min_lr",
            (0, 100, 0.1),
            {"min_lr": 0.01},
        ),
        Case(
            "min_lr > 0 halfway: the cosine spans base_lr - min_lr, so (0.1 + 0.01) / 2",
            (50, 100, 0.1),
            {"min_lr": 0.01},
        ),
        Case(
            "past the end (step 130 of 100): stays at min_lr (the cosine must not rise again)",
            (130, 100, 0.1, 0.001),
        ),
        Case(
            "warmup, step 0: a linear warmup starts at lr 0",
            (0, 100, 0.1),
            {"warmup_steps": 10},
        ),
        Case(
            "warmup, step 4 of 10: base_lr * 4 / 10 (warmup ignores min_lr)",
            (4, 100, 0.1),
            {"min_lr": 0.01, "warmup_steps": 10},
        ),
        Case(
            "step = warmup_steps: warmup is over and the cosine starts at base_lr",
            (10, 100, 0.1),
            {"min_lr": 0.01, "warmup_steps": 10},
        ),
        Case(
            "warmup 10 of 100, step 55: the cosine's progress is (55 - 10) / 90 = 1/2",
            (55, 100, 0.1),
            {"warmup_steps": 10},
        ),
        Case(
            "warmup 20 of 50, step 26: progress (26 - 20) / 30, not 26 / 50",
            (26, 50, 3e-4),
            {"min_lr": 3e-5, "warmup_steps": 20},
        ),
        Case("one step of training (total_steps=1): step 1 is min_lr", (1, 1, 1.0, 0.25)),
        Case("a negative step: raise ValueError", (-1, 100, 0.1), raises="ValueError"),
        Case(
            "a negative step during a warmup: raise ValueError",
            (-3, 100, 0.1),
            {"warmup_steps": 10},
            raises="ValueError",
        ),
        Case(
            "a negative warmup_steps: raise ValueError",
            (5, 100, 0.1),
            {"warmup_steps": -5},
            raises="ValueError",
        ),
        Case(
            "warmup_steps = total_steps leaves no cosine phase: raise ValueError",
            (5, 10, 0.1),
            {"warmup_steps": 10},
            raises="ValueError",
        ),
        Case(
            "warmup_steps > total_steps: raise ValueError",
            (5, 10, 0.1),
            {"warmup_steps": 20},
            raises="ValueError",
        ),
        Case(
            "total_steps = 0 (no schedule at all): raise ValueError",
            (0, 0, 0.1),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random schedule and a step anywhere in it (sometimes past the end)."""
    total_steps = int(rng.integers(5, 300))
    warmup_steps = int(rng.integers(1, total_steps // 4 + 1)) if rng.random() < 0.6 else 0
    step = int(rng.integers(0, total_steps + 10))
    base_lr = float(rng.choice([1e-3, 3e-4, 0.01, 0.1, 1.0]))
    min_lr = float(base_lr * rng.choice([0.0, 0.01, 0.1]))
    return Case(
        f"random #{index}: step {step} of {total_steps}, warmup {warmup_steps}, "
        f"base_lr {base_lr:g}, min_lr {min_lr:g}",
        (step, total_steps, base_lr),
        {"min_lr": min_lr, "warmup_steps": warmup_steps},
    )
