"""Alternative solution: FlashAttention-1 style: the output is kept normalised after every block,
so the old output is multiplied back by its old sum before the new block is added."""

import numpy as np


def tiled_attention(q, k, v, block_size):
    d = q.shape[-1]
    m = np.full((*q.shape[:-1], 1), -np.inf)
    row_sum = np.zeros((*q.shape[:-1], 1))
    out = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, k.shape[-2], block_size):
        s = q @ np.swapaxes(k[..., start : start + block_size, :], -1, -2) / np.sqrt(d)
        m_block = s.max(axis=-1, keepdims=True)
        p = np.exp(s - m_block)
        l_block = p.sum(axis=-1, keepdims=True)
        m_new = np.maximum(m, m_block)
        l_new = np.exp(m - m_new) * row_sum + np.exp(m_block - m_new) * l_block
        block_out = p @ v[..., start : start + block_size, :]
        out = (row_sum * np.exp(m - m_new) * out + np.exp(m_block - m_new) * block_out) / l_new
        m, row_sum = m_new, l_new
    return out, (m + np.log(row_sum))[..., 0]
