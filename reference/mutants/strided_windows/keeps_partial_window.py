"""Mutant: rounds the window count up and zero-fills the incomplete last window."""

import numpy as np


def strided_windows(x, window, stride):
    if window > len(x):
        raise ValueError("window longer than the input")
    count = -(-(len(x) - window) // stride) + 1  # ceil instead of floor
    padded = np.concatenate([x, np.zeros(count * stride + window)])
    return np.array([padded[i * stride : i * stride + window] for i in range(count)])
