"""Mutant: averages every batch over batch_size, even a short last batch (or one larger than N)."""

import numpy as np


def fit_linear_regression_sgd(X, y, lr, batch_size, order):
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch_order in order:
        for start in range(0, len(epoch_order), batch_size):
            batch = epoch_order[start : start + batch_size]
            residual = X[batch] @ w + b - y[batch]
            w = w - lr * 2.0 / batch_size * (X[batch].T @ residual)
            b = b - lr * 2.0 / batch_size * residual.sum()
    return w, float(b)
