"""Alternative solution: backpropagate one sample at a time with explicit loops over units,
summing the per-sample dW (the loss is a sum over the batch)."""

import math

import numpy as np


def _act(value, activation):
    if activation == "sigmoid":
        return (
            1.0 / (1.0 + math.exp(-value))
            if value >= 0
            else math.exp(value) / (1.0 + math.exp(value))
        )
    if activation == "tanh":
        return math.tanh(value)
    return max(value, 0.0)


def _slope(value, activation):
    if activation == "sigmoid":
        s = _act(value, "sigmoid")
        return s * (1.0 - s)
    if activation == "tanh":
        return 1.0 - math.tanh(value) ** 2
    return 1.0 if value > 0 else 0.0


def gradient_norms(weights, x, activation):
    if activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    totals = [np.zeros_like(W) for W, _ in weights]
    for sample in x:
        inputs, pre = [list(sample)], []
        for W, b in weights:
            a = [
                sum(W[j, k] * inputs[-1][k] for k in range(W.shape[1])) + b[j]
                for j in range(W.shape[0])
            ]
            pre.append(a)
            inputs.append([_act(v, activation) for v in a])
        grad = [1.0] * len(inputs[-1])
        for layer in range(len(weights) - 1, -1, -1):
            W = weights[layer][0]
            delta = [grad[j] * _slope(pre[layer][j], activation) for j in range(W.shape[0])]
            for j in range(W.shape[0]):
                for k in range(W.shape[1]):
                    totals[layer][j, k] += delta[j] * inputs[layer][k]
            grad = [sum(delta[j] * W[j, k] for j in range(W.shape[0])) for k in range(W.shape[1])]
    return np.array([math.sqrt(float((dW**2).sum())) for dW in totals])
