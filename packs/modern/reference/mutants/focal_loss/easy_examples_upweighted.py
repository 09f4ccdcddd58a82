"""Mutant: the modulating factor is p_t**gamma instead of (1 - p_t)**gamma, which weights the
easy, well-classified examples most: the opposite of the focal loss."""

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
    p, q = np.exp(-_softplus(-logits)), np.exp(-_softplus(logits))
    p_t = targets * p + (1 - targets) * q
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return _reduce(alpha_t * p_t**gamma * bce, reduction)
