"""Alternative solution: PyTorch tensors; every schedule as a multiplier of its peak, written with
the update number s = step + 1, and noam as the linear warm-up + inverse square root it is."""

import math

import torch


def lr_at(steps, schedule, lr, warmup_steps, total_steps=None, min_lr=0.0, d_model=None):
    if schedule not in ("noam", "cosine", "inverse_sqrt"):
        raise ValueError(f"unknown schedule {schedule}")
    if warmup_steps < 1 or bool((steps < 0).any()):
        raise ValueError("need warmup_steps >= 1 and steps >= 0")
    if schedule == "cosine" and total_steps <= warmup_steps:
        raise ValueError("cosine needs total_steps > warmup_steps")
    s = steps.double() + 1
    ramp = s / warmup_steps
    if schedule == "cosine":
        progress = ((s - warmup_steps) / (total_steps - warmup_steps)).clamp(0, 1)
        decay = min_lr + (lr - min_lr) * 0.5 * (1 + torch.cos(math.pi * progress))
        return torch.where(s <= warmup_steps, lr * ramp, decay)
    peak = lr * (d_model * warmup_steps) ** -0.5 if schedule == "noam" else lr
    return peak * torch.minimum(ramp, torch.rsqrt(ramp))
