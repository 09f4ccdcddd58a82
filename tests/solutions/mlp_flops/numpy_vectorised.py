"""Alternative solution: the sums with numpy, converted back to a Python int."""

import numpy as np


def mlp_flops(layer_sizes, batch=1, training=False):
    sizes = np.asarray(layer_sizes, dtype=object)  # object: Python ints never overflow
    if sizes.size < 2 or min(layer_sizes) < 1 or batch < 1:
        raise ValueError("invalid layer sizes or batch")
    per_layer = 2 * batch * sizes[:-1] * sizes[1:]
    forward = int(per_layer.sum())
    if training:
        return 3 * forward - int(per_layer[0])
    return forward
