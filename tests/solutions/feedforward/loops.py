"""Alternative solution: neuron by neuron with Python loops and the math module."""

import math

import numpy as np


def _activate(z, activation):
    if activation == "relu":
        return max(z, 0.0)
    if activation == "tanh":
        return math.tanh(z)
    if z >= 0:  # the two stable halves of the sigmoid
        return 1.0 / (1.0 + math.exp(-z))
    return math.exp(z) / (1.0 + math.exp(z))


def feedforward(x, weights, activation):
    if activation not in ("relu", "tanh", "sigmoid"):
        raise ValueError(f"unknown activation {activation!r}")
    rows = [list(map(float, sample)) for sample in x]
    for index, (W, b) in enumerate(weights):
        last = index == len(weights) - 1
        new_rows = []
        for row in rows:
            outputs = []
            for weight_row, bias in zip(W, b, strict=True):
                z = float(bias) + sum(w * v for w, v in zip(weight_row, row, strict=True))
                outputs.append(z if last else _activate(z, activation))
            new_rows.append(outputs)
        rows = new_rows
    return np.array(rows, dtype=np.float64).reshape(len(rows), -1)
