"""Mutant: never checks the number of folds; with k = 1 the sample standard deviation is NaN
(with a warning), no mean is <= NaN, and it returns an index with a NaN threshold instead of
raising ValueError."""

import numpy as np


def select_architecture(param_counts, fold_losses):
    num_configs, num_folds = fold_losses.shape
    if len(param_counts) != num_configs:
        raise ValueError("one parameter count per configuration")
    means = fold_losses.mean(axis=1)
    standard_errors = fold_losses.std(axis=1, ddof=1) / np.sqrt(num_folds)
    best = int(np.argmin(means))
    threshold = float(means[best] + standard_errors[best])
    counts = np.where(means <= threshold, param_counts, np.iinfo(np.int64).max)
    return int(np.argmin(counts)), threshold
