"""Mutant: the gates are the full softmax's probabilities of the k chosen experts, not
renormalised over them (each row sums to less than 1)."""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def moe_route(x, W_gate, k):
    num_experts = W_gate.shape[1]
    if not 1 <= k <= num_experts:
        raise ValueError("k out of range")
    logits = x @ W_gate
    probabilities = _softmax(logits)
    order = np.argsort(-logits, axis=1, kind="stable")
    indices = order[:, :k]
    gates = np.take_along_axis(probabilities, indices, axis=1)
    f = np.bincount(order[:, 0], minlength=num_experts) / x.shape[0]
    return indices, gates, float(num_experts * np.sum(f * probabilities.mean(axis=0)))
