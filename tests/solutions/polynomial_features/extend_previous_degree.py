"""Alternative solution: build degree k from degree k - 1. A monomial whose last feature is i
is extended only by features j >= i, which keeps every multiset once and in order."""

import numpy as np


def polynomial_features(X, degree):
    if degree < 0:
        raise ValueError(f"degree must be non-negative, got {degree}")
    n, d = X.shape
    blocks = [np.ones((n, 1))]
    previous_values = np.ones((n, 1))
    previous_last = [0]  # the last feature index of each monomial (any j >= 0 may follow 1)
    for _ in range(degree):
        values, last = [], []
        for column, start in enumerate(previous_last):
            for j in range(start, d):
                values.append(previous_values[:, column] * X[:, j])
                last.append(j)
        previous_values, previous_last = np.stack(values, axis=1), last
        blocks.append(previous_values)
    return np.concatenate(blocks, axis=1)
