"""Mutant: checks the dilated kernel against the unpadded input, so a kernel that fits only
thanks to the padding raises ValueError instead of being applied."""

import numpy as np


def conv1d(x, weight, bias, stride=1, padding=0, dilation=1):
    out_channels, _, k = weight.shape
    span = dilation * (k - 1) + 1
    if span > x.shape[2]:
        raise ValueError("the dilated kernel is longer than the input")
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    out_length = (padded.shape[2] - span) // stride + 1
    out = np.zeros((x.shape[0], out_channels, out_length))
    for t in range(out_length):
        taps = padded[:, :, t * stride : t * stride + span : dilation]
        out[:, :, t] = np.einsum("nca,oca->no", taps, weight)
    if bias is not None:
        out += bias[None, :, None]
    return out
