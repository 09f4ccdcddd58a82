"""Mutant: uses the raw activation w.x + b instead of the step output (the delta / LMS rule)."""

import numpy as np


def perceptron_step(w, b, x, y, lr):
    activation = np.dot(w, x) + b
    error = y - activation
    return w + lr * error * x, float(b + lr * error)
