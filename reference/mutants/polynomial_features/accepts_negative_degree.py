"""Mutant: starts from the column of ones and loops over degrees 1..degree, so a negative
degree returns that column instead of raising ValueError."""

import itertools

import numpy as np


def polynomial_features(X, degree):
    columns = [np.ones(X.shape[0])]
    for k in range(1, degree + 1):
        for combo in itertools.combinations_with_replacement(range(X.shape[1]), k):
            columns.append(np.prod(X[:, list(combo)], axis=1))
    return np.stack(columns, axis=1)
