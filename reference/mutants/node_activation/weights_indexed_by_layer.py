"""Mutant: takes W^[l] as weights[l], forgetting that the list starts at layer 1 (weights[0] is
W^[1]), so it returns node j of layer l + 1 (and fails with IndexError for l = L)."""

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
    for i in range(layer):
        a = g(a @ weights[i].T + biases[i])
    z = a @ weights[layer][node] + biases[layer][node]
    return z, (z if layer + 1 == len(weights) else g(z))
