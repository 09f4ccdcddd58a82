"""Mutant: itertools.product over the features, so x0*x1 and x1*x0 are both columns: D^k
columns of degree k instead of C(D + k - 1, k)."""

import itertools

import numpy as np


def polynomial_features(X, degree):
    if degree < 0:
        raise ValueError("degree must be at least 0")
    columns = [np.ones(X.shape[0])]
    for k in range(1, degree + 1):
        for combo in itertools.product(range(X.shape[1]), repeat=k):
            columns.append(np.prod(X[:, list(combo)], axis=1))
    return np.stack(columns, axis=1)
