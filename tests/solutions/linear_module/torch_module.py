"""Alternative solution: a real torch.nn.Module with torch.nn.Parameter; autograd does the
backward pass and fills .grad."""

import torch


class Linear(torch.nn.Module):
    def __init__(self, weight, bias):
        super().__init__()
        self.weight = torch.nn.Parameter(weight.detach().clone())
        self.bias = torch.nn.Parameter(bias.detach().clone())

    def forward(self, x):
        return x @ self.weight.T + self.bias


def linear_module(W, b, x, grad_out):
    layer = Linear(W, b)
    x = x.detach().clone().requires_grad_()
    y = layer(x)
    y.backward(grad_out)
    return y.detach(), layer.weight.grad, layer.bias.grad, x.grad
