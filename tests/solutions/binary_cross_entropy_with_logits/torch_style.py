"""Alternative solution: PyTorch, through -log sigmoid = softplus(-z)."""

import torch
import torch.nn.functional as F


def binary_cross_entropy_with_logits(logits, targets):
    per_sample = targets * F.softplus(-logits) + (1 - targets) * F.softplus(logits)
    return torch.mean(per_sample)
