"""Alternative solution: tensors in and out; torch.where keeps the scaled unit or puts a 0."""

import torch


def dropout(x, mask, p, training=True):
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return x.clone()
    return torch.where(mask.bool(), x / (1 - p), torch.zeros_like(x))
