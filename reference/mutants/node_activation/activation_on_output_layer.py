"""Mutant: applies the activation to the output layer L too, which is linear."""

import numpy as np

ACTS = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
}


def node_activation(x, weights, biases, layer, node, activation):
    if activation not in ACTS:
        raise ValueError("unknown activation")
    if not 1 <= layer <= len(weights):
        raise ValueError("bad layer")
    if not 0 <= node < weights[layer - 1].shape[0]:
        raise IndexError("bad node")
    g = ACTS[activation]
    a = x
    for W, b in zip(weights[: layer - 1], biases[: layer - 1]):
        a = g(a @ W.T + b)
    z = a @ weights[layer - 1][node] + biases[layer - 1][node]
    return z, g(z)
