"""Mutant: leaky ReLU's derivative copied from ReLU: 0 instead of 0.01 for x <= 0."""

import numpy as np


def activations(x, name):
    if name == "relu":
        return np.maximum(x, 0.0), (x > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(x > 0, x, 0.01 * x), (x > 0).astype(np.float64)
    if name == "sigmoid":
        s = 0.5 * (1.0 + np.tanh(0.5 * x))
        return s, s * (1.0 - s)
    if name == "tanh":
        t = np.tanh(x)
        return t, 1.0 - t**2
    raise ValueError(f"unknown activation {name!r}")
