"""Mutant: splits the features into heads with np.array_split and never checks divisibility,
so num_heads that does not divide E silently gives heads of unequal widths."""

import numpy as np


def _softmax(scores, axis=-1):
    e = np.exp(scores - scores.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def multi_head_attention(x, W_in, b_in, W_out, b_out, num_heads):
    E = x.shape[-1]
    d = E // num_heads
    q, k, v = np.split(x @ W_in.T + b_in, 3, axis=-1)
    heads = []
    for q_i, k_i, v_i in zip(
        np.array_split(q, num_heads, axis=-1),
        np.array_split(k, num_heads, axis=-1),
        np.array_split(v, num_heads, axis=-1),
        strict=True,
    ):
        heads.append(_softmax(q_i @ k_i.transpose(0, 2, 1) / np.sqrt(d)) @ v_i)
    return np.concatenate(heads, axis=-1) @ W_out.T + b_out
