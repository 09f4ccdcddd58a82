"""Mutant: an off-by-one in the cumulative product: alpha_bar_t = prod of (1 - beta_s) for
s < t (so alpha_bar_0 = 1 and x_0 comes back unnoised), as if t were 1-based."""

import numpy as np


def ddpm_forward_and_loss(x0, t, noise, betas, predicted_noise):
    if np.any(t < 0) or np.any(t >= len(betas)):
        raise ValueError("t out of range")
    exclusive = np.concatenate([[1.0], np.cumprod(1.0 - betas)[:-1]])
    a = exclusive[t].reshape((-1,) + (1,) * (x0.ndim - 1))
    x_t = np.sqrt(a) * x0 + np.sqrt(1.0 - a) * noise
    return x_t, float(np.mean((predicted_noise - noise) ** 2))
