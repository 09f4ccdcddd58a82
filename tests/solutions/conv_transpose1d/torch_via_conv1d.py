"""conv_transpose1d for torch tensors, as an ordinary convolution: insert stride - 1 zeros
between samples, pad by k - 1 - padding (plus output_padding on the right), then run conv1d
with the kernel flipped and its two channel axes swapped."""

import torch.nn.functional as F


def conv_transpose1d(x, weight, bias, stride=1, padding=0, output_padding=0):
    if output_padding >= stride:
        raise ValueError("output_padding must be smaller than stride")
    N, C, L = x.shape
    k = weight.shape[2]
    L_out = (L - 1) * stride - 2 * padding + k + output_padding
    if L_out <= 0:
        raise ValueError("padding leaves no output")
    stuffed = x.new_zeros((N, C, (L - 1) * stride + 1))
    stuffed[:, :, ::stride] = x
    edge = k - 1 - padding  # may be negative: F.pad crops then
    stuffed = F.pad(stuffed, (edge, edge + output_padding))
    kernel = weight.transpose(0, 1).flip(2)  # (O, C, k), flipped
    return F.conv1d(stuffed, kernel, bias)
