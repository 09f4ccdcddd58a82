"""Alternative solution: on [0, 1] each layer is the tent map min(2z, 2 - 2z); apply it per
point in a plain loop."""

import numpy as np


def sawtooth_network(x, depth):
    out = np.empty(len(x))
    for i, value in enumerate(x):
        z = float(value)
        for _ in range(depth):
            z = min(2 * z, 2 - 2 * z)
        out[i] = z
    return out
