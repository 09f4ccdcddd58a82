"""Mutant: checks only t >= T, so t = -1 silently indexes the last step (NumPy and PyTorch
indexing wrap negative indices) instead of raising ValueError."""

import numpy as np


def ddpm_forward_and_loss(x0, t, noise, betas, predicted_noise):
    if np.any(t >= len(betas)):
        raise ValueError("t out of range")
    a = np.cumprod(1.0 - betas)[t].reshape((-1,) + (1,) * (x0.ndim - 1))
    x_t = np.sqrt(a) * x0 + np.sqrt(1.0 - a) * noise
    return x_t, float(np.mean((predicted_noise - noise) ** 2))
