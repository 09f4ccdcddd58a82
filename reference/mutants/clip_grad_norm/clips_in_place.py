"""Mutant: right values, but every gradient is scaled in place (g *= coef, as
clip_grad_norm_ does to .grad), so the caller's arrays change."""

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    flat = np.concatenate([np.ravel(g) for g in grads])
    if np.isinf(norm_type):
        total_norm = float(np.max(np.abs(flat)))
    else:
        total_norm = float(np.sum(np.abs(flat) ** norm_type) ** (1.0 / norm_type))
    coef = min(1.0, max_norm / (total_norm + 1e-6))
    for g in grads:
        g *= coef
    return list(grads), total_norm
