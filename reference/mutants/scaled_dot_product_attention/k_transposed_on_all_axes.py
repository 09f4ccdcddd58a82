"""Mutant: q @ k.T, which reverses every axis of k: right for 2-D inputs, wrong (or a shape
error) once there are batch or head axes."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.T / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    empty = np.isneginf(row_max)
    weights = np.exp(scores - np.where(empty, 0.0, row_max))
    weights = weights / np.where(empty, 1.0, weights.sum(axis=-1, keepdims=True))
    return weights @ v
