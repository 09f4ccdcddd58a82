"""Mutant: weights the second unit by -2 instead of -4, which flattens the slope to 0 after
z = 1/2 instead of turning it to -2 (a clipped ramp, not a tent)."""

import numpy as np


def sawtooth_network(x, depth):
    z = np.array(x, dtype=np.float64)
    for _ in range(depth):
        z = 2.0 * np.maximum(z, 0.0) - 2.0 * np.maximum(z - 0.5, 0.0)
    return z
