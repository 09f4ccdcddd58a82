"""Mutant: checks that every shard size is at least 1 but not that the sizes add up to N, so
missing rows are ignored and extra sizes are cut short by the slicing."""

import itertools

import numpy as np


def allreduce_mean_gradients(X, y, w, shard_sizes):
    if min(shard_sizes) < 1:
        raise ValueError("every shard needs at least one sample")
    bounds = np.cumsum([0, *shard_sizes])
    grads = []
    for start, stop in itertools.pairwise(bounds):
        Xk, yk = X[start:stop], y[start:stop]
        grads.append(2.0 / (stop - start) * Xk.T @ (Xk @ w - yk))
    grads = np.stack(grads)
    return grads, np.asarray(shard_sizes) / X.shape[0] @ grads
