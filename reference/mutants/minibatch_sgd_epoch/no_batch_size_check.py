"""Mutant: never checks batch_size. 0 still raises ValueError (range() refuses a step of 0), but
a negative batch_size makes the loop empty and returns w alone."""

import numpy as np


def minibatch_sgd_epoch(X, y, w, lr, batch_size, order, drop_last=False):
    path = [np.array(w, dtype=np.float64)]
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        if drop_last and len(batch) < batch_size:
            break
        gradient = 2.0 * X[batch].T @ (X[batch] @ path[-1] - y[batch]) / len(batch)
        path.append(path[-1] - lr * gradient)
    return np.stack(path)
