"""Mutant: the running max starts at 0 instead of -inf. Any start would cancel mathematically,
but when every score of a query is far below 0 (say -780), exp(score - 0) underflows to 0 and the
result is 0 / 0 = NaN (and lse = -inf)."""

import numpy as np


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / np.sqrt(q.shape[-1])
    m = np.zeros(q.shape[:-1])
    row_sum = np.zeros(q.shape[:-1])
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, k.shape[-2], block_size):
        kb, vb = k[..., start : start + block_size, :], v[..., start : start + block_size, :]
        s = q @ np.swapaxes(kb, -1, -2) * scale
        m_new = np.maximum(m, s.max(axis=-1))
        alpha = np.exp(m - m_new)
        p = np.exp(s - m_new[..., None])
        row_sum = alpha * row_sum + p.sum(axis=-1)
        acc = alpha[..., None] * acc + p @ vb
        m = m_new
    return acc / row_sum[..., None], m + np.log(row_sum)
