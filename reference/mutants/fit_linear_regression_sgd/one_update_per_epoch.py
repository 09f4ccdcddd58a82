"""Mutant: computes every batch gradient at the start-of-epoch weights and applies their mean
once per epoch: full-batch gradient descent, not SGD."""

import numpy as np


def fit_linear_regression_sgd(X, y, lr, batch_size, order):
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch_order in order:
        grads_w, grads_b = [], []
        for start in range(0, len(epoch_order), batch_size):
            batch = epoch_order[start : start + batch_size]
            residual = X[batch] @ w + b - y[batch]
            grads_w.append(2.0 / len(batch) * (X[batch].T @ residual))
            grads_b.append(2.0 / len(batch) * residual.sum())
        w = w - lr * np.mean(grads_w, axis=0)
        b = b - lr * float(np.mean(grads_b))
    return w, float(b)
