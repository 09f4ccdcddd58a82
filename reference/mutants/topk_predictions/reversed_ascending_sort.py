"""Mutant: a stable ascending sort reversed, np.argsort(logits, kind="stable")[:, ::-1]: descending,
but tied classes come in reverse index order (highest index first). (With NumPy's default,
unstable sort the order of ties is not even defined.)"""

import numpy as np


def topk_predictions(logits, k):
    if not 1 <= k <= logits.shape[1]:
        raise ValueError("k out of range")
    indices = np.argsort(logits, axis=1, kind="stable")[:, ::-1][:, :k]
    return np.take_along_axis(logits, indices, axis=1), indices
