"""Mutant: zero-stuffs and pads the input, then cross-correlates with the kernel unflipped."""

import numpy as np


def conv_transpose1d(x, weight, bias, stride=1, padding=0, output_padding=0):
    if not 0 <= output_padding < stride:
        raise ValueError("output_padding must be smaller than stride")
    N, C, L = x.shape
    k = weight.shape[2]
    L_out = (L - 1) * stride - 2 * padding + (k - 1) + output_padding + 1
    if L_out < 1:
        raise ValueError("empty output")
    stuffed = np.zeros((N, C, (L - 1) * stride + 1))
    stuffed[:, :, ::stride] = x
    padded = np.pad(stuffed, ((0, 0), (0, 0), (k - 1, k - 1 + output_padding)))
    full_length = padded.shape[2] - k + 1
    full = np.stack(
        [np.einsum("nck,cok->no", padded[:, :, m : m + k], weight) for m in range(full_length)],
        axis=2,
    )  # the kernel should be flipped: weight[:, :, ::-1]
    return full[:, :, padding : padding + L_out] + bias[None, :, None]
