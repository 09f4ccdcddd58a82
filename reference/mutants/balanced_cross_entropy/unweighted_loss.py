"""Mutant: the right weights are computed but the loss is the plain mean cross-entropy."""

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
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    per_sample = -log_probs[np.arange(len(labels)), labels]
    return weights, float(per_sample.mean())
