"""Alternative solution: one sample at a time, accumulating the gradients of the mean."""

import numpy as np


def autoencoder_loss(x, W, b_enc, b_dec):
    n, d = x.shape
    loss = 0.0
    dW, db_enc, db_dec = np.zeros_like(W), np.zeros_like(b_enc), np.zeros_like(b_dec)
    for sample in x:
        z = W @ sample + b_enc
        h = np.exp(-np.logaddexp(0.0, -z))  # sigmoid(z), no overflow
        error = W.T @ h + b_dec - sample
        loss += float(error @ error) / (n * d)
        g_out = 2 * error / (n * d)  # d loss / d x_hat for this sample
        g_z = (W @ g_out) * h * (1 - h)
        dW += np.outer(h, g_out) + np.outer(g_z, sample)  # decoder use + encoder use of W
        db_enc += g_z
        db_dec += g_out
    return loss, dW, db_enc, db_dec
