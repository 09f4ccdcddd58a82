"""Mutant: returns the configuration with the lowest mean validation loss and ignores the
one-standard-error rule."""

import numpy as np


def select_architecture(param_counts, fold_losses):
    num_configs, num_folds = fold_losses.shape
    if num_folds < 2 or len(param_counts) != num_configs:
        raise ValueError("bad shapes")
    means = fold_losses.mean(axis=1)
    standard_errors = fold_losses.std(axis=1, ddof=1) / np.sqrt(num_folds)
    best = int(np.argmin(means))
    return best, float(means[best] + standard_errors[best])
