"""Alternative solution: ceil division with integers only, -(-n // b)."""


def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size}")
    if drop_last:
        return n // batch_size
    return -(-n // batch_size)
