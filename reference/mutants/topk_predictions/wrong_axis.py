"""Mutant: sorts each column (axis 0, over the batch) instead of each row (over the classes)."""

import numpy as np


def topk_predictions(logits, k):
    if not 1 <= k <= logits.shape[1]:
        raise ValueError("k out of range")
    indices = np.argsort(-logits, axis=0, kind="stable")[:k]
    return np.take_along_axis(logits, indices, axis=0), indices
