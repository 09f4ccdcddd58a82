"""Mutant: scales x0 by alpha_bar instead of sqrt(alpha_bar), so x_t's variance is no longer
alpha_bar + (1 - alpha_bar) = 1 (the process is not variance preserving)."""

import numpy as np


def ddpm_forward_and_loss(x0, t, noise, betas, predicted_noise):
    if np.any(t < 0) or np.any(t >= len(betas)):
        raise ValueError("t out of range")
    a = np.cumprod(1.0 - betas)[t].reshape((-1,) + (1,) * (x0.ndim - 1))
    x_t = a * x0 + np.sqrt(1.0 - a) * noise
    return x_t, float(np.mean((predicted_noise - noise) ** 2))
