"""Mutant: softmax from exp(logits) without subtracting the row maximum, then its log:
exp(1000) overflows and the loss is nan."""

import numpy as np


def balanced_cross_entropy(logits, labels, class_counts):
    if class_counts.shape != (logits.shape[1],):
        raise ValueError("one count per class")
    if (class_counts[labels] == 0).any():
        raise ValueError("a label with no training examples")
    counts = class_counts.astype(float)
    weights = np.zeros(len(counts))
    present = counts > 0
    weights[present] = counts.sum() / (len(counts) * counts[present])
    e = np.exp(logits)
    per_sample = -np.log((e / e.sum(axis=1, keepdims=True))[np.arange(len(labels)), labels])
    w = weights[labels]
    return weights, float((w * per_sample).sum() / w.sum())
