"""Mutant: the update has the wrong sign (lr * (y_hat - y)), moving away from the answer."""

import numpy as np


def perceptron_step(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    error = y_hat - y
    return w + lr * error * x, float(b + lr * error)
