"""Mutant: applies a ReLU, as if the activation were part of the dense layer."""

import numpy as np


def dense_layer(x, W, b):
    return np.maximum(x @ W.T + b, 0.0)
