"""Alternative solution: one neuron at a time, with explicit sums."""

import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    n, hidden_size, out_size = x.shape[0], W1.shape[0], W2.shape[0]
    out = np.zeros((n, out_size))
    for i in range(n):
        hidden = [max(0.0, float(np.dot(W1[j], x[i]) + b1[j])) for j in range(hidden_size)]
        for k in range(out_size):
            out[i, k] = sum(W2[k, j] * hidden[j] for j in range(hidden_size)) + b2[k]
    return out
