"""Mutant: checks for an empty list but not for patience < 1, so patience 0 returns a result."""


def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if len(val_losses) == 0:
        raise ValueError("no validation losses")
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
