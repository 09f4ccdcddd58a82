"""Mutant: right for a 2-D batch (N, in), but dW = grad_out.T @ x and db = grad_out.sum(0)
break for an unbatched x (in,) and for extra leading axes (N, T, in)."""

import numpy as np


def linear_module(W, b, x, grad_out):
    y = np.matmul(x, W.T) + b
    return y, grad_out.T @ x, grad_out.sum(axis=0), grad_out @ W
