"""Mutant: dx = grad_out @ W^T, copying the forward pass's transpose into the backward pass."""


def linear_backward(x, W, b, grad_out):
    return grad_out @ W.T, grad_out.T @ x, grad_out.sum(axis=0)
