"""Mutant: never checks batch_size: 0 divides by zero (ZeroDivisionError) and a negative
batch_size gives a negative count."""


def iterations_per_epoch(n, batch_size, drop_last=False):
    full_batches, leftover = divmod(n, batch_size)
    return full_batches if drop_last or leftover == 0 else full_batches + 1
