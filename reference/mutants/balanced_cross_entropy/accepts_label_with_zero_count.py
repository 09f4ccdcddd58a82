"""Mutant: a label whose class has count 0 is given weight 0 instead of raising
ValueError."""

import numpy as np


def balanced_cross_entropy(logits, labels, class_counts):
    if class_counts.shape != (logits.shape[1],):
        raise ValueError("one count per class")
    counts = class_counts.astype(float)
    weights = np.zeros(len(counts))
    present = counts > 0
    weights[present] = counts.sum() / (len(counts) * counts[present])
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    per_sample = -log_probs[np.arange(len(labels)), labels]
    w = weights[labels]
    return weights, float((w * per_sample).sum() / w.sum())
