"""Mutant: uses cos(pi * progress) instead of (1 + cos(pi * progress)) / 2, going below min_lr."""

import math


def cosine_lr(step, total_steps, base_lr, min_lr=0.0, warmup_steps=0):
    if step < 0 or not 0 <= warmup_steps < total_steps:
        raise ValueError("invalid schedule")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * math.cos(math.pi * progress)
