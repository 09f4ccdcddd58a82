"""Mutant: spaces the taps inside a window by `stride` (that is dilation) and moves by one."""

import numpy as np


def strided_windows(x, window, stride):
    if window > len(x):
        raise ValueError("window longer than the input")
    span = stride * (window - 1) + 1
    return np.array([x[start : start + span : stride] for start in range(len(x) - span + 1)])
