"""Mutant: only the causal mask is applied; key_padding_mask is ignored, so real tokens attend
to padding keys."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    if length > keys:
        raise ValueError("more queries than keys")
    causal = np.arange(keys)[None, :] <= np.arange(length)[:, None] + keys - length
    scores = np.where(causal, q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v
