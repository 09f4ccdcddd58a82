"""Mutant: adds the threshold like a bias (w.x + threshold >= 0) instead of subtracting it."""

import numpy as np


def mcculloch_pitts(inputs, weights, threshold):
    return (np.asarray(inputs) @ np.asarray(weights) + threshold >= 0).astype(np.int64)
