"""Mutant of group_norm: channel c goes to group c % G instead of contiguous groups."""

import numpy as np


def group_norm(x, num_groups, gamma, beta, eps=1e-5):
    n, c = x.shape[:2]
    grouped = x.reshape(n, c // num_groups, num_groups, -1)
    mu = grouped.mean(axis=(1, 3), keepdims=True)
    var = grouped.var(axis=(1, 3), keepdims=True)
    y = ((grouped - mu) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (c, *([1] * (x.ndim - 2)))
    return y * gamma.reshape(shape) + beta.reshape(shape)
