"""Mutant: checks only that k is at most K, so k = 0 (or a negative k) returns a slice instead
of raising ValueError."""

import numpy as np


def topk_predictions(logits, k):
    if k > logits.shape[1]:
        raise ValueError("k is larger than the number of classes")
    indices = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(logits, indices, axis=1), indices
