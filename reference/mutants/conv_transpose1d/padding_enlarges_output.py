"""Mutant: treats padding as in a normal convolution, adding zeros around the output."""

import numpy as np


def conv_transpose1d(x, weight, bias, stride=1, padding=0, output_padding=0):
    if not 0 <= output_padding < stride:
        raise ValueError("output_padding must be smaller than stride")
    N, _, L = x.shape
    _, C_out, k = weight.shape
    full = np.zeros((N, C_out, (L - 1) * stride + k + output_padding))
    for j in range(L):
        full[:, :, j * stride : j * stride + k] += np.einsum("nc,cok->nok", x[:, :, j], weight)
    full = np.pad(full, ((0, 0), (0, 0), (padding, padding)))
    return full + bias[None, :, None]
