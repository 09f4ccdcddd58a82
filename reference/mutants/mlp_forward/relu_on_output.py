"""Mutant: applies the ReLU to the output layer too, so no output can be negative."""

import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    hidden = np.maximum(x @ W1.T + b1, 0.0)
    return np.maximum(hidden @ W2.T + b2, 0.0)
