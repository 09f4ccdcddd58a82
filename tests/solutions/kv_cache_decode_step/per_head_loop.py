"""Alternative solution: a loop over heads with einsum, slicing each head's features explicitly."""

import numpy as np


def kv_cache_decode_step(x_t, cache_k, cache_v, W_q, W_k, W_v, W_o, num_heads):
    batch, embed = x_t.shape
    d = embed // num_heads
    q, k, v = x_t @ W_q, x_t @ W_k, x_t @ W_v
    new_k = np.concatenate([cache_k, k.reshape(batch, num_heads, d)[:, :, None]], axis=2)
    new_v = np.concatenate([cache_v, v.reshape(batch, num_heads, d)[:, :, None]], axis=2)
    concat = np.empty((batch, embed))
    for h in range(num_heads):
        features = slice(h * d, (h + 1) * d)
        scores = np.einsum("bd,btd->bt", q[:, features], new_k[:, h]) / np.sqrt(d)
        scores -= scores.max(axis=1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=1, keepdims=True)
        concat[:, features] = np.einsum("bt,btd->bd", weights, new_v[:, h])
    return concat @ W_o, new_k, new_v
