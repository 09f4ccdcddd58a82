"""Mutant: checks the gradients with isinf only, so a NaN gradient (0 * inf, inf - inf in the
backward pass) counts as a clean step and poisons the parameters."""

import numpy as np


def scaler_step(
    params,
    scaled_grads,
    scale,
    growth_tracker,
    lr,
    growth_factor=2.0,
    backoff_factor=0.5,
    growth_interval=2000,
    max_norm=None,
):
    grads = scaled_grads / scale
    if np.any(np.isinf(grads)):
        return params.copy(), scale * backoff_factor, 0, True
    if max_norm is not None:
        norm = np.sqrt(np.sum(grads**2))
        grads = grads * min(1.0, max_norm / (norm + 1e-6))
    tracker = growth_tracker + 1
    if tracker == growth_interval:
        return params - lr * grads, scale * growth_factor, 0, False
    return params - lr * grads, scale, tracker, False
