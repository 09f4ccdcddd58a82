"""Mutant: reads w_jk as the weight from node j to node k, so it uses column j of W^[l] (and
a @ W instead of a @ W.T): wrong numbers on square layers, a shape error otherwise."""

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
        a = g(a @ W + b)
    z = a @ weights[layer - 1][:, node] + biases[layer - 1][node]
    return z, (z if layer == len(weights) else g(z))
