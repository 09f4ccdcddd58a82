"""Alternative solution: backpropagate one sample at a time and accumulate the gradients."""

import numpy as np


def mlp_backward(X, Y, W1, b1, W2, b2):
    n, k = Y.shape
    dW1, db1 = np.zeros_like(W1), np.zeros_like(b1)
    dW2, db2 = np.zeros_like(W2), np.zeros_like(b2)
    total = 0.0
    for x, y in zip(X, Y, strict=True):
        z = W1 @ x + b1
        active = z > 0
        hidden = np.where(active, z, 0.0)
        error = W2 @ hidden + b2 - y
        total += float(error @ error)
        d_out = 2.0 * error / (n * k)
        dW2 += np.outer(d_out, hidden)
        db2 += d_out
        d_z = np.where(active, W2.T @ d_out, 0.0)
        dW1 += np.outer(d_z, x)
        db1 += d_z
    return {"loss": total / (n * k), "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
