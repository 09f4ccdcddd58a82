"""Mutant: loops over full batches only (range(N // B)), so the short last batch is lost even
when drop_last is False."""

import numpy as np


def minibatch_sgd_epoch(X, y, w, lr, batch_size, order, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    path = [np.array(w, dtype=np.float64)]
    for k in range(len(order) // batch_size):
        batch = order[k * batch_size : (k + 1) * batch_size]
        gradient = 2.0 * X[batch].T @ (X[batch] @ path[-1] - y[batch]) / len(batch)
        path.append(path[-1] - lr * gradient)
    return np.stack(path)
