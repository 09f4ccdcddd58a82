"""Mutant: uses the gradient of half the squared error, (1/B) X^T r, dropping the factor 2."""

import numpy as np


def fit_linear_regression_sgd(X, y, lr, batch_size, order):
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch_order in order:
        for start in range(0, len(epoch_order), batch_size):
            batch = epoch_order[start : start + batch_size]
            residual = X[batch] @ w + b - y[batch]
            w = w - lr * (X[batch].T @ residual) / len(batch)
            b = b - lr * residual.sum() / len(batch)
    return w, float(b)
