"""Mutant: adds the bias additions on top, 2 * n_in * n_out + n_out per sample per layer."""

import itertools


def mlp_flops(layer_sizes, batch=1, training=False):
    if len(layer_sizes) < 2 or min(layer_sizes) < 1 or batch < 1:
        raise ValueError("invalid network")
    per_layer = [batch * (2 * a * b + b) for a, b in itertools.pairwise(layer_sizes)]
    forward = sum(per_layer)
    return 3 * forward - per_layer[0] if training else forward
