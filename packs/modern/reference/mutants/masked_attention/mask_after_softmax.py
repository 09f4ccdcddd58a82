"""Mutant: the softmax runs over every key, then the masked weights are set to 0 afterwards, so
each row's remaining weights no longer sum to 1 (and the future still shaped the normaliser)."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    if length > keys:
        raise ValueError("more queries than keys")
    causal = np.arange(keys)[None, :] <= np.arange(length)[:, None] + keys - length
    allowed = causal[None, None] & ~key_padding_mask[:, None, None, :]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return np.where(allowed, weights, 0.0) @ v
