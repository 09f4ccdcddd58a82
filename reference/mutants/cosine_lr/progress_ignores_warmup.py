"""Mutant: measures the cosine's progress as step / total_steps, so after warmup it does not
start at base_lr."""

import math


def cosine_lr(step, total_steps, base_lr, min_lr=0.0, warmup_steps=0):
    if step < 0 or not 0 <= warmup_steps < total_steps:
        raise ValueError("invalid schedule")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = min(step, total_steps) / total_steps
    return min_lr + (base_lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))
