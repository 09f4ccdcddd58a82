"""Mutant: a softmax without subtracting the row max: exp overflows to inf for scores above
about 709, and inf / inf is NaN."""

import numpy as np


def _softmax(scores, axis=-1):
    e = np.exp(scores)
    return e / e.sum(axis=axis, keepdims=True)


def multi_head_attention(x, W_in, b_in, W_out, b_out, num_heads):
    N, L, E = x.shape
    if E % num_heads:
        raise ValueError("E must be divisible by num_heads")
    d = E // num_heads
    q, k, v = np.split(x @ W_in.T + b_in, 3, axis=-1)
    q, k, v = (t.reshape(N, L, num_heads, d).transpose(0, 2, 1, 3) for t in (q, k, v))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    heads = _softmax(scores) @ v
    concat = heads.transpose(0, 2, 1, 3).reshape(N, L, E)
    return concat @ W_out.T + b_out
