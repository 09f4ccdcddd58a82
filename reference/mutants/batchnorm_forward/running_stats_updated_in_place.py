"""Mutant: right values, but the running statistics are updated in the caller's arrays
(running_mean *= 1 - momentum; running_mean += ...), as nn.BatchNorm1d does to its buffers."""

import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5, training=True
):
    if not training:
        y = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        return y, running_mean.copy(), running_var.copy()
    n = x.shape[0]
    if n < 2:
        raise ValueError("need more than one sample per feature")
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    y = gamma * (x - mean) / np.sqrt(var + eps) + beta
    running_mean *= 1 - momentum
    running_mean += momentum * mean
    running_var *= 1 - momentum
    running_var += momentum * x.var(axis=0, ddof=1)
    return y, running_mean, running_var
