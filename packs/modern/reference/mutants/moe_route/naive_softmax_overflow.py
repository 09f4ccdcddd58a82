"""Mutant: softmax as exp(z) / sum(exp(z)) without subtracting the maximum: logits of a few
hundred overflow to inf and the gates become NaN."""

import numpy as np


def _softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def moe_route(x, W_gate, k):
    num_experts = W_gate.shape[1]
    if not 1 <= k <= num_experts:
        raise ValueError("k out of range")
    logits = x @ W_gate
    order = np.argsort(-logits, axis=1, kind="stable")
    indices = order[:, :k]
    gates = _softmax(np.take_along_axis(logits, indices, axis=1))
    f = np.bincount(order[:, 0], minlength=num_experts) / x.shape[0]
    return indices, gates, float(num_experts * np.sum(f * _softmax(logits).mean(axis=0)))
