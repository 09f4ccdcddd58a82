"""Mutant: the last branch is a plain `else`, so any unknown name (such as "gelu") silently
gets the tanh instead of raising ValueError."""

import numpy as np


def activations(x, name):
    if name == "relu":
        return np.maximum(x, 0.0), (x > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(x > 0, x, 0.01 * x), np.where(x > 0, 1.0, 0.01)
    if name == "sigmoid":
        s = 0.5 * (1.0 + np.tanh(0.5 * x))
        return s, s * (1.0 - s)
    t = np.tanh(x)
    return t, 1.0 - t**2
