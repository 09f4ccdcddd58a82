"""Mutant: any reduction other than "mean" or "sum" returns the elementwise losses, so a typo or
"batchmean" passes silently instead of raising ValueError."""

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
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    loss = alpha_t * one_minus_p_t**gamma * bce
    if reduction == "mean":
        return float(loss.mean())
    if reduction == "sum":
        return float(loss.sum())
    return loss
