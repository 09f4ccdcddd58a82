"""Mutant: multiplies every element by alpha instead of alpha_t (alpha for positives, 1 - alpha
for negatives); at gamma = 0 this is alpha * BCE, not the alpha-balanced BCE."""

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
    one_minus_p_t = targets * q + (1 - targets) * p
    return _reduce(alpha * one_minus_p_t**gamma * bce, reduction)
