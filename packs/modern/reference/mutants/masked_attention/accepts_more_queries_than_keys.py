"""Mutant: no check that L <= S; with more queries than keys the first queries would sit before
position 0, see no key, and come out as zeros instead of raising ValueError."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    causal = np.arange(keys)[None, :] <= np.arange(length)[:, None] + keys - length
    allowed = causal[None, None] & ~key_padding_mask[:, None, None, :]
    scores = np.where(allowed, q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    empty = np.isneginf(row_max)
    weights = np.exp(scores - np.where(empty, 0.0, row_max))
    weights /= np.where(empty, 1.0, weights.sum(axis=-1, keepdims=True))
    return weights @ v
