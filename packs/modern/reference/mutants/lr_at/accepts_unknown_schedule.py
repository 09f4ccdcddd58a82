"""Mutant: an unknown schedule name falls through to the cosine branch (or the inverse square
root without total_steps) instead of raising."""

import numpy as np


def lr_at(steps, schedule, lr, warmup_steps, total_steps=None, min_lr=0.0, d_model=None):
    if warmup_steps < 1:
        raise ValueError("warmup_steps < 1")
    if np.any(np.asarray(steps) < 0):
        raise ValueError("negative step")
    if schedule == "cosine" and total_steps <= warmup_steps:
        raise ValueError("total_steps <= warmup_steps")
    s = np.asarray(steps, dtype=float) + 1
    w = float(warmup_steps)
    if schedule == "noam":
        return lr * d_model**-0.5 * np.minimum(s**-0.5, s * w**-1.5)
    if schedule == "inverse_sqrt":
        return np.where(s <= w, lr * s / w, lr * np.sqrt(w / s))
    if total_steps is None:
        return np.where(s <= w, lr * s / w, lr * np.sqrt(w / s))
    progress = np.clip((s - w) / (total_steps - w), 0, 1)
    return np.where(
        s <= w, lr * s / w, min_lr + (lr - min_lr) * 0.5 * (1 + np.cos(np.pi * progress))
    )
