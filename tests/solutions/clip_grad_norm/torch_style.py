"""Alternative solution: tensors in; torch.linalg.vector_norm per gradient, then of the norms."""

import torch


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    norms = torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads])
    total_norm = torch.linalg.vector_norm(norms, norm_type)
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm.item()
