"""Mutant: back-propagates through the sigmoid without multiplying by sigmoid'(z) = h (1 - h)."""

import numpy as np


def autoencoder_loss(x, W, b_enc, b_dec):
    h = 1 / (1 + np.exp(-(x @ W.T + b_enc)))
    residual = h @ W + b_dec - x
    d_x_hat = 2 * residual / residual.size
    d_z = d_x_hat @ W.T
    dW = h.T @ d_x_hat + d_z.T @ x
    return float(np.mean(residual**2)), dW, d_z.sum(axis=0), d_x_hat.sum(axis=0)
