"""Mutant: rounds up as n // batch_size + 1, which is one too many when the division is exact."""


def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    if drop_last:
        return n // batch_size
    return n // batch_size + 1
