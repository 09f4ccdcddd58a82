"""Mutant: sums the squared errors over the D features and averages over the N samples only,
so the loss and every gradient are D times too large."""

import numpy as np


def autoencoder_loss(x, W, b_enc, b_dec):
    h = 1 / (1 + np.exp(-(x @ W.T + b_enc)))
    residual = h @ W + b_dec - x
    loss = float(np.mean(np.sum(residual**2, axis=1)))
    d_x_hat = 2 * residual / len(x)
    d_z = (d_x_hat @ W.T) * h * (1 - h)
    dW = h.T @ d_x_hat + d_z.T @ x
    return loss, dW, d_z.sum(axis=0), d_x_hat.sum(axis=0)
