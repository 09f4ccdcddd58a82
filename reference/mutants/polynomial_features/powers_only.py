"""Mutant: only the powers of each feature, x_i^k, with no cross terms such as x0*x1."""

import numpy as np


def polynomial_features(X, degree):
    if degree < 0:
        raise ValueError("degree must be at least 0")
    columns = [np.ones(X.shape[0])]
    for k in range(1, degree + 1):
        for i in range(X.shape[1]):
            columns.append(X[:, i] ** k)
    return np.stack(columns, axis=1)
