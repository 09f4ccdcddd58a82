"""Alternative solution: the losses arrive as a tensor; a running minimum finds the best epochs."""

import torch


def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if patience < 1 or val_losses.numel() == 0:
        raise ValueError("need patience >= 1 and at least one epoch")
    best, best_epoch = torch.tensor(float("inf"), dtype=val_losses.dtype), 0
    for epoch in range(val_losses.numel()):
        if val_losses[epoch] < best - min_delta:
            best, best_epoch = val_losses[epoch], epoch
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, val_losses.numel() - 1
