"""Mutant: never applies the activation, so every a equals its z and the network is linear."""


def node_activation(x, weights, biases, layer, node, activation):
    if activation not in ("relu", "tanh", "sigmoid"):
        raise ValueError("unknown activation")
    if not 1 <= layer <= len(weights):
        raise ValueError("bad layer")
    if not 0 <= node < weights[layer - 1].shape[0]:
        raise IndexError("bad node")
    a = x
    for W, b in zip(weights[: layer - 1], biases[: layer - 1]):
        a = a @ W.T + b
    z = a @ weights[layer - 1][node] + biases[layer - 1][node]
    return z, z
