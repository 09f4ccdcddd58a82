"""Mutant: the step attends correctly over the cache plus the new token, but returns the caches
it was given, without the new token's key and value: the next step forgets this token."""

import numpy as np


def kv_cache_decode_step(x_t, cache_k, cache_v, W_q, W_k, W_v, W_o, num_heads):
    batch, embed = x_t.shape
    d = embed // num_heads
    q = (x_t @ W_q).reshape(batch, num_heads, 1, d)
    k = (x_t @ W_k).reshape(batch, num_heads, 1, d)
    v = (x_t @ W_v).reshape(batch, num_heads, 1, d)
    new_k = np.concatenate([cache_k, k], axis=2)
    new_v = np.concatenate([cache_v, v], axis=2)
    scores = q @ np.swapaxes(new_k, -1, -2) / np.sqrt(d)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    y = (weights @ new_v).reshape(batch, embed) @ W_o
    return y, cache_k.copy(), cache_v.copy()
