"""Alternative solution: one neuron at a time, with plain Python loops."""

import numpy as np


def mcculloch_pitts(inputs, weights, threshold):
    outputs = []
    for sample in inputs:
        total = 0.0
        for x_i, w_i in zip(sample, weights, strict=True):
            total += float(x_i) * float(w_i)
        outputs.append(1 if total >= threshold else 0)
    return np.array(outputs, dtype=np.int64)
