"""Mutant: detects the overflow and backs off the scale, but still applies the SGD update, so
inf/NaN gradients are written into the parameters."""

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
    found_inf = not np.all(np.isfinite(grads))
    if max_norm is not None:
        norm = np.sqrt(np.sum(grads**2))
        grads = grads * min(1.0, max_norm / (norm + 1e-6))
    new_params = params - lr * grads
    if found_inf:
        return new_params, scale * backoff_factor, 0, True
    tracker = growth_tracker + 1
    if tracker == growth_interval:
        return new_params, scale * growth_factor, 0, False
    return new_params, scale, tracker, False
