"""Mutant: the causal mask aligned to the top left, np.tril(ones(T, S)) (what
F.scaled_dot_product_attention's is_causal=True does when T != S): query t sees keys 0..t, so a
decoded token sees only the first key instead of the whole cache."""

import numpy as np


def grouped_query_attention(q, k, v, causal):
    hq, hkv = q.shape[1], k.shape[1]
    if hq % hkv:
        raise ValueError("Hq must be a multiple of Hkv")
    g = hq // hkv
    k, v = np.repeat(k, g, axis=1), np.repeat(v, g, axis=1)
    t, s, d = q.shape[2], k.shape[2], q.shape[3]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if causal:
        scores = np.where(np.tril(np.ones((t, s), dtype=bool)), scores, -np.inf)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (w / w.sum(axis=-1, keepdims=True)) @ v
