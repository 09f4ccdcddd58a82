"""Mutant: gives every unit a bias, the input units included (sum of all sizes)."""

import itertools


def count_parameters(layer_sizes, bias=True):
    weights = sum(n_in * n_out for n_in, n_out in itertools.pairwise(layer_sizes))
    return weights + (sum(layer_sizes) if bias else 0)
