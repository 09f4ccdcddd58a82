"""Mutant: applies the tent layer depth - 1 times (the loop starts at 1)."""

import numpy as np


def sawtooth_network(x, depth):
    z = np.array(x, dtype=np.float64)
    for _ in range(1, depth):
        z = 2.0 * np.maximum(z, 0.0) - 4.0 * np.maximum(z - 0.5, 0.0)
    return z
