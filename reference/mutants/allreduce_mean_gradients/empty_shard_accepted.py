"""Mutant: checks that the sizes add up to N but not that each is at least 1, so an empty shard
divides by 0 (NaN) and a negative size is sliced silently."""

import itertools

import numpy as np


def allreduce_mean_gradients(X, y, w, shard_sizes):
    if sum(shard_sizes) != X.shape[0]:
        raise ValueError("shard sizes must add up to N")
    bounds = np.cumsum([0, *shard_sizes])
    grads = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for start, stop in itertools.pairwise(bounds):
            Xk, yk = X[start:stop], y[start:stop]
            grads.append(2.0 / (stop - start) * Xk.T @ (Xk @ w - yk))
        grads = np.stack(grads)
        return grads, np.asarray(shard_sizes) / X.shape[0] @ grads
