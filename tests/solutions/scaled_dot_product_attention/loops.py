"""Alternative solution: one query at a time over flattened batch axes, with math.exp."""

import math

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    *batch, length, d = q.shape
    keys, dv = v.shape[-2], v.shape[-1]
    allowed = np.ones((*batch, length, keys), dtype=bool)
    if mask is not None:
        allowed = np.broadcast_to(mask, allowed.shape)
    out = np.zeros((*batch, length, dv))
    for index in np.ndindex(*batch):
        for i in range(length):
            seen = [j for j in range(keys) if allowed[index][i, j]]
            if not seen:
                continue  # nothing to attend to: the row stays 0
            scores = [float(np.dot(q[index][i], k[index][j])) / math.sqrt(d) for j in seen]
            top = max(scores)
            weights = [math.exp(s - top) for s in scores]
            total = sum(weights)
            for j, w in zip(seen, weights, strict=True):
                out[index][i] += (w / total) * v[index][j]
    return out
