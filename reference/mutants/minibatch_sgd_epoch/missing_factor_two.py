"""Mutant: uses X^T (Xw - y) / B as the gradient of the mean squared error, dropping the 2."""

import numpy as np


def minibatch_sgd_epoch(X, y, w, lr, batch_size, order, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    path = [np.array(w, dtype=np.float64)]
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        if drop_last and len(batch) < batch_size:
            break
        gradient = X[batch].T @ (X[batch] @ path[-1] - y[batch]) / len(batch)
        path.append(path[-1] - lr * gradient)
    return np.stack(path)
