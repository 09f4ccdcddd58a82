"""Mutant: applies the +-1 form of the rule (w += lr * (2y - 1) * x) on every sample, even
when the prediction is already correct."""

import numpy as np


def perceptron_step(w, b, x, y, lr):
    direction = 2 * y - 1
    return w + lr * direction * np.asarray(x), float(b + lr * direction)
