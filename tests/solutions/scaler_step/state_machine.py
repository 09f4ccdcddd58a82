"""Alternative solution: element by element in plain Python, the overflow check as a loop and the
scale update as a small state machine."""

import math

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
    inv_scale = 1.0 / scale
    grads = [g * inv_scale for g in scaled_grads.tolist()]
    overflow = any(not math.isfinite(g) for g in grads)

    if overflow:
        new_params = np.array(params, dtype=float)
        scale, growth_tracker = scale * backoff_factor, 0
    else:
        if max_norm is not None:
            norm = math.sqrt(sum(g * g for g in grads))
            if norm + 1e-6 > max_norm:  # clip_grad_norm_ clips when max_norm / (norm + 1e-6) < 1
                grads = [g * max_norm / (norm + 1e-6) for g in grads]
        new_params = np.array(
            [p - lr * g for p, g in zip(params.tolist(), grads, strict=True)], dtype=float
        )
        growth_tracker += 1
        if growth_tracker == growth_interval:
            scale, growth_tracker = scale * growth_factor, 0
    return new_params.reshape(params.shape), float(scale), growth_tracker, overflow
