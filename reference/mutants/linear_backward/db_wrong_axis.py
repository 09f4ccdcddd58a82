"""Mutant: sums grad_out over the output axis (per sample) instead of over the batch."""


def linear_backward(x, W, b, grad_out):
    return grad_out @ W, grad_out.T @ x, grad_out.sum(axis=1)
