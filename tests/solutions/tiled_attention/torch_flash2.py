"""Alternative solution: PyTorch, FlashAttention-2 style: an unnormalised accumulator, one
division at the end."""

import math

import torch


def tiled_attention(q, k, v, block_size):
    scale = 1.0 / math.sqrt(q.shape[-1])
    m = torch.full(q.shape[:-1], float("-inf"), dtype=q.dtype, device=q.device)
    row_sum = torch.zeros_like(m)
    acc = torch.zeros(*q.shape[:-1], v.shape[-1], dtype=q.dtype, device=q.device)
    for kb, vb in zip(k.split(block_size, dim=-2), v.split(block_size, dim=-2), strict=True):
        s = (q @ kb.transpose(-1, -2)) * scale
        m_new = torch.maximum(m, s.amax(dim=-1))
        correction = torch.exp(m - m_new)
        p = torch.exp(s - m_new.unsqueeze(-1))
        row_sum = correction * row_sum + p.sum(dim=-1)
        acc = correction.unsqueeze(-1) * acc + p @ vb
        m = m_new
    return acc / row_sum.unsqueeze(-1), m + torch.log(row_sum)
