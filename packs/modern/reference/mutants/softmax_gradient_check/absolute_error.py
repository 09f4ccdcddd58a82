"""Mutant: reports the absolute error |a - n| instead of the relative error."""

import numpy as np


def _loss(W, X, y):
    logits = X @ W
    top = logits.max(axis=1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return float(np.mean(log_norm - logits[np.arange(len(y)), y]))


def softmax_gradient_check(W, X, y, analytic, eps=1e-5, threshold=1e-6):
    if analytic.shape != W.shape:
        raise ValueError("shape mismatch")
    numeric = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        plus, minus = W.copy(), W.copy()
        plus[index] += eps
        minus[index] -= eps
        numeric[index] = (_loss(plus, X, y) - _loss(minus, X, y)) / (2 * eps)
    rel = np.abs(analytic - numeric)
    return {
        "loss": _loss(W, X, y),
        "numeric": numeric,
        "rel_error": rel,
        "passed": bool(rel.max() <= threshold),
    }
