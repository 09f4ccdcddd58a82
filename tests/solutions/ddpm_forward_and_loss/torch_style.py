"""Alternative solution in PyTorch: torch.cumprod, indexing by t, a view that broadcasts over
each sample, and F.mse_loss."""

import torch
import torch.nn.functional as F


def ddpm_forward_and_loss(x0, t, noise, betas, predicted_noise):
    if bool((t < 0).any()) or bool((t >= betas.shape[0]).any()):
        raise ValueError("t must be in 0..T-1")
    alpha_bar = torch.cumprod(1 - betas, dim=0)[t].view(-1, *([1] * (x0.dim() - 1)))
    x_t = alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * noise
    return x_t, F.mse_loss(predicted_noise, noise).item()
