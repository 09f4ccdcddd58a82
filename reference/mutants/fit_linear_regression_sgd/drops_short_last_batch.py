"""Mutant: makes only N // batch_size updates per epoch, so the short last batch is skipped (and
batch_size > N makes no update at all)."""

import numpy as np


def fit_linear_regression_sgd(X, y, lr, batch_size, order):
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch_order in order:
        for k in range(len(epoch_order) // batch_size):
            batch = epoch_order[k * batch_size : (k + 1) * batch_size]
            residual = X[batch] @ w + b - y[batch]
            w = w - lr * 2.0 / len(batch) * (X[batch].T @ residual)
            b = b - lr * 2.0 / len(batch) * residual.sum()
    return w, float(b)
