"""Alternative solution: PyTorch tensors; torch.argmin returns the first index of the minimum."""

import torch


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if train_loss.shape != val_loss.shape:
        raise ValueError("the curves must cover the same epochs")
    best = int(torch.argmin(val_loss))
    at_best = torch.stack([train_loss[best], val_loss[best]])
    bias, gap = (
        at_best - torch.stack([torch.tensor(target_loss).to(at_best), at_best[0]])
    ).tolist()
    return best, bias, gap, bias > threshold, gap > threshold
