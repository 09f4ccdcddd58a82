"""Mutant: the load-balancing loss is sum_i f_i P_i, without the factor E (number of experts)."""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
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
    return indices, gates, float(np.sum(f * _softmax(logits).mean(axis=0)))
