"""Alternative solution: one feature (column) at a time with Python's statistics module,
whose pvariance is the biased variance and variance the unbiased one."""

import statistics

import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5, training=True
):
    if training and x.shape[0] < 2:
        raise ValueError("batch statistics need at least two samples")
    y = np.empty_like(x)
    new_mean, new_var = running_mean.copy(), running_var.copy()
    for j in range(x.shape[1]):
        column = [float(v) for v in x[:, j]]
        if training:
            mean = statistics.fmean(column)
            var = statistics.pvariance(column, mu=mean)
            new_mean[j] = (1 - momentum) * running_mean[j] + momentum * mean
            new_var[j] = (1 - momentum) * running_var[j] + momentum * statistics.variance(column)
        else:
            mean, var = running_mean[j], running_var[j]
        y[:, j] = gamma[j] * (x[:, j] - mean) / np.sqrt(var + eps) + beta[j]
    return y, new_mean, new_var
