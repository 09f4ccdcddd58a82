"""Alternative solution: element by element, with one running index into theta."""

import numpy as np


def unflatten_parameters(theta, layer_sizes):
    for n in layer_sizes:
        if n < 1:
            raise ValueError("every layer needs at least one unit")
    total = 0
    for i in range(len(layer_sizes) - 1):
        total += layer_sizes[i + 1] * layer_sizes[i] + layer_sizes[i + 1]
    if len(theta) != total:
        raise ValueError("wrong number of parameters")
    result = []
    k = 0
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        W = np.zeros((n_out, n_in))
        for row in range(n_out):
            for col in range(n_in):
                W[row, col] = theta[k]
                k += 1
        b = np.zeros(n_out)
        for row in range(n_out):
            b[row] = theta[k]
            k += 1
        result.append((W, b))
    return result
