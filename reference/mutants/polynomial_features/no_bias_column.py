"""Mutant: starts at degree 1, so the constant column of ones (the degree-0 monomial) is
missing."""

import itertools

import numpy as np


def polynomial_features(X, degree):
    if degree < 0:
        raise ValueError("degree must be at least 0")
    columns = [
        np.prod(X[:, list(combo)], axis=1)
        for k in range(1, degree + 1)
        for combo in itertools.combinations_with_replacement(range(X.shape[1]), k)
    ]
    return np.stack(columns, axis=1) if columns else np.zeros((X.shape[0], 0))
