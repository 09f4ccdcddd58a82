"""Alternative solution: PyTorch tensors, masked_fill with -inf and torch.softmax, then the
NaNs of fully masked rows replaced by zeros."""

import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    weights = torch.nan_to_num(weights, nan=0.0)  # a row of -inf gives 0/0 = NaN: no keys
    return weights @ v
