"""Mutant: checks step >= 0 and warmup_steps >= 0 but not warmup_steps < total_steps, so a warmup
as long as the schedule (or longer) gets a learning rate instead of raising ValueError."""

import math


def cosine_lr(step, total_steps, base_lr, min_lr=0.0, warmup_steps=0):
    if step < 0 or warmup_steps < 0:
        raise ValueError("invalid schedule")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))
