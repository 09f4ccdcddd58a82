"""Mutant: masked scores filled with -1e9 instead of -inf. Rows with an allowed key come out
right, but a fully masked row has all scores equal to -1e9, so its softmax is uniform and it
returns the mean of ALL values (padding included) instead of zeros."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    if length > keys:
        raise ValueError("more queries than keys")
    causal = np.arange(keys)[None, :] <= np.arange(length)[:, None] + keys - length
    allowed = causal[None, None] & ~key_padding_mask[:, None, None, :]
    scores = np.where(allowed, q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), -1e9)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v
