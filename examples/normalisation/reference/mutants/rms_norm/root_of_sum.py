"""Mutant of rms_norm: the root of the sum of squares instead of their mean."""

import numpy as np


def rms_norm(x, weight, eps=1e-6):
    return weight * x / np.sqrt((x**2).sum(axis=-1, keepdims=True) + eps)
