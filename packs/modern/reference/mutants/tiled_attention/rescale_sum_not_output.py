"""Mutant: the running sum is rescaled by exp(m_old - m_new) when the max grows, but the output
accumulator is not: the log-sum-exp comes out right, the output does not."""

import numpy as np


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / np.sqrt(q.shape[-1])
    m = np.full(q.shape[:-1], -np.inf)
    row_sum = np.zeros(q.shape[:-1])
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, k.shape[-2], block_size):
        kb, vb = k[..., start : start + block_size, :], v[..., start : start + block_size, :]
        s = q @ np.swapaxes(kb, -1, -2) * scale
        m_new = np.maximum(m, s.max(axis=-1))
        p = np.exp(s - m_new[..., None])
        row_sum = np.exp(m - m_new) * row_sum + p.sum(axis=-1)
        acc = acc + p @ vb
        m = m_new
    return acc / row_sum[..., None], m + np.log(row_sum)
