"""Mutant: leaves out the ReLUs, so each layer is the linear map z -> 2z - 4(z - 1/2)."""

import numpy as np


def sawtooth_network(x, depth):
    z = np.array(x, dtype=np.float64)
    for _ in range(depth):
        z = 2.0 * z - 4.0 * (z - 0.5)
    return z
