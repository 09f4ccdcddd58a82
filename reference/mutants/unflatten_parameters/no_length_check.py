"""Mutant: never compares len(theta) with the number of parameters, like
torch.nn.utils.vector_to_parameters: extra entries are ignored, and a missing last bias entry
gives a bias that is too short."""

import itertools

import numpy as np


def unflatten_parameters(theta, layer_sizes):
    if min(layer_sizes) < 1:
        raise ValueError("layer sizes must be at least 1")
    theta = np.asarray(theta)
    layers, offset = [], 0
    for n_in, n_out in itertools.pairwise(layer_sizes):
        weight = theta[offset : offset + n_out * n_in].reshape(n_out, n_in)
        offset += n_out * n_in
        layers.append((weight, theta[offset : offset + n_out]))
        offset += n_out
    return layers
