"""Mutant: dW = x^T @ grad_out, shaped (D, M) like Keras's kernel instead of W's (M, D)."""


def linear_backward(x, W, b, grad_out):
    return grad_out @ W, x.T @ grad_out, grad_out.sum(axis=0)
