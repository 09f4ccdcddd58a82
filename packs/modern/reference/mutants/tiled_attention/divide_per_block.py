"""Mutant: the output is kept normalised, divided by the running sum after every block, but the
previous output is only rescaled by exp(m_old - m_new), not also multiplied back by the old sum
l_old: each new block is weighted as if the earlier ones summed to 1."""

import numpy as np


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / np.sqrt(q.shape[-1])
    m = np.full(q.shape[:-1], -np.inf)
    row_sum = np.zeros(q.shape[:-1])
    out = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, k.shape[-2], block_size):
        kb, vb = k[..., start : start + block_size, :], v[..., start : start + block_size, :]
        s = q @ np.swapaxes(kb, -1, -2) * scale
        m_new = np.maximum(m, s.max(axis=-1))
        alpha = np.exp(m - m_new)
        p = np.exp(s - m_new[..., None])
        row_sum = alpha * row_sum + p.sum(axis=-1)
        out = (alpha[..., None] * out + p @ vb) / row_sum[..., None]
        m = m_new
    return out, m + np.log(row_sum)
