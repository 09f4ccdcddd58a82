"""Mutant: evaluates the activation's derivative at the layer's output h = act(a) instead of at
its input a (sigmoid'(h) = sigmoid(h)(1 - sigmoid(h)), tanh'(h) = 1 - tanh(h)^2)."""

import numpy as np


def _act(a, activation):
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-a))
    if activation == "tanh":
        return np.tanh(a)
    if activation == "relu":
        return np.maximum(a, 0.0)
    raise ValueError(activation)


def _act_derivative(z, activation):
    if activation == "sigmoid":
        s = _act(z, "sigmoid")
        return s * (1.0 - s)
    if activation == "tanh":
        return 1.0 - np.tanh(z) ** 2
    return (z > 0).astype(float)


def gradient_norms(weights, x, activation):
    hs = [x]
    for W, b in weights:
        hs.append(_act(hs[-1] @ W.T + b, activation))
    norms = []
    delta = np.ones_like(hs[-1])
    for layer in reversed(range(len(weights))):
        delta = delta * _act_derivative(hs[layer + 1], activation)
        norms.append(np.linalg.norm(delta.T @ hs[layer]))
        delta = delta @ weights[layer][0]
    return np.array(norms[::-1])
