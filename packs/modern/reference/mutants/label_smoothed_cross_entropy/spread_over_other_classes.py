"""Mutant: the true class gets 1 - eps and the other K - 1 classes eps / (K - 1) each, instead of
eps / K on all K classes (the true class then gets 1 - eps + eps / K)."""

import numpy as np


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must be in [0, 1]")
    keep = targets != ignore_index
    if not keep.any():
        raise ValueError("every target is ignored")
    z, y = logits[keep], targets[keep]
    num_classes = z.shape[1]
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    target = np.full(z.shape, epsilon / (num_classes - 1))
    target[np.arange(len(y)), y] = 1.0 - epsilon
    return float(np.mean(-(target * log_probs).sum(axis=1)))
