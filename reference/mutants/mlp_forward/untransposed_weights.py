"""Mutant: multiplies by W instead of W^T (treats the weights as (in, out))."""

import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    hidden = np.maximum(x @ W1 + b1, 0.0)
    return hidden @ W2 + b2
