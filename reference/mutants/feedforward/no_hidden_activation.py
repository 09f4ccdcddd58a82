"""Mutant: applies no activation at all, so the network is linear."""

import numpy as np


def feedforward(x, weights, activation):
    if activation not in ("relu", "tanh", "sigmoid"):
        raise ValueError(activation)
    h = x
    for W, b in weights:
        h = h @ W.T + b
    return np.asarray(h)
