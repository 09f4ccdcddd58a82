"""Alternative solution: PyTorch tensors in, tensors out, with the functional API."""

import torch.nn.functional as F


def dense_layer(x, W, b):
    return F.linear(x, W, b)
