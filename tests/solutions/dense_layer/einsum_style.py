"""Alternative solution: einsum over the last axis, any number of leading axes."""

import numpy as np


def dense_layer(x, W, b):
    return np.einsum("...d,md->...m", x, W) + b
