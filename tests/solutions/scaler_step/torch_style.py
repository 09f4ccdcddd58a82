"""Alternative solution: PyTorch tensors, written the way GradScaler splits the work: unscale and
record found_inf, clip, step unless found_inf, then the scale update as torch._amp_update_scale_
does it."""

import torch


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
    grads = scaled_grads * (1.0 / scale)
    found_inf = not bool(torch.isfinite(grads).all())
    new_params = params.clone()
    if not found_inf:
        if max_norm is not None:
            coef = max_norm / (torch.linalg.vector_norm(grads) + 1e-6)
            grads = grads * torch.clamp(coef, max=1.0)
        new_params -= lr * grads
    if found_inf:
        return new_params, scale * backoff_factor, 0, True
    successful = growth_tracker + 1
    if successful == growth_interval:
        return new_params, scale * growth_factor, 0, False
    return new_params, scale, successful, False
