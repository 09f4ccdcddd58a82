"""Mutant: exp(score) without subtracting the running max: mathematically the same, but exp
overflows to inf for scores above ~709 (float64), giving inf / inf = NaN."""

import numpy as np


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / np.sqrt(q.shape[-1])
    row_sum = np.zeros(q.shape[:-1])
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, k.shape[-2], block_size):
        kb, vb = k[..., start : start + block_size, :], v[..., start : start + block_size, :]
        p = np.exp(q @ np.swapaxes(kb, -1, -2) * scale)
        row_sum = row_sum + p.sum(axis=-1)
        acc = acc + p @ vb
    return acc / row_sum[..., None], np.log(row_sum)
