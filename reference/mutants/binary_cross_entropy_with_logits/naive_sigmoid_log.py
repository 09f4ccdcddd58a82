"""Mutant: the textbook formula -[y log p + (1-y) log(1-p)] with p = sigmoid(z), unstabilised."""

import numpy as np


def binary_cross_entropy_with_logits(logits, targets):
    p = 1.0 / (1.0 + np.exp(-logits))
    return float(np.mean(-(targets * np.log(p) + (1 - targets) * np.log(1 - p))))
