"""Mutant: ignores `order` and visits the samples in index order every epoch."""

import numpy as np


def fit_linear_regression_sgd(X, y, lr, batch_size, order):
    w = np.zeros(X.shape[1])
    b = 0.0
    n = X.shape[0]
    for _ in range(len(order)):
        for start in range(0, n, batch_size):
            rows = slice(start, start + batch_size)
            residual = X[rows] @ w + b - y[rows]
            size = len(residual)
            w = w - lr * 2.0 / size * (X[rows].T @ residual)
            b = b - lr * 2.0 / size * residual.sum()
    return w, float(b)
