"""Alternative solution: one step at a time in plain Python, with the formulas as the papers write
them (noam: d_model^-0.5 * min(step_num^-0.5, step_num * warmup^-1.5), step_num from 1)."""

import math

import numpy as np


def lr_at(steps, schedule, lr, warmup_steps, total_steps=None, min_lr=0.0, d_model=None):
    if schedule not in {"noam", "cosine", "inverse_sqrt"}:
        raise ValueError("unknown schedule")
    if warmup_steps < 1:
        raise ValueError("warmup_steps must be >= 1")
    if schedule == "cosine" and not total_steps > warmup_steps:
        raise ValueError("total_steps must exceed warmup_steps")
    rates = []
    for step in steps.tolist():
        if step < 0:
            raise ValueError("negative step")
        n = step + 1  # the update number, from 1
        if schedule == "noam":
            rate = lr * d_model**-0.5 * min(n**-0.5, n * warmup_steps**-1.5)
        elif n <= warmup_steps:
            rate = lr * n / warmup_steps
        elif schedule == "inverse_sqrt":
            rate = lr * math.sqrt(warmup_steps / n)
        else:
            progress = min(1.0, (n - warmup_steps) / (total_steps - warmup_steps))
            rate = min_lr + (lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2
        rates.append(rate)
    return np.array(rates, dtype=float)
