"""Mutant: perturbs W itself, W[i] += eps, then -= 2 eps, then += eps to "restore" it. In floating
point w + eps - 2 eps + eps is often not w, so W comes back changed in its last bits."""

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
        W[index] += eps
        plus = _loss(W, X, y)
        W[index] -= 2 * eps
        minus = _loss(W, X, y)
        W[index] += eps
        numeric[index] = (plus - minus) / (2 * eps)
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    rel = np.divide(np.abs(analytic - numeric), scale, out=np.zeros_like(numeric), where=scale > 0)
    return {
        "loss": _loss(W, X, y),
        "numeric": numeric,
        "rel_error": rel,
        "passed": bool(rel.max() <= threshold),
    }
