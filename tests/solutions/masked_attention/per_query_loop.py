"""Alternative solution: one query at a time, gathering its visible keys explicitly."""

import numpy as np


def masked_attention(q, k, v, key_padding_mask):
    batch, heads, length, d = q.shape
    keys, dv = k.shape[2], v.shape[3]
    if length > keys:
        raise ValueError(f"{length} queries but only {keys} keys")
    out = np.zeros((batch, heads, length, dv))
    for b in range(batch):
        for i in range(length):
            position = keys - length + i
            visible = [j for j in range(position + 1) if not key_padding_mask[b, j]]
            if not visible:
                continue  # nothing to attend to: the row stays zero
            for h in range(heads):
                scores = k[b, h, visible] @ q[b, h, i] / np.sqrt(d)
                weights = np.exp(scores - scores.max())
                out[b, h, i] = weights @ v[b, h, visible] / weights.sum()
    return out
