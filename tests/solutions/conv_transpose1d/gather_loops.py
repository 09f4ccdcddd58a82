"""conv_transpose1d as a gather: each output position sums the inputs whose kernel copy covers
it, out[m] = sum over j, t with j * stride + t = m + padding of x[j] * w[t]."""

import numpy as np


def conv_transpose1d(x, weight, bias, stride=1, padding=0, output_padding=0):
    if output_padding >= stride:
        raise ValueError("output_padding must be smaller than stride")
    N, _, L = x.shape
    _, C_out, k = weight.shape
    L_out = (L - 1) * stride - 2 * padding + k + output_padding
    if L_out <= 0:
        raise ValueError("padding leaves no output")
    out = np.empty((N, C_out, L_out))
    for m in range(L_out):
        total = np.zeros((N, C_out))
        position = m + padding
        for j in range(L):
            t = position - j * stride
            if 0 <= t < k:
                total += x[:, :, j] @ weight[:, :, t]
        out[:, :, m] = total + bias
    return out
