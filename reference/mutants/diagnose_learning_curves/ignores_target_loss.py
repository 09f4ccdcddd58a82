"""Mutant: takes the training loss itself as the bias, as if a loss of 0 were reachable; with
noisy labels or an irreducible error that calls a good model underfitting."""

import numpy as np


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("one loss per epoch in each curve")
    best = int(np.argmin(val_loss))
    bias = float(train_loss[best])
    gap = float(val_loss[best] - train_loss[best])
    return best, bias, gap, bias > threshold, gap > threshold
