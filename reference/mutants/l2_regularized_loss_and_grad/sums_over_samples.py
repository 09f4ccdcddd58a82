"""Mutant: sums the squared errors (and their gradient) over the samples instead of averaging."""

import numpy as np


def l2_regularized_loss_and_grad(w, b, X, y, lam):
    residual = X @ w + b - y
    loss = np.sum(residual**2) + 0.5 * lam * np.dot(w, w)
    grad_w = 2.0 * (X.T @ residual) + lam * w
    grad_b = 2.0 * np.sum(residual)
    return float(loss), grad_w, float(grad_b)
