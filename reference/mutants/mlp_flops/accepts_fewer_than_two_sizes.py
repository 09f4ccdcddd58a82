"""Mutant: does not check that there are at least 2 sizes, so [784] (no layer) counts 0 FLOPs
instead of raising ValueError."""

import itertools


def mlp_flops(layer_sizes, batch=1, training=False):
    if min(layer_sizes) < 1 or batch < 1:
        raise ValueError("invalid network")
    per_layer = [2 * batch * a * b for a, b in itertools.pairwise(layer_sizes)]
    forward = sum(per_layer)
    return 3 * forward - per_layer[0] if training else forward
