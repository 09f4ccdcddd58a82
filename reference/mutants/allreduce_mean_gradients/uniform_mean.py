"""Mutant: averages the shard gradients with equal weights, as DDP does, even for unequal shards."""

import numpy as np


def allreduce_mean_gradients(X, y, w, shard_sizes):
    N = X.shape[0]
    if min(shard_sizes) < 1 or sum(shard_sizes) != N:
        raise ValueError("shard sizes must be positive and add up to N")
    grads = []
    start = 0
    for n in shard_sizes:
        Xk, yk = X[start : start + n], y[start : start + n]
        grads.append(2.0 / n * Xk.T @ (Xk @ w - yk))
        start += n
    grads = np.stack(grads)
    return grads, grads.mean(axis=0)
