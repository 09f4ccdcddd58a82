"""Alternative solution: enumerate exponent vectors (a_0, ..., a_{D-1}) with sum k, in the order
of the index tuples, and evaluate prod x_i ** a_i."""

from itertools import combinations_with_replacement

import numpy as np


def polynomial_features(X, degree):
    if degree < 0:
        raise ValueError("negative degree")
    d = X.shape[1]
    exponents = []
    for k in range(degree + 1):
        for combo in combinations_with_replacement(range(d), k):
            exponents.append(np.bincount(np.array(combo, dtype=int), minlength=d))
    powers = np.array(exponents)  # (C, D)
    return np.prod(X[:, None, :] ** powers[None, :, :], axis=2)
