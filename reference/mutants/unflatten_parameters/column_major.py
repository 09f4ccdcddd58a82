"""Mutant: the weight has the right shape (out_features, in_features) but is filled column by
column (Fortran order), so row j is not the j-th run of in_features entries."""

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
        chunk = np.asarray(theta[offset : offset + n_out * n_in])
        layers.append(
            (
                chunk.reshape(n_out, n_in, order="F"),
                theta[offset + n_out * n_in : offset + n_out * (n_in + 1)],
            )
        )
        offset += n_out * (n_in + 1)
    return layers
