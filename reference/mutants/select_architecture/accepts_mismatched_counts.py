"""Mutant: never checks that there is one parameter count per configuration; extra counts are
silently ignored instead of raising ValueError."""

import numpy as np


def select_architecture(param_counts, fold_losses):
    num_folds = fold_losses.shape[1]
    if num_folds < 2:
        raise ValueError("need at least two folds")
    means = fold_losses.mean(axis=1)
    standard_errors = fold_losses.std(axis=1, ddof=1) / np.sqrt(num_folds)
    best = int(np.argmin(means))
    threshold = float(means[best] + standard_errors[best])
    within = np.flatnonzero(means <= threshold)
    return int(within[np.argmin(param_counts[within])]), threshold
