"""Mutant: adds the gradient instead of subtracting it (gradient ascent)."""

import numpy as np


def gradient_descent(A, b, x0, lr, steps):
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    for _ in range(steps):
        x = x + lr * (A @ x - b)
        path.append(x)
    return np.stack(path)
