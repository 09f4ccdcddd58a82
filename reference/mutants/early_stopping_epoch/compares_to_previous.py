"""Mutant: counts an epoch as an improvement when it beats the previous epoch, not the best."""


def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if patience < 1 or len(val_losses) == 0:
        raise ValueError("bad arguments")
    previous, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < previous - min_delta:
            best_epoch, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
        previous = loss
    return best_epoch, len(val_losses) - 1
