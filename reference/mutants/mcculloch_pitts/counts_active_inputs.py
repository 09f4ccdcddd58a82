"""Mutant: ignores the weights and counts the active inputs."""

import numpy as np


def mcculloch_pitts(inputs, weights, threshold):
    return (np.asarray(inputs).sum(axis=1) >= threshold).astype(np.int64)
