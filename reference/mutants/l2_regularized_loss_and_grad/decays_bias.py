"""Mutant: penalises the bias too, adding lam/2 * b^2 to the loss and lam * b to its gradient."""

import numpy as np


def l2_regularized_loss_and_grad(w, b, X, y, lam):
    residual = X @ w + b - y
    n = X.shape[0]
    loss = np.mean(residual**2) + 0.5 * lam * (np.dot(w, w) + b * b)
    grad_w = 2.0 / n * (X.T @ residual) + lam * w
    grad_b = 2.0 / n * np.sum(residual) + lam * b
    return float(loss), grad_w, float(grad_b)
