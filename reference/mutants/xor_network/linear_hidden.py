"""Mutant: XOR weights (OR - 2 AND) but no step on the hidden layer, so the network is a single
linear threshold (here 2 - x1 - x2 >= 0, which is always true on the corners)."""

import numpy as np


def xor_network(x):
    W1, b1 = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5])
    W2, b2 = np.array([[1.0, -2.0]]), np.array([-0.5])
    hidden = x @ W1.T + b1
    return (hidden @ W2.T + b2 >= 0).astype(float)[:, 0]
