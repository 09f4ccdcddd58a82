"""Mutant: dW has only the decoder path h^T dx_hat, as if the encoder's W were a separate matrix."""

import numpy as np


def autoencoder_loss(x, W, b_enc, b_dec):
    h = 1 / (1 + np.exp(-(x @ W.T + b_enc)))
    residual = h @ W + b_dec - x
    d_x_hat = 2 * residual / residual.size
    d_z = (d_x_hat @ W.T) * h * (1 - h)
    return float(np.mean(residual**2)), h.T @ d_x_hat, d_z.sum(axis=0), d_x_hat.sum(axis=0)
