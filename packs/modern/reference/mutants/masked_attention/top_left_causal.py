"""Mutant: the causal mask aligned top-left, key j <= i for query i (what np.tril(ones(L, S)) and
is_causal=True give), instead of j <= S - L + i when the queries are the last L positions."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    if length > keys:
        raise ValueError("more queries than keys")
    causal = np.tril(np.ones((length, keys), dtype=bool))
    allowed = causal[None, None] & ~key_padding_mask[:, None, None, :]
    scores = np.where(allowed, q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    empty = np.isneginf(row_max)
    weights = np.exp(scores - np.where(empty, 0.0, row_max))
    weights /= np.where(empty, 1.0, weights.sum(axis=-1, keepdims=True))
    return weights @ v
