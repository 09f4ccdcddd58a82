"""Alternative solution: the chain rule one sample and one entry at a time."""

import numpy as np


def linear_backward(x, W, b, grad_out):
    n, d = x.shape
    m = W.shape[0]
    dx, dW, db = np.zeros((n, d)), np.zeros((m, d)), np.zeros(m)
    for i in range(n):
        for j in range(m):
            g = grad_out[i, j]  # dL/dy[i, j]; y[i, j] = sum_k x[i, k] W[j, k] + b[j]
            db[j] += g
            for k in range(d):
                dW[j, k] += g * x[i, k]
                dx[i, k] += g * W[j, k]
    return dx, dW, db
