"""Mutant: applies the activation after the output layer too."""

import numpy as np


def feedforward(x, weights, activation):
    functions = {
        "relu": lambda z: np.maximum(z, 0.0),
        "tanh": np.tanh,
        "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
    }
    if activation not in functions:
        raise ValueError(activation)
    act = functions[activation]
    h = x
    for index, (W, b) in enumerate(weights):
        h = h @ W.T + b
        h = act(h)
    return h
