"""Mutant: the right path, but the weights are the input w itself, updated in place
(w -= ...), so the caller's starting weights end up as the last iterate."""

import numpy as np


def minibatch_sgd_epoch(X, y, w, lr, batch_size, order, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    path = [w.copy()]
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        if drop_last and len(batch) < batch_size:
            break
        w -= lr * 2.0 * X[batch].T @ (X[batch] @ w - y[batch]) / len(batch)
        path.append(w.copy())
    return np.stack(path)
