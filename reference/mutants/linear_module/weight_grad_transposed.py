"""Mutant: the forward pass is right, but dW = x^T G has shape (in, out), the transpose of the
weight's shape."""


def linear_module(W, b, x, grad_out):
    y = x @ W.T + b
    rows_x = x.reshape(-1, W.shape[1])
    rows_g = grad_out.reshape(-1, W.shape[0])
    return y, rows_x.T @ rows_g, rows_g.sum(axis=0), grad_out @ W
