"""Mutant: always counts the short last batch, even when drop_last=True drops it."""

import math


def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    return math.ceil(n / batch_size)
