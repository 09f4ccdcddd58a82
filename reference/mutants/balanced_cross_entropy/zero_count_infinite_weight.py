"""Mutant: M / (K n_k) computed for every class, so a class with no examples gets an
infinite weight instead of 0."""

import numpy as np


def balanced_cross_entropy(logits, labels, class_counts):
    if class_counts.shape != (logits.shape[1],):
        raise ValueError("one count per class")
    if (class_counts[labels] == 0).any():
        raise ValueError("a label with no training examples")
    counts = class_counts.astype(float)
    with np.errstate(divide="ignore"):
        weights = counts.sum() / (len(counts) * counts)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    per_sample = -log_probs[np.arange(len(labels)), labels]
    w = weights[labels]
    return weights, float((w * per_sample).sum() / w.sum())
