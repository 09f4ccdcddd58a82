"""Mutant: always ignores the rows labelled -100 (PyTorch's default) whatever ignore_index says."""

import numpy as np


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must be in [0, 1]")
    keep = targets != -100
    if not keep.any():
        raise ValueError("every target is ignored")
    z, y = logits[keep], targets[keep]
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    nll = -log_probs[np.arange(len(y)), y]
    return float(np.mean((1.0 - epsilon) * nll + epsilon * -log_probs.mean(axis=1)))
