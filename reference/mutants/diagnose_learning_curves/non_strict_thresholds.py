"""Mutant: flags underfitting and overfitting when the bias or the gap is *equal* to the
threshold, not only above it."""

import numpy as np


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("one loss per epoch in each curve")
    best = int(np.argmin(val_loss))
    bias = float(train_loss[best] - target_loss)
    gap = float(val_loss[best] - train_loss[best])
    return best, bias, gap, bias >= threshold, gap >= threshold
