"""Mutant: the scores are divided by sqrt(E), the model width, instead of sqrt(d), the head
dimension (the two agree only with one head)."""

import numpy as np


def kv_cache_decode_step(x_t, cache_k, cache_v, W_q, W_k, W_v, W_o, num_heads):
    batch, embed = x_t.shape
    d = embed // num_heads
    q = (x_t @ W_q).reshape(batch, num_heads, 1, d)
    k = (x_t @ W_k).reshape(batch, num_heads, 1, d)
    v = (x_t @ W_v).reshape(batch, num_heads, 1, d)
    new_k = np.concatenate([cache_k, k], axis=2)
    new_v = np.concatenate([cache_v, v], axis=2)
    scores = q @ np.swapaxes(new_k, -1, -2) / np.sqrt(embed)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    y = (weights @ new_v).reshape(batch, embed) @ W_o
    return y, new_k, new_v
