"""Mutant: the right path, but the iterate is x0 itself, updated in place (x -= ...), so the
caller's starting point ends up as the last iterate."""

import numpy as np


def gradient_descent(A, b, x0, lr, steps):
    x = x0
    path = [x.copy()]
    for _ in range(steps):
        x -= lr * (A @ x - b)
        path.append(x.copy())
    return np.stack(path)
