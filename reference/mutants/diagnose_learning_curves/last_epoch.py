"""Mutant: diagnoses the last epoch of the run instead of the epoch with the lowest validation
loss (the checkpoint early stopping keeps)."""


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("one loss per epoch in each curve")
    last = len(val_loss) - 1
    bias = float(train_loss[last] - target_loss)
    gap = float(val_loss[last] - train_loss[last])
    return last, bias, gap, bias > threshold, gap > threshold
