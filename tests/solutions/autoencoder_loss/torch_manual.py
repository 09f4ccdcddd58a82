"""Alternative solution: PyTorch tensors, gradients written out as the two paths of W."""

import torch


def autoencoder_loss(x, W, b_enc, b_dec):
    h = torch.sigmoid(x @ W.T + b_enc)
    residual = h @ W + b_dec - x
    d_x_hat = 2 * residual / residual.numel()
    through_decoder = h.T @ d_x_hat
    d_z = (d_x_hat @ W.T) * h * (1 - h)
    through_encoder = d_z.T @ x
    return (
        (residual**2).mean().item(),
        through_decoder + through_encoder,
        d_z.sum(0),
        d_x_hat.sum(0),
    )
