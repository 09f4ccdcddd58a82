"""Mutant: computes the sigmoid as exp(z) / (1 + exp(z)), NaN for large z."""

import numpy as np


def feedforward(x, weights, activation):
    functions = {
        "relu": lambda z: np.maximum(z, 0.0),
        "tanh": np.tanh,
        "sigmoid": lambda z: np.exp(z) / (1.0 + np.exp(z)),
    }
    if activation not in functions:
        raise ValueError(activation)
    act = functions[activation]
    h = x
    for index, (W, b) in enumerate(weights):
        h = h @ W.T + b
        if index < len(weights) - 1:
            h = act(h)
    return h
