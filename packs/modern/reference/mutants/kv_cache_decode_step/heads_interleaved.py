"""Mutant: the E features split into heads the wrong way round, reshape(B, d, H) then a
transpose, so head h gets every H-th feature (f % H == h) instead of the block h*d:(h+1)*d;
the same for the keys, values and the merge."""

import numpy as np


def kv_cache_decode_step(x_t, cache_k, cache_v, W_q, W_k, W_v, W_o, num_heads):
    batch, embed = x_t.shape
    d = embed // num_heads
    q = (x_t @ W_q).reshape(batch, d, num_heads).transpose(0, 2, 1)[:, :, None, :]
    k = (x_t @ W_k).reshape(batch, d, num_heads).transpose(0, 2, 1)[:, :, None, :]
    v = (x_t @ W_v).reshape(batch, d, num_heads).transpose(0, 2, 1)[:, :, None, :]
    new_k = np.concatenate([cache_k, k], axis=2)
    new_v = np.concatenate([cache_v, v], axis=2)
    scores = q @ np.swapaxes(new_k, -1, -2) / np.sqrt(d)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    y = (weights @ new_v)[:, :, 0, :].transpose(0, 2, 1).reshape(batch, embed) @ W_o
    return y, new_k, new_v
