"""Mutant: one step unit straight on the inputs (no hidden layer); the best it can do is OR."""

import numpy as np


def xor_network(x):
    return (x @ np.array([1.0, 1.0]) - 0.5 >= 0).astype(float)
