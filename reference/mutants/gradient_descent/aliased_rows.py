"""Mutant: updates x in place and appends the same array every step, so every row of the path
is the final iterate."""

import numpy as np


def gradient_descent(A, b, x0, lr, steps):
    x = np.array(x0, dtype=np.float64)
    path = [x]
    for _ in range(steps):
        x -= lr * (A @ x - b)
        path.append(x)
    return np.stack(path)
