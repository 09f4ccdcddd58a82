"""Mutant: differentiates 1/2 x^T A x as 2 A x (forgets that the 1/2 cancels the 2)."""

import numpy as np


def gradient_descent(A, b, x0, lr, steps):
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    for _ in range(steps):
        x = x - lr * (2 * A @ x - b)
        path.append(x)
    return np.stack(path)
