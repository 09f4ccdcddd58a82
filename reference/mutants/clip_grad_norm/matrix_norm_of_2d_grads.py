"""Mutant: np.linalg.norm(g, ord=norm_type) on each gradient. For a 2-D gradient that is a
matrix norm (ord=2: the largest singular value; ord=1 or inf: the largest column or row sum),
not the norm of its entries; for 3-D gradients it raises."""

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    norms = [np.linalg.norm(g, ord=norm_type) for g in grads]
    total_norm = float(np.linalg.norm(np.array(norms), ord=norm_type))
    coef = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * coef for g in grads], total_norm
