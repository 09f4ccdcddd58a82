"""Alternative solution: compute every cut point first with np.cumsum, then np.split."""

import itertools

import numpy as np


def unflatten_parameters(theta, layer_sizes):
    sizes = [int(n) for n in layer_sizes]
    if min(sizes) < 1:
        raise ValueError(f"layer sizes must be positive, got {sizes}")
    shapes = []
    for n_in, n_out in itertools.pairwise(sizes):
        shapes += [(n_out, n_in), (n_out,)]
    counts = [int(np.prod(shape)) for shape in shapes]
    if len(theta) != sum(counts):
        raise ValueError(f"expected {sum(counts)} parameters, got {len(theta)}")
    pieces = np.split(np.asarray(theta), np.cumsum(counts)[:-1])
    arrays = [piece.reshape(shape) for piece, shape in zip(pieces, shapes, strict=True)]
    return [(arrays[i], arrays[i + 1]) for i in range(0, len(arrays), 2)]
