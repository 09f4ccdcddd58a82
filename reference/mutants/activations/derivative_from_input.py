"""Mutant: applies s(1 - s) and 1 - t^2 to the input x instead of the outputs s and t."""

import numpy as np


def activations(x, name):
    if name == "relu":
        return np.maximum(x, 0.0), (x > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(x > 0, x, 0.01 * x), np.where(x > 0, 1.0, 0.01)
    if name == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * x)), x * (1.0 - x)
    if name == "tanh":
        return np.tanh(x), 1.0 - x**2
    raise ValueError(f"unknown activation {name!r}")
