"""Mutant: rejects only a negative delta, so delta = 0 (a plain L1 slope of 0, a cost of 0)
returns a result instead of raising ValueError."""

import numpy as np


def huber_cost(predictions, targets, delta, reduction):
    if delta < 0:
        raise ValueError("delta must not be negative")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError("bad reduction")
    r = predictions - targets
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta))
    slopes = np.clip(r, -delta, delta)
    if reduction == "none":
        return losses, slopes
    if reduction == "sum":
        return losses.sum(), slopes
    return losses.mean(), slopes / r.size
