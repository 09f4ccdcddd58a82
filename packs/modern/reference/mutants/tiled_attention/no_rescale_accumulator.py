"""Mutant: when the running max grows, neither the running sum nor the output accumulator is
multiplied by exp(m_old - m_new): the earlier blocks stay measured against the old max, so they
weigh too much."""

import numpy as np


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / np.sqrt(q.shape[-1])
    m = np.full(q.shape[:-1], -np.inf)
    row_sum = np.zeros(q.shape[:-1])
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, k.shape[-2], block_size):
        kb, vb = k[..., start : start + block_size, :], v[..., start : start + block_size, :]
        s = q @ np.swapaxes(kb, -1, -2) * scale
        m = np.maximum(m, s.max(axis=-1))
        p = np.exp(s - m[..., None])
        row_sum = row_sum + p.sum(axis=-1)
        acc = acc + p @ vb
    return acc / row_sum[..., None], m + np.log(row_sum)
