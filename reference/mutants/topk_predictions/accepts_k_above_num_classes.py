"""Mutant: checks only that k is at least 1, so k > K silently returns all K classes (slicing
past the end does not fail) instead of raising ValueError."""

import numpy as np


def topk_predictions(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    indices = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(logits, indices, axis=1), indices
