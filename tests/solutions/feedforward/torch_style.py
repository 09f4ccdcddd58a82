"""Alternative solution: PyTorch tensors and torch.nn.functional, building no modules.

The grader hands the layers over as tensors; torch.as_tensor also accepts NumPy arrays."""

import torch
import torch.nn.functional as F

ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def feedforward(x, weights, activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}")
    h = x
    for index, (W, b) in enumerate(weights):
        if index > 0:
            h = ACTIVATIONS[activation](h)
        h = F.linear(h, torch.as_tensor(W), torch.as_tensor(b))
    return h
