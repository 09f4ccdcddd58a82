"""Alternative solution: one pass over the epochs with a strict `<`, which keeps the first of
equal validation losses."""


def diagnose_learning_curves(train_loss, val_loss, target_loss, threshold):
    if len(train_loss) != len(val_loss):
        raise ValueError("the curves must cover the same epochs")
    best = 0
    for epoch in range(1, len(val_loss)):
        if val_loss[epoch] < val_loss[best]:
            best = epoch
    train, val = float(train_loss[best]), float(val_loss[best])
    avoidable_bias = train - target_loss
    gap = val - train
    return best, avoidable_bias, gap, avoidable_bias > threshold, gap > threshold
