"""Alternative solution: PyTorch tensors (the grader hands tensors to a file that imports
torch), heads split with view/transpose as in most model code, torch.softmax."""

import math

import torch


def kv_cache_decode_step(x_t, cache_k, cache_v, W_q, W_k, W_v, W_o, num_heads):
    batch, embed = x_t.shape
    d = embed // num_heads

    def split(t):  # (B, E) -> (B, H, 1, d)
        return t.view(batch, 1, num_heads, d).transpose(1, 2)

    new_k = torch.cat([cache_k, split(x_t @ W_k)], dim=2)
    new_v = torch.cat([cache_v, split(x_t @ W_v)], dim=2)
    scores = split(x_t @ W_q) @ new_k.transpose(-1, -2) / math.sqrt(d)
    out = torch.softmax(scores, dim=-1) @ new_v  # (B, H, 1, d)
    return out.transpose(1, 2).reshape(batch, embed) @ W_o, new_k, new_v
