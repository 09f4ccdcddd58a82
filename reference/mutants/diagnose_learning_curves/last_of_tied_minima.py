"""Mutant: when the lowest validation loss occurs more than once, takes the last such epoch
(a `<=` in the running minimum) instead of the first."""


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("one loss per epoch in each curve")
    best = 0
    for epoch, loss in enumerate(val_loss):
        if loss <= val_loss[best]:
            best = epoch
    bias = float(train_loss[best] - target_loss)
    gap = float(val_loss[best] - train_loss[best])
    return best, bias, gap, bool(bias > threshold), bool(gap > threshold)
