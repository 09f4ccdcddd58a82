"""Alternative solution: PyTorch, masked_fill with -inf and torch.softmax; the NaN rows a fully
masked query produces are then zeroed explicitly."""

import math

import torch


def masked_attention(q, k, v, key_padding_mask):
    length, keys = q.shape[-2], k.shape[-2]
    if length > keys:
        raise ValueError("more queries than keys")
    causal = torch.ones(length, keys, dtype=torch.bool).tril(diagonal=keys - length)
    allowed = causal & ~key_padding_mask[:, None, None, :]  # (B, 1, L, S)
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    weights = torch.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1)
    has_key = allowed.any(dim=-1, keepdim=True)
    weights = torch.where(has_key, weights, torch.zeros_like(weights))
    return weights @ v
