"""Mutant: divides with `/`, returning a float such as 10.5 (or 50.0) instead of an int."""


def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    return n / batch_size
