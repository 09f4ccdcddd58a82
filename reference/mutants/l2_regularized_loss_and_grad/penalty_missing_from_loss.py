"""Mutant: adds lam * w to the gradient but returns the data loss without the penalty."""

import numpy as np


def l2_regularized_loss_and_grad(w, b, X, y, lam):
    residual = X @ w + b - y
    n = X.shape[0]
    loss = np.mean(residual**2)
    grad_w = 2.0 / n * (X.T @ residual) + lam * w
    grad_b = 2.0 / n * np.sum(residual)
    return float(loss), grad_w, float(grad_b)
