"""Alternative solution: flatten every gradient into one long vector and take its norm."""

import math

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    everything = np.concatenate([np.asarray(g, dtype=np.float64).ravel() for g in grads])
    if math.isinf(norm_type):
        total_norm = float(np.abs(everything).max())
    else:
        total_norm = float(np.sum(np.abs(everything) ** norm_type) ** (1.0 / norm_type))
    if total_norm + 1e-6 <= max_norm:
        return [g.copy() for g in grads], total_norm
    coef = max_norm / (total_norm + 1e-6)
    return [g * coef for g in grads], total_norm
