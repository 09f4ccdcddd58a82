"""Mutant: a training step is exactly 3x the forward pass, including an input gradient for the
first layer that nobody needs."""

import itertools


def mlp_flops(layer_sizes, batch=1, training=False):
    if len(layer_sizes) < 2 or min(layer_sizes) < 1 or batch < 1:
        raise ValueError("invalid network")
    forward = sum(2 * batch * a * b for a, b in itertools.pairwise(layer_sizes))
    return 3 * forward if training else forward
