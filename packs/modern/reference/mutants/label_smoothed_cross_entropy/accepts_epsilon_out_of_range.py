"""Mutant: no check of epsilon, so 1.5 or -0.1 give a number (a target with negative entries)
instead of a ValueError."""

import numpy as np


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    keep = targets != ignore_index
    if not keep.any():
        raise ValueError("every target is ignored")
    z, y = logits[keep], targets[keep]
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    nll = -log_probs[np.arange(len(y)), y]
    return float(np.mean((1.0 - epsilon) * nll + epsilon * -log_probs.mean(axis=1)))
