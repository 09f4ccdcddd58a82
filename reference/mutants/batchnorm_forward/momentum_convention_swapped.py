"""Mutant: Keras' convention, new = momentum * old + (1 - momentum) * batch,
instead of PyTorch's new = (1 - momentum) * old + momentum * batch."""

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
    new_mean = momentum * running_mean + (1 - momentum) * mean
    new_var = momentum * running_var + (1 - momentum) * var * n / (n - 1)
    return y, new_mean, new_var
