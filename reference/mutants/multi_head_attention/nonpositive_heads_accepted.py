"""Mutant: checks only E % num_heads, never num_heads >= 1. num_heads = 0 then divides by
zero (ZeroDivisionError), and a negative num_heads that divides E (-2 for E = 6) makes the
loop over the heads run zero times, so the output is out_proj of zeros: just b_out."""

import numpy as np


def _softmax(scores, axis=-1):
    e = np.exp(scores - scores.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def multi_head_attention(x, W_in, b_in, W_out, b_out, num_heads):
    E = x.shape[-1]
    if E % num_heads != 0:
        raise ValueError("E must be divisible by num_heads")
    d = E // num_heads
    q, k, v = np.split(x @ W_in.T + b_in, 3, axis=-1)
    concat = np.zeros_like(q)
    for i in range(num_heads):
        cols = slice(i * d, (i + 1) * d)
        scores = q[..., cols] @ k[..., cols].transpose(0, 2, 1) / np.sqrt(d)
        concat[..., cols] = _softmax(scores) @ v[..., cols]
    return concat @ W_out.T + b_out
