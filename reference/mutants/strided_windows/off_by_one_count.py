"""Mutant: loops over range(0, len(x) - window, stride), which misses the last window that fits."""

import numpy as np


def strided_windows(x, window, stride):
    if window > len(x):
        raise ValueError("window longer than the input")
    return np.array([x[start : start + window] for start in range(0, len(x) - window, stride)])
