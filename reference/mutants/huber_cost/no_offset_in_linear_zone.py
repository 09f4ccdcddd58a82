"""Mutant: the linear branch is delta * |r|, without the - delta^2 / 2 that makes it meet the
quadratic branch, so the cost jumps at |r| = delta (the gradient is right)."""

import numpy as np


def huber_cost(predictions, targets, delta, reduction):
    if delta <= 0:
        raise ValueError("delta must be positive")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError("bad reduction")
    r = predictions - targets
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r**2, delta * np.abs(r))
    slopes = np.clip(r, -delta, delta)
    if reduction == "none":
        return losses, slopes
    if reduction == "sum":
        return losses.sum(), slopes
    return losses.mean(), slopes / r.size
