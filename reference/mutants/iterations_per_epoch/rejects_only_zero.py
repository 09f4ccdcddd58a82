"""Mutant: raises ValueError for batch_size == 0 only, so a negative batch_size gives a negative
count."""


def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size == 0:
        raise ValueError("batch_size must not be 0")
    full_batches, leftover = divmod(n, batch_size)
    return full_batches if drop_last or leftover == 0 else full_batches + 1
