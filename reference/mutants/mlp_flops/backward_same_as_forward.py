"""Mutant: the backward pass costs as much as the forward pass (one matrix product per layer
instead of two), so a training step is 2x forward."""

import itertools


def mlp_flops(layer_sizes, batch=1, training=False):
    if len(layer_sizes) < 2 or min(layer_sizes) < 1 or batch < 1:
        raise ValueError("invalid network")
    forward = sum(2 * batch * a * b for a, b in itertools.pairwise(layer_sizes))
    return 2 * forward if training else forward
