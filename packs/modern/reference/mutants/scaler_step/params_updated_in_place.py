"""Mutant: right values, but the SGD step is applied to the caller's `params` in place, as an
optimizer would."""

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
    params -= lr * grads
    tracker = growth_tracker + 1
    if tracker == growth_interval:
        return params, scale * growth_factor, 0, False
    return params, scale, tracker, False
