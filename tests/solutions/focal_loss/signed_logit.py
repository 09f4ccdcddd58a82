"""Alternative solution: NumPy with the signed logit s = x for positives and -x for negatives,
so that p_t = sigmoid(s), -log p_t = softplus(-s) and 1 - p_t = sigmoid(-s)."""

import numpy as np


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="none"):
    s = np.where(targets == 1.0, logits, -logits)
    neg_log_p_t = np.maximum(-s, 0.0) + np.log1p(np.exp(-np.abs(s)))
    one_minus_p_t = np.exp(-(np.maximum(s, 0.0) + np.log1p(np.exp(-np.abs(s)))))
    weight = np.where(targets == 1.0, alpha, 1.0 - alpha)
    loss = weight * one_minus_p_t**gamma * neg_log_p_t
    if reduction == "none":
        return loss
    if reduction == "mean":
        return float(np.mean(loss))
    if reduction == "sum":
        return float(np.sum(loss))
    raise ValueError("reduction must be 'none', 'mean' or 'sum'")
