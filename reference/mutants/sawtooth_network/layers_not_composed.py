"""Mutant: feeds the input x to every layer instead of the previous layer's output, so the
layers work side by side (like a wider shallow net) rather than one after another."""

import numpy as np


def sawtooth_network(x, depth):
    x = np.array(x, dtype=np.float64)
    z = x
    for _ in range(depth):
        z = 2.0 * np.maximum(x, 0.0) - 4.0 * np.maximum(x - 0.5, 0.0)
    return z
