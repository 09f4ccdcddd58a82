"""Mutant: dW = input^T @ upstream, shaped (in, out) like a Keras kernel instead of the
(out, in) of W1 and W2."""

import numpy as np


def mlp_backward(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.maximum(Z1, 0.0)
    Y_hat = A1 @ W2.T + b2
    residual = Y_hat - Y
    loss = float(np.mean(residual**2))
    dY_hat = 2.0 * residual / residual.size
    dW2 = A1.T @ dY_hat
    db2 = dY_hat.sum(axis=0)
    dZ1 = (dY_hat @ W2) * (Z1 > 0)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"loss": loss, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
