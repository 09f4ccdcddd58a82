"""Mutant: the new token's QUERY goes into the key cache (k_t = x_t W_q): the token scores itself
with q . q and the cache it returns holds a query where its key should be."""

import numpy as np


def kv_cache_decode_step(x_t, cache_k, cache_v, W_q, W_k, W_v, W_o, num_heads):
    batch, embed = x_t.shape
    d = embed // num_heads
    q = (x_t @ W_q).reshape(batch, num_heads, 1, d)
    v = (x_t @ W_v).reshape(batch, num_heads, 1, d)
    new_k = np.concatenate([cache_k, q], axis=2)
    new_v = np.concatenate([cache_v, v], axis=2)
    scores = q @ np.swapaxes(new_k, -1, -2) / np.sqrt(d)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    y = (weights @ new_v).reshape(batch, embed) @ W_o
    return y, new_k, new_v
