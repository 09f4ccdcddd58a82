"""Mutant: hard-codes float64, so float32 inputs come back as a float64 product."""

import numpy as np


def device_matmul(a, b):
    return np.asarray(a, dtype=np.float64) @ np.asarray(b, dtype=np.float64)
