"""Mutant: checks only k <= E, so k = 0 returns empty indices and gates."""

import numpy as np


def moe_route(x, W_gate, k):
    num_experts = W_gate.shape[1]
    if k > num_experts:
        raise ValueError("k out of range")
    logits = x @ W_gate
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = shifted / shifted.sum(axis=1, keepdims=True)
    order = np.argsort(-logits, axis=1, kind="stable")
    indices = order[:, :k]
    chosen = np.take_along_axis(shifted, indices, axis=1)
    gates = chosen / chosen.sum(axis=1, keepdims=True)
    f = np.bincount(np.argmax(logits, axis=1), minlength=num_experts) / x.shape[0]
    return indices, gates, float(num_experts * np.sum(f * probabilities.mean(axis=0)))
