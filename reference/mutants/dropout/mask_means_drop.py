"""Mutant: reads the mask as 1 = drop, keeping exactly the units the mask drops."""

import numpy as np


def dropout(x, mask, p, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x
    if p == 1.0:
        return x * 0.0
    return x * (1.0 - np.asarray(mask)) / (1.0 - p)
