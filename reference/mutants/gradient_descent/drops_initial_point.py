"""Mutant: returns only the iterates after each step, without x0 (steps rows, not steps + 1)."""

import numpy as np


def gradient_descent(A, b, x0, lr, steps):
    x = np.array(x0, dtype=np.float64)
    path = []
    for _ in range(steps):
        x = x - lr * (A @ x - b)
        path.append(x)
    return np.array(path).reshape(steps, len(x0))
