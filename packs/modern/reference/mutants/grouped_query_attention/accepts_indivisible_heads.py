"""Mutant: no divisibility check; query head h reads KV head floor(h * Hkv / Hq), which gives an
answer (uneven groups) when Hq is not a multiple of Hkv instead of raising ValueError."""

import numpy as np


def grouped_query_attention(q, k, v, causal):
    hq, hkv = q.shape[1], k.shape[1]
    index = np.arange(hq) * hkv // hq
    k, v = k[:, index], v[:, index]
    t, s, d = q.shape[2], k.shape[2], q.shape[3]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if causal:
        scores = np.where(np.tril(np.ones((t, s), dtype=bool), s - t), scores, -np.inf)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (w / w.sum(axis=-1, keepdims=True)) @ v
