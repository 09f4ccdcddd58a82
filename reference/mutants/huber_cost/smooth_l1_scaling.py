"""Mutant: smooth L1 (torch's smooth_l1_loss with beta = delta): r^2 / (2 delta) inside and
|r| - delta/2 outside, i.e. the Huber loss divided by delta (and so is its gradient)."""

import numpy as np


def huber_cost(predictions, targets, delta, reduction):
    if delta <= 0:
        raise ValueError("delta must be positive")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError("bad reduction")
    r = predictions - targets
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r**2 / delta, np.abs(r) - 0.5 * delta)
    slopes = np.clip(r, -delta, delta) / delta
    if reduction == "none":
        return losses, slopes
    if reduction == "sum":
        return losses.sum(), slopes
    return losses.mean(), slopes / r.size
