"""Mutant: checks the kernel against the unpadded input, so a kernel that fits only thanks to
the padding (5x5 on a 3x3 input with padding 1) raises ValueError instead of being applied."""

import numpy as np


def _pair(v):
    return (int(v[0]), int(v[1])) if isinstance(v, (tuple, list)) else (int(v), int(v))


def conv2d_forward(x, weight, bias, stride=1, padding=0):
    out_channels, _, kh, kw = weight.shape
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    if kh > x.shape[2] or kw > x.shape[3]:
        raise ValueError("kernel larger than the input")
    padded = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out_h = (padded.shape[2] - kh) // sh + 1
    out_w = (padded.shape[3] - kw) // sw + 1
    out = np.zeros((x.shape[0], out_channels, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = padded[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, :, i, j] = np.einsum("ncab,ocab->no", window, weight)
    if bias is not None:
        out += bias[None, :, None, None]
    return out
