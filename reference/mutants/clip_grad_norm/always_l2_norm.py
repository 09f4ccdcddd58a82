"""Mutant: the total norm is always the 2-norm, whatever norm_type says."""

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = np.concatenate([np.ravel(g) for g in grads])
    total_norm = float(np.sqrt(np.sum(flat**2)))
    coef = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * coef for g in grads], total_norm
