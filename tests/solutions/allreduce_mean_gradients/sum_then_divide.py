"""allreduce_mean_gradients as a SUM all-reduce: every worker sends its gradient SUM (not mean)
over its samples, and the total is divided once by the global batch size."""

import numpy as np


def allreduce_mean_gradients(X, y, w, shard_sizes):
    N, D = X.shape
    if any(n <= 0 for n in shard_sizes) or sum(shard_sizes) != N:
        raise ValueError("shard sizes must be positive and add up to N")
    offsets = np.concatenate([[0], np.cumsum(shard_sizes)])
    sums = np.zeros((len(shard_sizes), D))
    for k in range(len(shard_sizes)):
        for i in range(offsets[k], offsets[k + 1]):
            sums[k] += 2.0 * (X[i] @ w - y[i]) * X[i]
    per_shard = sums / np.asarray(shard_sizes, dtype=np.float64)[:, None]
    return per_shard, sums.sum(axis=0) / N
