"""Mutant: adds lam/2 * ||w||^2 to the loss but leaves lam * w out of grad_w."""

import numpy as np


def l2_regularized_loss_and_grad(w, b, X, y, lam):
    residual = X @ w + b - y
    n = X.shape[0]
    loss = np.mean(residual**2) + 0.5 * lam * np.dot(w, w)
    grad_w = 2.0 / n * (X.T @ residual)
    grad_b = 2.0 / n * np.sum(residual)
    return float(loss), grad_w, float(grad_b)
