"""Alternative solution: preallocate the path and fill it row by row with explicit loops."""

import numpy as np


def gradient_descent(A, b, x0, lr, steps):
    d = len(x0)
    path = np.zeros((steps + 1, d))
    path[0] = x0
    for t in range(steps):
        x = path[t]
        for i in range(d):
            gradient_i = sum(A[i, j] * x[j] for j in range(d)) - b[i]
            path[t + 1, i] = x[i] - lr * gradient_i
    return path
