"""Mutant: averages dW and db over the batch, though grad_out already holds the loss's 1/N."""


def linear_backward(x, W, b, grad_out):
    n = x.shape[0]
    return grad_out @ W, grad_out.T @ x / n, grad_out.sum(axis=0) / n
