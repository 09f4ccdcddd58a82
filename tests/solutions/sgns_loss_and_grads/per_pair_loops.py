"""Alternative solution: one training pair and one negative at a time, with math.exp and a
stable softplus; accumulating into the gradient rows with += inside the loop is safe."""

import math

import numpy as np


def _softplus(x):
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sgns_loss_and_grads(center, context, negatives, W_in, W_out):
    batch = len(center)
    d_in, d_out = np.zeros(W_in.shape), np.zeros(W_out.shape)
    total = 0.0
    for b in range(batch):
        c, o = int(center[b]), int(context[b])
        v = W_in[c]
        s = float(W_out[o] @ v)
        total += _softplus(-s)
        g = (_sigmoid(s) - 1.0) / batch
        d_in[c] += g * W_out[o]
        d_out[o] += g * v
        for k in negatives[b]:
            k = int(k)
            s = float(W_out[k] @ v)
            total += _softplus(s)
            g = _sigmoid(s) / batch
            d_in[c] += g * W_out[k]
            d_out[k] += g * v
    return total / batch, d_in, d_out
