"""Mutant: widens the band by the standard deviation of the fold losses, forgetting to divide it
by sqrt(k) to get the standard error of the mean."""

import numpy as np


def select_architecture(param_counts, fold_losses):
    num_configs, num_folds = fold_losses.shape
    if num_folds < 2 or len(param_counts) != num_configs:
        raise ValueError("bad shapes")
    means = fold_losses.mean(axis=1)
    spreads = fold_losses.std(axis=1, ddof=1)
    best = int(np.argmin(means))
    threshold = float(means[best] + spreads[best])
    within = np.flatnonzero(means <= threshold)
    return int(within[np.argmin(param_counts[within])]), threshold
