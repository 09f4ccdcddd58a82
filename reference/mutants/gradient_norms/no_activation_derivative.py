"""Mutant: backpropagates through the weights only, forgetting to multiply by act'(a) at each
layer (the backward pass of a linear network)."""

import numpy as np


def _act(a, activation):
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-a))
    if activation == "tanh":
        return np.tanh(a)
    if activation == "relu":
        return np.maximum(a, 0.0)
    raise ValueError(activation)


def gradient_norms(weights, x, activation):
    hs = [x]
    for W, b in weights:
        hs.append(_act(hs[-1] @ W.T + b, activation))
    norms = []
    delta = np.ones_like(hs[-1])
    for layer in reversed(range(len(weights))):
        norms.append(np.linalg.norm(delta.T @ hs[layer]))
        delta = delta @ weights[layer][0]
    return np.array(norms[::-1])
