"""Mutant: p = 1 / (1 + exp(-x)), then -log(p) or -log(1 - p): p rounds to exactly 0 or 1 for
|x| in the hundreds, so a confident mistake costs inf instead of |x| * alpha_t."""

import numpy as np


def _softplus(x):
    return np.logaddexp(0.0, x)


def _reduce(loss, reduction):
    if reduction == "mean":
        return float(loss.mean())
    if reduction == "sum":
        return float(loss.sum())
    if reduction == "none":
        return loss
    raise ValueError("unknown reduction")


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="none"):
    with np.errstate(over="ignore", divide="ignore"):
        p = 1.0 / (1.0 + np.exp(-logits))
        bce = np.where(targets == 1, -np.log(p), -np.log(1.0 - p))
    p_t = np.where(targets == 1, p, 1.0 - p)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return _reduce(alpha_t * (1.0 - p_t) ** gamma * bce, reduction)
