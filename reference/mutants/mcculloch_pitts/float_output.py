"""Mutant: the right 0s and 1s, as floats (np.where(..., 1.0, 0.0) or .astype(float))."""

import numpy as np


def mcculloch_pitts(inputs, weights, threshold):
    return (np.asarray(inputs) @ np.asarray(weights) >= threshold).astype(np.float64)
