"""Mutant: adds the per-sample losses instead of averaging them."""

import numpy as np


def binary_cross_entropy_with_logits(logits, targets):
    per_sample = np.maximum(logits, 0.0) - logits * targets + np.log1p(np.exp(-np.abs(logits)))
    return float(np.sum(per_sample))
