"""Mutant: measures the avoidable bias on the validation loss (validation - target), which mixes
the generalisation gap into the bias: an overfitting model looks like an underfitting one."""

import numpy as np


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("one loss per epoch in each curve")
    best = int(np.argmin(val_loss))
    bias = float(val_loss[best] - target_loss)
    gap = float(val_loss[best] - train_loss[best])
    return best, bias, gap, bias > threshold, gap > threshold
