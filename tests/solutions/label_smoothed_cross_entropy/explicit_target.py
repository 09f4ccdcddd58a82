"""Alternative solution: build the smoothed target matrix q and take -sum(q * log_softmax)."""

import numpy as np


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if epsilon < 0 or epsilon > 1:
        raise ValueError("epsilon must be in [0, 1]")
    rows = np.flatnonzero(targets != ignore_index)
    if rows.size == 0:
        raise ValueError("no target to average over")
    z = logits[rows]
    num_classes = z.shape[1]
    log_probs = z - np.logaddexp.reduce(z, axis=1, keepdims=True)
    q = np.full(z.shape, epsilon / num_classes)
    q[np.arange(rows.size), targets[rows]] += 1.0 - epsilon
    return float(-(q * log_probs).sum() / rows.size)
