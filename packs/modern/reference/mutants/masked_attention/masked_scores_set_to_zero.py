"""Mutant: masked scores set to 0 (scores * mask) instead of -inf: exp(0) = 1, so masked keys
still get weight, as much as a key with score 0."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    if length > keys:
        raise ValueError("more queries than keys")
    causal = np.arange(keys)[None, :] <= np.arange(length)[:, None] + keys - length
    allowed = causal[None, None] & ~key_padding_mask[:, None, None, :]
    scores = (q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])) * allowed
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v
