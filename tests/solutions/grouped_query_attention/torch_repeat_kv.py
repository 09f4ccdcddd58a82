"""Alternative solution: PyTorch, expanding K and V to every query head as Hugging Face's
`repeat_kv` does (expand + reshape, i.e. repeat_interleave), then plain attention with a
bottom-right causal mask."""

import math

import torch


def repeat_kv(x, g):
    b, hkv, s, d = x.shape
    return x[:, :, None].expand(b, hkv, g, s, d).reshape(b, hkv * g, s, d)


def grouped_query_attention(q, k, v, causal):
    hq, hkv = q.shape[1], k.shape[1]
    if hq % hkv != 0:
        raise ValueError(f"{hq} query heads are not a multiple of {hkv} KV heads")
    k, v = repeat_kv(k, hq // hkv), repeat_kv(v, hq // hkv)
    t, s = q.shape[2], k.shape[2]
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if causal:
        allowed = torch.ones(t, s, dtype=torch.bool, device=q.device).tril(diagonal=s - t)
        scores = scores.masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v
