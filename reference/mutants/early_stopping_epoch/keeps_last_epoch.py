"""Mutant: keeps the weights of the epoch where training stopped instead of the best one."""


def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    if patience < 1 or len(val_losses) == 0:
        raise ValueError("bad arguments")
    best, wait = float("inf"), 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, epoch
    return len(val_losses) - 1, len(val_losses) - 1
