"""Alternative solution: loops over batch, query heads and queries, with the group index and the
query's absolute position written out."""

import numpy as np


def grouped_query_attention(q, k, v, causal):
    batch, hq, t, d = q.shape
    hkv, s = k.shape[1], k.shape[2]
    if hq % hkv:
        raise ValueError("Hq % Hkv != 0")
    group_size = hq // hkv
    out = np.zeros((batch, hq, t, v.shape[-1]))
    for b in range(batch):
        for h in range(hq):
            kv = h // group_size
            for i in range(t):
                position = s - t + i  # the queries are the newest T of the S tokens
                visible = position + 1 if causal else s
                scores = k[b, kv, :visible] @ q[b, h, i] / np.sqrt(d)
                weights = np.exp(scores - scores.max())
                out[b, h, i] = weights @ v[b, kv, :visible] / weights.sum()
    return out
