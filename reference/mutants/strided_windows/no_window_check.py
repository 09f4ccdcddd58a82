"""Mutant: never checks that the window fits; a window longer than x gives an empty
(0, window) array instead of a ValueError."""

import numpy as np


def strided_windows(x, window, stride):
    count = max((len(x) - window) // stride + 1, 0)
    starts = np.arange(count) * stride
    return x[starts[:, None] + np.arange(window)[None, :]]
