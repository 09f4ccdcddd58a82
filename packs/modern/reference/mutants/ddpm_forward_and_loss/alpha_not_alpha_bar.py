"""Mutant: uses alpha_t = 1 - beta_t of the single step t instead of the cumulative product
alpha_bar_t, i.e. it noises x0 as if only one step had been taken."""

import numpy as np


def ddpm_forward_and_loss(x0, t, noise, betas, predicted_noise):
    if np.any(t < 0) or np.any(t >= len(betas)):
        raise ValueError("t out of range")
    a = (1.0 - betas)[t].reshape((-1,) + (1,) * (x0.ndim - 1))
    x_t = np.sqrt(a) * x0 + np.sqrt(1.0 - a) * noise
    return x_t, float(np.mean((predicted_noise - noise) ** 2))
