"""Alternative solution: an EarlyStopping object fed one epoch at a time, like a training loop."""


class EarlyStopping:
    def __init__(self, patience, min_delta=0.0):
        if patience < 1:
            raise ValueError("patience must be at least 1")
        self.patience, self.min_delta = patience, min_delta
        self.best, self.best_epoch, self.bad_epochs = None, None, 0

    def step(self, epoch, loss):
        """Record one epoch's validation loss; True when training should stop."""
        if self.best is None or self.best - loss > self.min_delta:
            self.best, self.best_epoch, self.bad_epochs = loss, epoch, 0
            return False
        self.bad_epochs += 1
        return self.bad_epochs >= self.patience


def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    stopper = EarlyStopping(patience, min_delta)
    if len(val_losses) == 0:
        raise ValueError("no validation losses")
    epoch = 0
    for epoch, loss in enumerate(val_losses):
        if stopper.step(epoch, float(loss)):
            break
    return stopper.best_epoch, epoch
