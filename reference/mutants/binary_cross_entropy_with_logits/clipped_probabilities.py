"""Mutant: clips the probabilities to [eps, 1 - eps] before the log (Keras's old trick)."""

import numpy as np


def binary_cross_entropy_with_logits(logits, targets):
    eps = 1e-7
    p = np.clip(0.5 * (1.0 + np.tanh(0.5 * logits)), eps, 1 - eps)  # sigmoid without overflow
    return float(np.mean(-(targets * np.log(p) + (1 - targets) * np.log(1 - p))))
