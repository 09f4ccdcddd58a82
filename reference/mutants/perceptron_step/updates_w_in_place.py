"""Mutant: the right update, applied to w in place (w += ...) and w returned, so the caller's
weights change too."""

import numpy as np


def perceptron_step(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    error = y - y_hat
    w += lr * error * x
    return w, float(b + lr * error)
