"""Mutant: does not check the batch, so batch=0 gives 0 FLOPs and a negative batch a negative
count, instead of raising ValueError."""

import itertools


def mlp_flops(layer_sizes, batch=1, training=False):
    if len(layer_sizes) < 2 or min(layer_sizes) < 1:
        raise ValueError("invalid network")
    per_layer = [2 * batch * a * b for a, b in itertools.pairwise(layer_sizes)]
    forward = sum(per_layer)
    return 3 * forward - per_layer[0] if training else forward
