"""Alternative solution: one element at a time, over the flattened arrays."""

import numpy as np


def dropout(x, mask, p, training=True):
    if p < 0 or p > 1:
        raise ValueError("p must be a probability")
    out = np.array(x, dtype=np.float64, copy=True)
    if not training:
        return out
    flat_out, flat_mask = out.reshape(-1), np.asarray(mask).reshape(-1)
    for i in range(flat_out.size):
        flat_out[i] = flat_out[i] / (1 - p) if flat_mask[i] == 1 else 0.0
    return out
