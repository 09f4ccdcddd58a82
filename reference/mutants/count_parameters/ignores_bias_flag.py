"""Mutant: always counts the biases, even with bias=False."""

import itertools


def count_parameters(layer_sizes, bias=True):
    return sum(n_in * n_out + n_out for n_in, n_out in itertools.pairwise(layer_sizes))
