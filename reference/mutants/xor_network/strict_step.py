"""Mutant: weights whose boundaries pass exactly through the corners, used with step(z) = [z > 0]
instead of [z >= 0]: the OR unit becomes AND, the AND unit never fires, and the output is all 0."""

import numpy as np


def xor_network(x):
    W1, b1 = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-1.0, -2.0])
    W2, b2 = np.array([[1.0, -1.0]]), np.array([-1.0])
    hidden = (x @ W1.T + b1 > 0).astype(float)
    return (hidden @ W2.T + b2 > 0).astype(float)[:, 0]
