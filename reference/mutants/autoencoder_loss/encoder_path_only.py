"""Mutant: dW has only the encoder path dz^T x and forgets that the decoder uses W too."""

import numpy as np


def autoencoder_loss(x, W, b_enc, b_dec):
    h = 1 / (1 + np.exp(-(x @ W.T + b_enc)))
    residual = h @ W + b_dec - x
    d_x_hat = 2 * residual / residual.size
    d_z = (d_x_hat @ W.T) * h * (1 - h)
    return float(np.mean(residual**2)), d_z.T @ x, d_z.sum(axis=0), d_x_hat.sum(axis=0)
