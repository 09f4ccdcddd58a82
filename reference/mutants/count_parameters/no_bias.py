"""Mutant: counts only the weights, forgetting the biases even when bias=True."""

import itertools


def count_parameters(layer_sizes, bias=True):
    return sum(n_in * n_out for n_in, n_out in itertools.pairwise(layer_sizes))
