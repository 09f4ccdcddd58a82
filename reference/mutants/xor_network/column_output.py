"""Mutant: a correct XOR network that returns the output layer as it is, shape (N, 1), instead
of the (N,) predictions."""

import numpy as np


def xor_network(x):
    W1, b1 = np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([-0.5, 1.5])
    W2, b2 = np.array([[1.0, 1.0]]), np.array([-1.5])
    hidden = (x @ W1.T + b1 >= 0).astype(float)
    return (hidden @ W2.T + b2 >= 0).astype(float)
