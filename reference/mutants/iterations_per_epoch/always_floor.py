"""Mutant: floor division in every case, losing the short last batch even with drop_last=False."""


def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    return n // batch_size
