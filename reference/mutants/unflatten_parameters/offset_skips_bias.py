"""Mutant: moves the offset past each weight but not past the bias, so the next layer's weights
start at this layer's bias."""

import itertools

import numpy as np


def unflatten_parameters(theta, layer_sizes):
    if min(layer_sizes) < 1:
        raise ValueError("layer sizes must be at least 1")
    pairs = list(itertools.pairwise(layer_sizes))
    if len(theta) != sum(n_out * (n_in + 1) for n_in, n_out in pairs):
        raise ValueError("theta has the wrong length")
    theta = np.asarray(theta)
    layers, offset = [], 0
    for n_in, n_out in pairs:
        weight = theta[offset : offset + n_out * n_in].reshape(n_out, n_in)
        offset += n_out * n_in
        layers.append((weight, theta[offset : offset + n_out]))
    return layers
