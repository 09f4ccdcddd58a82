"""Alternative solution: the schedule as a clipped progress and numpy's cosine."""

import numpy as np


def cosine_lr(step, total_steps, base_lr, min_lr=0.0, warmup_steps=0):
    if step < 0:
        raise ValueError("step must be non-negative")
    if warmup_steps < 0 or warmup_steps >= total_steps:
        raise ValueError("warmup_steps must be in [0, total_steps)")
    if step < warmup_steps:
        return float(base_lr * step / warmup_steps)
    progress = np.clip((step - warmup_steps) / (total_steps - warmup_steps), 0.0, 1.0)
    cosine = 0.5 * (1.0 + np.cos(np.pi * progress))  # 1 -> 0
    return float(min_lr + (base_lr - min_lr) * cosine)
