"""Alternative solution: the notation written out with loops, z_j = sum_k w_jk a_k + b_j."""

import math

import numpy as np


def _g(name, z):
    if name == "relu":
        return max(z, 0.0)
    if name == "tanh":
        return math.tanh(z)
    return 0.5 * (1.0 + math.tanh(0.5 * z))  # the sigmoid


def node_activation(x, weights, biases, layer, node, activation):
    if activation not in ("relu", "tanh", "sigmoid"):
        raise ValueError("activation must be relu, tanh or sigmoid")
    L = len(weights)
    if layer < 1 or layer > L:
        raise ValueError("layer must be 1..L (layer 0 is the input)")
    if node < 0 or node >= len(biases[layer - 1]):
        raise IndexError("no such node")
    zs, acts = [], []
    for sample in x:
        a = [float(v) for v in sample]  # a^[0]
        for m in range(1, layer + 1):
            W, b = weights[m - 1], biases[m - 1]
            z = [sum(W[r][k] * a[k] for k in range(len(a))) + b[r] for r in range(len(b))]
            a = z if m == L else [_g(activation, v) for v in z]
        zs.append(z[node])
        acts.append(a[node])
    return np.array(zs), np.array(acts)
