"""Mutant: does not clamp the progress at 1, so past total_steps the cosine climbs back up
(what torch's CosineAnnealingLR does if you keep stepping it)."""

import math


def cosine_lr(step, total_steps, base_lr, min_lr=0.0, warmup_steps=0):
    if step < 0 or not 0 <= warmup_steps < total_steps:
        raise ValueError("invalid schedule")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))
