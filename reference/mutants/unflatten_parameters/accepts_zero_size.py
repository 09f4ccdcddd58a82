"""Mutant: checks the length of theta but not the sizes, so a layer of size 0 gives empty
weight matrices instead of a ValueError."""

import itertools

import numpy as np


def unflatten_parameters(theta, layer_sizes):
    pairs = list(itertools.pairwise(layer_sizes))
    if len(theta) != sum(n_out * (n_in + 1) for n_in, n_out in pairs):
        raise ValueError("theta has the wrong length")
    theta = np.asarray(theta)
    layers, offset = [], 0
    for n_in, n_out in pairs:
        weight = theta[offset : offset + n_out * n_in].reshape(n_out, n_in)
        offset += n_out * n_in
        layers.append((weight, theta[offset : offset + n_out]))
        offset += n_out
    return layers
