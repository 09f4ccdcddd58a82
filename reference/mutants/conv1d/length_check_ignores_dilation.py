"""Mutant: checks the undilated kernel (k) against the padded input instead of the dilated
span d*(k - 1) + 1, so a dilated kernel that does not fit gives an empty output."""

import numpy as np


def conv1d(x, weight, bias, stride=1, padding=0, dilation=1):
    out_channels, _, k = weight.shape
    span = dilation * (k - 1) + 1
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    if padded.shape[2] < k:
        raise ValueError("kernel longer than the padded input")
    out_length = max((padded.shape[2] - span) // stride + 1, 0)
    out = np.zeros((x.shape[0], out_channels, out_length))
    for t in range(out_length):
        taps = padded[:, :, t * stride : t * stride + span : dilation]
        out[:, :, t] = np.einsum("nca,oca->no", taps, weight)
    if bias is not None:
        out += bias[None, :, None]
    return out
