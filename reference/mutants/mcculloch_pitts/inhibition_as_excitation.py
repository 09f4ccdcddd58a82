"""Mutant: takes the absolute value of the weights, so inhibitory inputs excite."""

import numpy as np


def mcculloch_pitts(inputs, weights, threshold):
    return (np.asarray(inputs) @ np.abs(np.asarray(weights)) >= threshold).astype(np.int64)
