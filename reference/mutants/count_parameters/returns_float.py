"""Mutant: the right count, as a float (true division, np.prod of a float array, or float())."""

import itertools


def count_parameters(layer_sizes, bias=True):
    total = sum(
        n_in * n_out + (n_out if bias else 0) for n_in, n_out in itertools.pairwise(layer_sizes)
    )
    return float(total)
