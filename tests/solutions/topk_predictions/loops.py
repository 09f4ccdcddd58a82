"""Alternative solution: selection by hand; a strict > keeps the lower index among equals."""

import numpy as np


def topk_predictions(logits, k):
    n, num_classes = logits.shape
    if k < 1 or k > num_classes:
        raise ValueError(f"k must be between 1 and {num_classes}")
    values = np.empty((n, k))
    indices = np.empty((n, k), dtype=np.int64)
    for i in range(n):
        taken = set()
        for slot in range(k):
            best = None
            for j in range(num_classes):
                if j not in taken and (best is None or logits[i, j] > logits[i, best]):
                    best = j
            taken.add(best)
            values[i, slot], indices[i, slot] = logits[i, best], best
    return values, indices
