"""Mutant: the gap is training minus validation loss, so its sign is reversed: a model that does
much better on training data gets a negative gap, and validation below training looks like
overfitting."""

import numpy as np


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("one loss per epoch in each curve")
    best = int(np.argmin(val_loss))
    bias = float(train_loss[best] - target_loss)
    gap = float(train_loss[best] - val_loss[best])
    return best, bias, gap, bias > threshold, gap > threshold
