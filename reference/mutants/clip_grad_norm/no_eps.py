"""Mutant: clip coefficient max_norm / total_norm, without PyTorch's 1e-6 in the denominator."""

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = np.concatenate([np.ravel(g) for g in grads])
    if np.isinf(norm_type):
        total_norm = float(np.max(np.abs(flat)))
    else:
        total_norm = float(np.sum(np.abs(flat) ** norm_type) ** (1.0 / norm_type))
    coef = min(1.0, max_norm / total_norm) if total_norm > 0 else 1.0
    return [g * coef for g in grads], total_norm
