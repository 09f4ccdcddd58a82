"""Mutant: computes in float16, as .half() or a forgotten autocast region would."""

import numpy as np


def device_matmul(a, b):
    return np.asarray(a, dtype=np.float16) @ np.asarray(b, dtype=np.float16)
