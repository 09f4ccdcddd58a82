"""Mutant: adds the hidden bias after the ReLU instead of before it."""

import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    hidden = np.maximum(x @ W1.T, 0.0) + b1
    return hidden @ W2.T + b2
