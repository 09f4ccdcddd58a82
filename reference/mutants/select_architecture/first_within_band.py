"""Mutant: takes the first listed configuration inside the band, as if the list were sorted
from the smallest model to the largest."""

import numpy as np


def select_architecture(param_counts, fold_losses):
    num_configs, num_folds = fold_losses.shape
    if num_folds < 2 or len(param_counts) != num_configs:
        raise ValueError("bad shapes")
    means = fold_losses.mean(axis=1)
    standard_errors = fold_losses.std(axis=1, ddof=1) / np.sqrt(num_folds)
    best = int(np.argmin(means))
    threshold = float(means[best] + standard_errors[best])
    return int(np.flatnonzero(means <= threshold)[0]), threshold
