"""Alternative solution: count the batches first, then average per-sample gradients in loops."""

import math

import numpy as np


def minibatch_sgd_epoch(X, y, w, lr, batch_size, order, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    n = len(order)
    updates = n // batch_size if drop_last else math.ceil(n / batch_size)
    path = np.zeros((updates + 1, len(w)))
    path[0] = w
    for k in range(updates):
        current = path[k]
        batch = order[k * batch_size : min((k + 1) * batch_size, n)]
        gradient = np.zeros(len(w))
        for i in batch:
            gradient += 2.0 * (X[i] @ current - y[i]) * X[i]
        path[k + 1] = current - lr * gradient / len(batch)
    return path
