"""Mutant: the modulating factor is (1 - p)**gamma with p = sigmoid(x) for every element; for a
negative, 1 - p_t is p, so confident negatives (p near 0) are up-weighted instead of
down-weighted."""

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
    bce = targets * _softplus(-logits) + (1 - targets) * _softplus(logits)
    q = np.exp(-_softplus(logits))
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return _reduce(alpha_t * q**gamma * bce, reduction)
