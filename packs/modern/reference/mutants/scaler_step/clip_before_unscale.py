"""Mutant: clips the gradient norm while the gradients are still scaled, then unscales: the
scaled norm is `scale` times the true one, so the gradient is clipped far too hard."""

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
    if not np.all(np.isfinite(scaled_grads)):
        return params.copy(), scale * backoff_factor, 0, True
    grads = scaled_grads
    if max_norm is not None:
        norm = np.sqrt(np.sum(grads**2))
        grads = grads * min(1.0, max_norm / (norm + 1e-6))
    grads = grads / scale
    tracker = growth_tracker + 1
    if tracker == growth_interval:
        return params - lr * grads, scale * growth_factor, 0, False
    return params - lr * grads, scale, tracker, False
