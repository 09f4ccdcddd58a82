"""Mutant: fires only when the weighted sum is strictly above the threshold."""

import numpy as np


def mcculloch_pitts(inputs, weights, threshold):
    return (np.asarray(inputs) @ np.asarray(weights) > threshold).astype(np.int64)
