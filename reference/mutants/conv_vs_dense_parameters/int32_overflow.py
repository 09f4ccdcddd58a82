"""Mutant: the right formulas computed in 32-bit integers, so a dense count above 2**31 - 1
wraps around (the ImageNet case)."""

import numpy as np


def conv_vs_dense_parameters(h, w, c_in, c_out, k):
    h, w, c_in, c_out, k = (np.int32(v) for v in (h, w, c_in, c_out, k))
    with np.errstate(over="ignore"):
        inputs, outputs = c_in * h * w, c_out * h * w
        return c_out * (c_in * k * k + 1), inputs * outputs + outputs
