"""Alternative solution: one sample at a time, with the product over the first t + 1 steps
written out."""

import numpy as np


def ddpm_forward_and_loss(x0, t, noise, betas, predicted_noise):
    num_steps = len(betas)
    x_t = np.empty_like(x0, dtype=np.float64)
    for i, step in enumerate(t):
        if not 0 <= step < num_steps:
            raise ValueError(f"t[{i}] = {step} is not in 0..{num_steps - 1}")
        alpha_bar = np.prod(1.0 - betas[: step + 1])
        x_t[i] = np.sqrt(alpha_bar) * x0[i] + np.sqrt(1.0 - alpha_bar) * noise[i]
    loss = np.mean(np.square(predicted_noise - noise))
    return x_t, float(loss)
