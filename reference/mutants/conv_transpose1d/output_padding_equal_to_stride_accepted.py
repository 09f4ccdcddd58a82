"""Mutant: accepts output_padding = stride: it raises only for output_padding > stride."""

import numpy as np


def conv_transpose1d(x, weight, bias, stride=1, padding=0, output_padding=0):
    if output_padding > stride:
        raise ValueError("output_padding must not exceed stride")
    N, _, L = x.shape
    _, C_out, k = weight.shape
    L_out = (L - 1) * stride - 2 * padding + (k - 1) + output_padding + 1
    if L_out < 1:
        raise ValueError("empty output")
    full = np.zeros((N, C_out, (L - 1) * stride + k + output_padding))
    for j in range(L):
        full[:, :, j * stride : j * stride + k] += np.einsum("nc,cok->nok", x[:, :, j], weight)
    return full[:, :, padding : padding + L_out] + bias[None, :, None]
