"""Mutant: K and V expanded with `repeat` / np.tile (head order 0, 1, 0, 1, ...) instead of
`repeat_interleave` (0, 0, 1, 1, ...): query head h reads KV head h % Hkv, not h // g."""

import numpy as np


def grouped_query_attention(q, k, v, causal):
    hq, hkv = q.shape[1], k.shape[1]
    if hq % hkv:
        raise ValueError("Hq must be a multiple of Hkv")
    g = hq // hkv
    k, v = np.tile(k, (1, g, 1, 1)), np.tile(v, (1, g, 1, 1))
    t, s, d = q.shape[2], k.shape[2], q.shape[3]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if causal:
        scores = np.where(np.tril(np.ones((t, s), dtype=bool), s - t), scores, -np.inf)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (w / w.sum(axis=-1, keepdims=True)) @ v
