"""Mutant: the right classes, returned as floats instead of integers."""

import numpy as np


def topk_predictions(logits, k):
    if not 1 <= k <= logits.shape[1]:
        raise ValueError("k out of range")
    indices = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(logits, indices, axis=1), indices.astype(np.float64)
