"""Mutant: reshapes each layer's weights to (in_features, out_features), Keras's kernel layout,
instead of nn.Linear's (out_features, in_features)."""

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
        weight = np.asarray(theta[offset : offset + n_in * n_out]).reshape(n_in, n_out)
        offset += n_in * n_out
        layers.append((weight, theta[offset : offset + n_out]))
        offset += n_out
    return layers
