"""Alternative solution: the textbook form, which only touches the weights on a mistake."""

import numpy as np


def perceptron_step(w, b, x, y, lr):
    predicted_positive = float(np.dot(w, x)) + b >= 0
    if y == 1 and not predicted_positive:
        return w + lr * x, b + lr
    if y == 0 and predicted_positive:
        return w - lr * x, b - lr
    return np.array(w, copy=True), b
