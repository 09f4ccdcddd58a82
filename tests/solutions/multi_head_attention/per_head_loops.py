"""multi_head_attention with an explicit loop over heads, each head its own slice of the
projection weights, and the heads concatenated at the end, as the paper writes it."""

import numpy as np


def multi_head_attention(x, W_in, b_in, W_out, b_out, num_heads):
    E = x.shape[-1]
    if num_heads < 1:
        raise ValueError(f"num_heads must be at least 1, got {num_heads}")
    if E % num_heads != 0:
        raise ValueError(f"embed_dim {E} is not divisible by num_heads {num_heads}")
    d = E // num_heads
    W_q, W_k, W_v = W_in[:E], W_in[E : 2 * E], W_in[2 * E :]
    b_q, b_k, b_v = b_in[:E], b_in[E : 2 * E], b_in[2 * E :]
    heads = []
    for i in range(num_heads):
        rows = slice(i * d, (i + 1) * d)
        q = x @ W_q[rows].T + b_q[rows]  # (N, L, d)
        k = x @ W_k[rows].T + b_k[rows]
        v = x @ W_v[rows].T + b_v[rows]
        scores = np.einsum("nqd,nkd->nqk", q, k) / np.sqrt(d)
        scores = scores - scores.max(axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=-1, keepdims=True)
        heads.append(weights @ v)
    return np.concatenate(heads, axis=-1) @ W_out.T + b_out
