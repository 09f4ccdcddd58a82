"""Mutant: an unknown activation name falls back to the identity instead of raising
ValueError."""

import numpy as np


def feedforward(x, weights, activation):
    functions = {
        "relu": lambda z: np.maximum(z, 0.0),
        "tanh": np.tanh,
        "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
    }
    act = functions.get(activation, lambda z: z)
    h = x
    for index, (W, b) in enumerate(weights):
        h = h @ W.T + b
        if index < len(weights) - 1:
            h = act(h)
    return h
