"""Mutant: forgets the 1/sqrt(d) scale, so the softmax sees scores sqrt(d) times too large."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    empty = np.isneginf(row_max)
    weights = np.exp(scores - np.where(empty, 0.0, row_max))
    weights = weights / np.where(empty, 1.0, weights.sum(axis=-1, keepdims=True))
    return weights @ v
