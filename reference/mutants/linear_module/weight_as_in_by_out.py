"""Mutant: treats W as (in, out), the Keras/TensorFlow kernel layout: y = x @ W + b, with a
backward pass consistent with that (dW = x^T G, dx = G W^T)."""


def linear_module(W, b, x, grad_out):
    y = x @ W + b
    rows_x = x.reshape(-1, x.shape[-1])
    rows_g = grad_out.reshape(-1, grad_out.shape[-1])
    return y, rows_x.T @ rows_g, rows_g.sum(axis=0), grad_out @ W.T
