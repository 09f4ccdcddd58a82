"""Mutant: always multiplies by max_norm / (total_norm + 1e-6), so small gradients are blown up
to max_norm (a normalisation, not a clip)."""

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = np.concatenate([np.ravel(g) for g in grads])
    if np.isinf(norm_type):
        total_norm = float(np.max(np.abs(flat)))
    else:
        total_norm = float(np.sum(np.abs(flat) ** norm_type) ** (1.0 / norm_type))
    coef = max_norm / (total_norm + 1e-6)
    return [g * coef for g in grads], total_norm
