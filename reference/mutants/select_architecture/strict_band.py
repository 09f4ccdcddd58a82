"""Mutant: keeps only means strictly below best + SE, so a configuration exactly one standard
error above the best is left out (and with a standard error of 0 nothing is left, and
np.argmin of an empty array raises)."""

import numpy as np


def select_architecture(param_counts, fold_losses):
    num_configs, num_folds = fold_losses.shape
    if num_folds < 2 or len(param_counts) != num_configs:
        raise ValueError("bad shapes")
    means = fold_losses.mean(axis=1)
    standard_errors = fold_losses.std(axis=1, ddof=1) / np.sqrt(num_folds)
    best = int(np.argmin(means))
    threshold = float(means[best] + standard_errors[best])
    within = np.flatnonzero(means < threshold)
    return int(within[np.argmin(param_counts[within])]), threshold
