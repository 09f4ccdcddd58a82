"""Mutant: reads each layer's bias before its weight; nn.Linear registers (and
parameters() yields) the weight first."""

import itertools

import numpy as np


def unflatten_parameters(theta, layer_sizes):
    if min(layer_sizes) < 1:
        raise ValueError("layer sizes must be at least 1")
    pairs = list(itertools.pairwise(layer_sizes))
    if len(theta) != sum(n_out * (n_in + 1) for n_in, n_out in pairs):
        raise ValueError("theta has the wrong length")
    layers, offset = [], 0
    for n_in, n_out in pairs:
        bias = np.asarray(theta[offset : offset + n_out])
        offset += n_out
        weight = np.asarray(theta[offset : offset + n_out * n_in]).reshape(n_out, n_in)
        offset += n_out * n_in
        layers.append((weight, bias))
    return layers
