"""Alternative solution: let autograd do it, through nn.Linear with the given weights."""

import torch
from torch import nn


def linear_backward(x, W, b, grad_out):
    layer = nn.Linear(W.shape[1], W.shape[0], dtype=W.dtype)
    with torch.no_grad():
        layer.weight.copy_(W)
        layer.bias.copy_(b)
    x = x.clone().requires_grad_(True)
    layer(x).backward(grad_out)
    return x.grad, layer.weight.grad, layer.bias.grad
