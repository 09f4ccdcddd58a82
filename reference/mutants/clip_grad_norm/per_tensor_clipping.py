"""Mutant: clips each gradient by its own norm instead of by the norm of all of them together,
which changes the direction of the overall update."""

import numpy as np


def _norm(g, norm_type):
    flat = np.abs(np.ravel(g))
    if np.isinf(norm_type):
        return float(flat.max())
    return float(np.sum(flat**norm_type) ** (1.0 / norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    norms = [_norm(g, norm_type) for g in grads]
    total_norm = _norm(np.array(norms), norm_type)
    clipped = [g * min(1.0, max_norm / (n + 1e-6)) for g, n in zip(grads, norms, strict=True)]
    return clipped, total_norm
