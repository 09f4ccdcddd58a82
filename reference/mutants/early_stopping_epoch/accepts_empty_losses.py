"""Mutant: checks patience but not for an empty list, so no epochs gives (0, -1)."""


def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if patience < 1:
        raise ValueError(f"patience must be at least 1, got {patience}")
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
