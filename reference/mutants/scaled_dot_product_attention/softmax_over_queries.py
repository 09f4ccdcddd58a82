"""Mutant: normalises over the queries (axis -2) instead of over the keys (axis -1)."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    col_max = scores.max(axis=-2, keepdims=True)
    empty = np.isneginf(col_max)
    weights = np.exp(scores - np.where(empty, 0.0, col_max))
    weights = weights / np.where(empty, 1.0, weights.sum(axis=-2, keepdims=True))
    return weights @ v
