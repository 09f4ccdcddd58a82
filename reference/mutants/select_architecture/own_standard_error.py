"""Mutant: lets each configuration in when its mean minus its *own* standard error reaches the
best mean, so a noisy configuration gets a wider band; the rule uses the best one's error."""

import numpy as np


def select_architecture(param_counts, fold_losses):
    num_configs, num_folds = fold_losses.shape
    if num_folds < 2 or len(param_counts) != num_configs:
        raise ValueError("bad shapes")
    means = fold_losses.mean(axis=1)
    standard_errors = fold_losses.std(axis=1, ddof=1) / np.sqrt(num_folds)
    best = int(np.argmin(means))
    within = np.flatnonzero(means - standard_errors <= means[best])
    chosen = int(within[np.argmin(param_counts[within])])
    return chosen, float(means[best] + standard_errors[best])
