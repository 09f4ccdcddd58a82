"""Mutant: inserts `stride` zeros between input samples instead of stride - 1."""

import numpy as np


def conv_transpose1d(x, weight, bias, stride=1, padding=0, output_padding=0):
    if not 0 <= output_padding < stride:
        raise ValueError("output_padding must be smaller than stride")
    N, _, L = x.shape
    _, C_out, k = weight.shape
    step = stride + 1
    L_out = (L - 1) * step - 2 * padding + (k - 1) + output_padding + 1
    if L_out < 1:
        raise ValueError("empty output")
    full = np.zeros((N, C_out, (L - 1) * step + k + output_padding))
    for j in range(L):
        full[:, :, j * step : j * step + k] += np.einsum("nc,cok->nok", x[:, :, j], weight)
    return full[:, :, padding : padding + L_out] + bias[None, :, None]
