"""Mutant: applies the activation only to the node asked for; the layers before l are computed
without it, so z^[l] is built from z^[l-1] instead of a^[l-1]."""

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
    a = x
    for W, b in zip(weights[: layer - 1], biases[: layer - 1]):
        a = a @ W.T + b
    z = a @ weights[layer - 1][node] + biases[layer - 1][node]
    return z, (z if layer == len(weights) else ACTS[activation](z))
