"""Mutant: applies the activation before every layer, to the raw input too, instead of
after every layer but the last."""

import numpy as np


def feedforward(x, weights, activation):
    functions = {
        "relu": lambda z: np.maximum(z, 0.0),
        "tanh": np.tanh,
        "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
    }
    if activation not in functions:
        raise ValueError(activation)
    h = x
    for W, b in weights:
        h = functions[activation](h) @ W.T + b
    return h
