"""Mutant: updates the weights but forgets to update the bias."""

import numpy as np


def perceptron_step(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    error = y - y_hat
    return w + lr * error * x, float(b)
