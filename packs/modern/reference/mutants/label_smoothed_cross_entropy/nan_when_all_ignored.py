"""Mutant: a batch where every row is ignored gives 0/0 = nan (what PyTorch returns) instead of
raising ValueError."""

import numpy as np


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must be in [0, 1]")
    keep = targets != ignore_index
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    safe = np.where(keep, targets, 0)
    nll = -log_probs[np.arange(len(targets)), safe]
    per_row = np.where(keep, (1.0 - epsilon) * nll + epsilon * -log_probs.mean(axis=1), 0.0)
    with np.errstate(invalid="ignore"):
        return float(np.float64(per_row.sum()) / np.float64(keep.sum()))
