"""Mutant: picks the best epoch as the argmin of the whole list, including epochs after the
stop that were never trained."""

import numpy as np


def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if patience < 1 or len(val_losses) == 0:
        raise ValueError("bad arguments")
    best, wait, stop = float("inf"), 0, len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                stop = epoch
                break
    return int(np.argmin(val_losses)), stop
