"""Mutant: returns the norm of the clipped gradients instead of the norm before clipping."""

import numpy as np


def _norm(grads, norm_type):
    flat = np.concatenate([np.ravel(g) for g in grads])
    if np.isinf(norm_type):
        return float(np.max(np.abs(flat)))
    return float(np.sum(np.abs(flat) ** norm_type) ** (1.0 / norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    coef = min(1.0, max_norm / (_norm(grads, norm_type) + 1e-6))
    clipped = [g * coef for g in grads]
    return clipped, _norm(clipped, norm_type)
