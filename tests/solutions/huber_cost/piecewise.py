"""Alternative solution: the Huber loss as "quadratic up to delta, linear beyond", written with
the clipped residual c = clip(r, -delta, delta): loss = c * (|r| - |c| / 2), slope = c."""

import numpy as np


def huber_cost(predictions, targets, delta, reduction):
    if delta <= 0:
        raise ValueError("delta must be positive")
    r = np.subtract(predictions, targets, dtype=np.float64)
    c = np.clip(r, -delta, delta)
    losses = np.abs(c) * (np.abs(r) - 0.5 * np.abs(c))
    if reduction == "none":
        return losses, c
    if reduction == "sum":
        return float(np.sum(losses)), c
    if reduction == "mean":
        return float(np.mean(losses)), c / r.size
    raise ValueError("reduction must be 'mean', 'sum' or 'none'")
