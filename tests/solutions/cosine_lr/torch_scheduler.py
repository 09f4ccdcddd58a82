"""Alternative solution: let torch's schedulers do it (LinearLR cannot start at 0, so the warmup
is a LambdaLR), stepping up to min(step, total_steps)."""

import torch


def cosine_lr(step, total_steps, base_lr, min_lr=0.0, warmup_steps=0):
    if step < 0 or not 0 <= warmup_steps < total_steps:
        raise ValueError("invalid step or warmup_steps")
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    schedulers = [
        torch.optim.lr_scheduler.CosineAnnealingLR(
            optimizer, T_max=total_steps - warmup_steps, eta_min=min_lr
        )
    ]
    milestones = []
    if warmup_steps:
        warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: s / warmup_steps)
        schedulers.insert(0, warmup)
        milestones.append(warmup_steps)
    scheduler = torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers, milestones)
    for _ in range(min(step, total_steps)):
        optimizer.step()
        scheduler.step()
    return optimizer.param_groups[0]["lr"]
