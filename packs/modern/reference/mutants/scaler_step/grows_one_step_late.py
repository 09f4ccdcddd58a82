"""Mutant: compares the tracker with growth_interval before counting this step, so the scale
grows only after growth_interval + 1 clean steps (and the tracker reaches growth_interval)."""

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
    if not np.all(np.isfinite(grads)):
        return params.copy(), scale * backoff_factor, 0, True
    if max_norm is not None:
        norm = np.sqrt(np.sum(grads**2))
        grads = grads * min(1.0, max_norm / (norm + 1e-6))
    if growth_tracker >= growth_interval:
        return params - lr * grads, scale * growth_factor, 0, False
    return params - lr * grads, scale, growth_tracker + 1, False
