"""Mutant: the total norm is the sum of the per-gradient norms, not the norm of them."""

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    norms = []
    for g in grads:
        flat = np.abs(np.ravel(g))
        if np.isinf(norm_type):
            norms.append(float(flat.max()))
        else:
            norms.append(float(np.sum(flat**norm_type) ** (1.0 / norm_type)))
    total_norm = sum(norms)
    coef = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * coef for g in grads], total_norm
