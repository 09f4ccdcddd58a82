"""Mutant: sigmoid as e^x / (1 + e^x), tanh as (e^x - e^-x) / (e^x + e^-x): inf/inf for big |x|."""

import numpy as np


def activations(x, name):
    if name == "relu":
        return np.maximum(x, 0.0), (x > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(x > 0, x, 0.01 * x), np.where(x > 0, 1.0, 0.01)
    if name == "sigmoid":
        s = np.exp(x) / (1.0 + np.exp(x))
        return s, s * (1.0 - s)
    if name == "tanh":
        t = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        return t, 1.0 - t**2
    raise ValueError(f"unknown activation {name!r}")
