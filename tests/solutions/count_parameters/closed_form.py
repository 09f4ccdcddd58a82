"""Alternative solution: NumPy over consecutive pairs, sum(n_in * n_out) + sum(n_out)."""

import numpy as np


def count_parameters(layer_sizes, bias=True):
    sizes = np.asarray(layer_sizes, dtype=np.int64)
    weights = int(np.sum(sizes[:-1] * sizes[1:]))
    biases = int(np.sum(sizes[1:])) if bias else 0
    return weights + biases
