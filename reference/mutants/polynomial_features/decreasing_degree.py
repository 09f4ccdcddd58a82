"""Mutant: the highest degree first and the constant last, the order of np.vander's default
(decreasing powers), instead of increasing degree."""

import itertools

import numpy as np


def polynomial_features(X, degree):
    if degree < 0:
        raise ValueError("degree must be at least 0")
    columns = []
    for k in range(degree, -1, -1):
        for combo in itertools.combinations_with_replacement(range(X.shape[1]), k):
            columns.append(np.prod(X[:, list(combo)], axis=1) if combo else np.ones(len(X)))
    return np.stack(columns, axis=1)
