"""Mutant: looks the activation up only when a hidden layer applies it, so an unknown name
raises ValueError with two or more layers but not with one layer or none."""

import numpy as np


def feedforward(x, weights, activation):
    functions = {
        "relu": lambda z: np.maximum(z, 0.0),
        "tanh": np.tanh,
        "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
    }
    h = x
    for index, (W, b) in enumerate(weights):
        h = h @ W.T + b
        if index < len(weights) - 1:
            if activation not in functions:
                raise ValueError(f"unknown activation {activation!r}")
            h = functions[activation](h)
    return h
