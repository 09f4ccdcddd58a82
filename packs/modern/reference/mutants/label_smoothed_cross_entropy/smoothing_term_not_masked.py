"""Mutant: masks the ignored rows out of the -log p_y term but not out of the smoothing term
eps * mean_k(-log p_k), which is then summed over every row (divided by the kept count)."""

import numpy as np


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must be in [0, 1]")
    keep = targets != ignore_index
    if not keep.any():
        raise ValueError("every target is ignored")
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    safe = np.where(keep, targets, 0)
    nll = np.where(keep, -log_probs[np.arange(len(targets)), safe], 0.0)
    smooth = -log_probs.mean(axis=1)
    return float(((1.0 - epsilon) * nll.sum() + epsilon * smooth.sum()) / keep.sum())
