"""Mutant: db is the mean of grad_out over the batch instead of the sum."""


def linear_module(W, b, x, grad_out):
    y = x @ W.T + b
    rows_x = x.reshape(-1, W.shape[1])
    rows_g = grad_out.reshape(-1, W.shape[0])
    return y, rows_g.T @ rows_x, rows_g.mean(axis=0), grad_out @ W
