"""Mutant: reads True as "masked out" (the nn.MultiheadAttention convention), not "may attend"."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, -np.inf, scores)
    row_max = scores.max(axis=-1, keepdims=True)
    empty = np.isneginf(row_max)
    weights = np.exp(scores - np.where(empty, 0.0, row_max))
    weights = weights / np.where(empty, 1.0, weights.sum(axis=-1, keepdims=True))
    return weights @ v
