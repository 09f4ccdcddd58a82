"""Mutant: never checks that the two curves have the same number of epochs; with a shorter
validation curve it silently diagnoses a run that does not exist instead of raising ValueError."""

import numpy as np


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    best = int(np.argmin(val_loss))
    bias = float(train_loss[best] - target_loss)
    gap = float(val_loss[best] - train_loss[best])
    return best, bias, gap, bias > threshold, gap > threshold
