"""Mutant: stable, but picks one of the two terms by `y == 1`, as if every target were 0 or 1;
a soft target such as 0.3 is treated as 0."""

import numpy as np


def binary_cross_entropy_with_logits(logits, targets):
    per_sample = np.where(targets == 1, np.logaddexp(0.0, -logits), np.logaddexp(0.0, logits))
    return float(np.mean(per_sample))
