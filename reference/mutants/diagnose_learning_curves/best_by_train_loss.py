"""Mutant: takes the epoch with the lowest *training* loss as the best one (usually the last),
so the diagnosis is made at an overfitted checkpoint that early stopping would not keep."""

import numpy as np


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("one loss per epoch in each curve")
    best = int(np.argmin(train_loss))
    bias = float(train_loss[best] - target_loss)
    gap = float(val_loss[best] - train_loss[best])
    return best, bias, gap, bias > threshold, gap > threshold
