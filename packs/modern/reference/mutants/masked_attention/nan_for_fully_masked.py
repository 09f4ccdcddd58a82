"""Mutant: masked scores set to -inf and a plain stable softmax: a fully masked row has max
-inf, -inf - (-inf) = NaN, and the row comes out NaN instead of zeros."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    if length > keys:
        raise ValueError("more queries than keys")
    causal = np.arange(keys)[None, :] <= np.arange(length)[:, None] + keys - length
    allowed = causal[None, None] & ~key_padding_mask[:, None, None, :]
    scores = np.where(allowed, q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), -np.inf)
    with np.errstate(invalid="ignore"):
        weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v
