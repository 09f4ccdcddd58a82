"""Mutant: the scores q k^T are not divided by sqrt(d)."""

import numpy as np


def grouped_query_attention(q, k, v, causal):
    hq, hkv = q.shape[1], k.shape[1]
    if hq % hkv:
        raise ValueError("Hq must be a multiple of Hkv")
    g = hq // hkv
    k, v = np.repeat(k, g, axis=1), np.repeat(v, g, axis=1)
    t, s = q.shape[2], k.shape[2]
    scores = q @ np.swapaxes(k, -1, -2)
    if causal:
        scores = np.where(np.tril(np.ones((t, s), dtype=bool), s - t), scores, -np.inf)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (w / w.sum(axis=-1, keepdims=True)) @ v
