"""Alternative solution: move the window along with a while loop and copy each one."""

import numpy as np


def strided_windows(x, window, stride):
    if window > len(x):
        raise ValueError(f"a window of {window} does not fit in {len(x)} elements")
    rows = []
    start = 0
    while start + window <= len(x):
        rows.append([float(v) for v in x[start : start + window]])
        start += stride
    return np.array(rows, dtype=np.float64).reshape(len(rows), window)
