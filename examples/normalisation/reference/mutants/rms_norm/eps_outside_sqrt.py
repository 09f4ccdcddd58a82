"""Mutant of rms_norm: eps added to the root mean square instead of under the root."""

import numpy as np


def rms_norm(x, weight, eps=1e-6):
    return weight * x / (np.sqrt((x**2).mean(axis=-1, keepdims=True)) + eps)
