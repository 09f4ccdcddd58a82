"""Alternative solution: PyTorch tensors; every layer in full with F.linear, then column j."""

import torch
import torch.nn.functional as F

ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def node_activation(x, weights, biases, layer, node, activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}")
    num_layers = len(weights)
    if not 1 <= layer <= num_layers:
        raise ValueError(f"layer must be in 1..{num_layers}")
    if not 0 <= node < weights[layer - 1].shape[0]:
        raise IndexError(f"layer {layer} has no node {node}")
    g = ACTIVATIONS[activation]
    a = x  # a^[0]
    for m in range(1, layer + 1):
        z = F.linear(a, weights[m - 1], biases[m - 1])  # z^[m], (N, n_m)
        a = z if m == num_layers else g(z)
    return z[:, node], a[:, node]
