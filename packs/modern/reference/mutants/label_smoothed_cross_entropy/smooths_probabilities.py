"""Mutant: smooths the predicted distribution instead of the target: -log((1 - eps) p_y + eps / K),
which caps the loss of a confident mistake near -log(eps / K) and is not the same function."""

import numpy as np


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must be in [0, 1]")
    keep = targets != ignore_index
    if not keep.any():
        raise ValueError("every target is ignored")
    z, y = logits[keep], targets[keep]
    shifted = z - z.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    smoothed = (1.0 - epsilon) * probs + epsilon / z.shape[1]
    return float(np.mean(-np.log(smoothed[np.arange(len(y)), y])))
