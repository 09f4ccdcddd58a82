"""Mutant: every name other than "sigmoid" and "tanh" is taken as ReLU, so an unknown
activation such as "softplus" gives numbers instead of a ValueError."""

import numpy as np


def _act(a, activation):
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-a))
    if activation == "tanh":
        return np.tanh(a)
    return np.maximum(a, 0.0)


def gradient_norms(weights, x, activation):
    hs, pre = [x], []
    for W, b in weights:
        pre.append(hs[-1] @ W.T + b)
        hs.append(_act(pre[-1], activation))
    norms = []
    delta = np.ones_like(hs[-1])
    for layer in reversed(range(len(weights))):
        h = hs[layer + 1]
        if activation == "sigmoid":
            delta = delta * h * (1.0 - h)
        elif activation == "tanh":
            delta = delta * (1.0 - h**2)
        else:
            delta = delta * (pre[layer] > 0)
        norms.append(np.linalg.norm(delta.T @ hs[layer]))
        delta = delta @ weights[layer][0]
    return np.array(norms[::-1])
