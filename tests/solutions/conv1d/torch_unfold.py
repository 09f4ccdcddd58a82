"""Alternative solution: tensors in and out; Tensor.unfold cuts the windows, einsum sums them."""

import torch
import torch.nn.functional as F


def conv1d(x, weight, bias, stride=1, padding=0, dilation=1):
    k = weight.shape[-1]
    span = dilation * (k - 1) + 1
    padded = F.pad(x, (padding, padding))
    if padded.shape[-1] < span:
        raise ValueError("kernel does not fit")
    windows = padded.unfold(2, span, stride)[..., ::dilation]  # (N, C, L', k)
    out = torch.einsum("nclk,ock->nol", windows, weight)
    if bias is not None:
        out = out + bias[:, None]
    return out
